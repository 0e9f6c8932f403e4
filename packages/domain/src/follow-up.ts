import { z } from "zod";
import { FOLLOW_UP_STAGES, FUNDING_SOURCES, INDICATOR_DIRECTIONS, MILESTONE_STATUSES, type Stage } from "./vocabulary";

/**
 * Follow-up (seguimiento) of a project (docs/domain.md): milestones, the physical progress plan,
 * monthly progress reports with their financial progress in MXN with centavos, indicators and
 * their measurements — the request schemas, shared by server and web forms — and the alerts the
 * office reads at a glance, computed by pure rules from those facts.
 */

const distinct = (list: readonly unknown[]) => new Set(list).size === list.length;

/** A follow-up period: one calendar month, 'YYYY-MM'. */
export const periodSchema = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, { error: "invalid_format" });

/** A calendar date, 'YYYY-MM-DD'. */
const dateSchema = z.iso.date();

/**
 * Pesos with centavos. The columns are numeric(15, 2): below 10^13 with two decimals, so an
 * amount the API accepts is always stored exactly.
 */
export const moneySchema = z.number().min(0).lt(1e13).multipleOf(0.01);

/** A percentage with at most two decimals (numeric(5, 2)). */
const pctSchema = z.number().min(0).max(100).multipleOf(0.01);

const text = (max: number) => z.string().trim().max(max);

// ---------------------------------------------------------------------------------------------
// Milestones

const milestoneFields = {
  title: text(200).min(1),
  plannedDate: dateSchema,
  actualDate: dateSchema.nullable(),
  status: z.enum(MILESTONE_STATUSES),
  responsibleOrgId: z.uuid().nullable(),
  notes: text(2000),
};

/** A milestone cannot be done without the date it was done on. */
const doneHasDate = (m: { status?: string | undefined; actualDate?: string | null | undefined }) =>
  m.status !== "done" || (m.actualDate !== null && m.actualDate !== undefined);

export const milestoneCreateSchema = z
  .strictObject({
    ...milestoneFields,
    actualDate: milestoneFields.actualDate.default(null),
    status: milestoneFields.status.default("pending"),
    responsibleOrgId: milestoneFields.responsibleOrgId.default(null),
    notes: milestoneFields.notes.default(""),
  })
  .refine(doneHasDate, { error: "required", path: ["actualDate"] });
export type MilestoneCreateInput = z.infer<typeof milestoneCreateSchema>;

/**
 * A milestone's changes. `status: "done"` with `actualDate: null` is refused here; done without an
 * actual date in the patch is checked by the server against the stored milestone.
 */
export const milestonePatchSchema = z
  .strictObject(milestoneFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { error: "no_changes" })
  .refine((patch) => !(patch.status === "done" && patch.actualDate === null), { error: "required", path: ["actualDate"] });
export type MilestonePatchInput = z.infer<typeof milestonePatchSchema>;

/** Whether a milestone, after a change, still has a date if it is done. */
export const milestoneIsConsistent = doneHasDate;

// ---------------------------------------------------------------------------------------------
// Progress plan

export const PROGRESS_PLAN_MAX_POINTS = 240;

export const progressPlanPointSchema = z.strictObject({
  period: periodSchema,
  plannedPhysicalPct: pctSchema,
  plannedSpent: moneySchema.nullable().default(null),
});
export type ProgressPlanPointInput = z.infer<typeof progressPlanPointSchema>;

/** True when the planned % never goes down from one month to a later one (the plan is cumulative). */
export function planIsCumulative(points: readonly { period: string; plannedPhysicalPct: number }[]): boolean {
  const sorted = [...points].sort((a, b) => a.period.localeCompare(b.period));
  return sorted.every((point, i) => i === 0 || point.plannedPhysicalPct >= (sorted[i - 1]?.plannedPhysicalPct ?? 0));
}

/** `PUT /api/projects/:id/progress-plan`: the whole plan, replacing the previous one. */
export const progressPlanSchema = z.strictObject({
  points: z
    .array(progressPlanPointSchema)
    .max(PROGRESS_PLAN_MAX_POINTS)
    .refine((points) => distinct(points.map((p) => p.period)), { error: "duplicates" })
    .refine(planIsCumulative, { error: "plan_not_cumulative" }),
});
export type ProgressPlanInput = z.infer<typeof progressPlanSchema>;

// ---------------------------------------------------------------------------------------------
// Progress reports

/** How far (in pesos) the per-source amounts may differ from the totals: half a centavo. */
const SOURCE_SUM_TOLERANCE = 0.005;

const sourceProgressSchema = z.strictObject({
  source: z.enum(FUNDING_SOURCES),
  authorized: moneySchema,
  committed: moneySchema,
  spent: moneySchema,
});
export type SourceProgressInput = z.infer<typeof sourceProgressSchema>;

type Amounts = { authorized: number; committed: number; spent: number };

/** True when the per-source amounts add up to the report's totals (within half a centavo). */
export function bySourceAddsUp(financial: Amounts & { bySource?: readonly Amounts[] | null | undefined }): boolean {
  const bySource = financial.bySource;
  if (!bySource || bySource.length === 0) return true;
  return (["authorized", "committed", "spent"] as const).every((key) => {
    // Sum in centavos: adding pesos as floats drifts (0.1 + 0.2).
    const cents = bySource.reduce((sum, s) => sum + Math.round(s[key] * 100), 0);
    return Math.abs(cents / 100 - financial[key]) < SOURCE_SUM_TOLERANCE;
  });
}

export const financialProgressSchema = z
  .strictObject({
    authorized: moneySchema,
    committed: moneySchema,
    spent: moneySchema,
    bySource: z
      .array(sourceProgressSchema)
      .max(FUNDING_SOURCES.length)
      .refine((list) => distinct(list.map((s) => s.source)), { error: "duplicates" })
      .nullable()
      .default(null),
  })
  // Committed above authorised, or spent above committed, happens (amendments on their way): allowed.
  .refine(bySourceAddsUp, { error: "by_source_sum", path: ["bySource"] });
export type FinancialProgressInput = z.infer<typeof financialProgressSchema>;

export const REPORT_MAX_PHOTOS = 12;

const reportFields = {
  physicalPct: pctSchema,
  financial: financialProgressSchema,
  narrative: text(20_000),
  photoAssetIds: z.array(z.uuid()).max(REPORT_MAX_PHOTOS).refine(distinct, { error: "duplicates" }),
};

export const progressReportCreateSchema = z.strictObject({
  period: periodSchema,
  ...reportFields,
  narrative: reportFields.narrative.default(""),
  photoAssetIds: reportFields.photoAssetIds.default([]),
});
export type ProgressReportCreateInput = z.infer<typeof progressReportCreateSchema>;

/** A report's changes; its period is its identity and does not change. */
export const progressReportPatchSchema = z
  .strictObject(reportFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { error: "no_changes" });
export type ProgressReportPatchInput = z.infer<typeof progressReportPatchSchema>;

// ---------------------------------------------------------------------------------------------
// Indicators

const finite = z.number().finite();

const indicatorFields = {
  name: text(200).min(1),
  unit: text(40).min(1),
  baseline: finite,
  target: finite,
  direction: z.enum(INDICATOR_DIRECTIONS),
  source: text(300),
};

export const indicatorCreateSchema = z.strictObject({
  ...indicatorFields,
  direction: indicatorFields.direction.default("increase"),
  source: indicatorFields.source.default(""),
});
export type IndicatorCreateInput = z.infer<typeof indicatorCreateSchema>;

export const indicatorPatchSchema = z
  .strictObject(indicatorFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { error: "no_changes" });
export type IndicatorPatchInput = z.infer<typeof indicatorPatchSchema>;

export const measurementCreateSchema = z.strictObject({
  measuredOn: dateSchema,
  value: finite,
  note: text(1000).default(""),
});
export type MeasurementCreateInput = z.infer<typeof measurementCreateSchema>;

// ---------------------------------------------------------------------------------------------
// Alerts

/** Where the alerts start: more than this many points apart (exactly at the threshold is no alert). */
export const FOLLOW_UP_THRESHOLDS = {
  /** Physical progress below the plan by more than this many percentage points. */
  behindPlanPoints: 10,
  /** Spent (as % of authorised) above physical progress by more than this many points. */
  spendingAheadPoints: 15,
};
export type FollowUpThresholds = typeof FOLLOW_UP_THRESHOLDS;

export const FOLLOW_UP_ALERT_CODES = ["milestone_late", "physical_behind_plan", "spending_ahead", "report_missing"] as const;
export type FollowUpAlertCode = (typeof FOLLOW_UP_ALERT_CODES)[number];

export type FollowUpAlert =
  | { code: "milestone_late"; milestoneId: string; title: string; plannedDate: string; daysLate: number }
  | { code: "physical_behind_plan"; period: string; actualPct: number; plannedPct: number; gap: number }
  | { code: "spending_ahead"; period: string; financialPct: number; physicalPct: number; gap: number }
  | { code: "report_missing"; period: string };

/** The facts the alerts read. Only the latest report matters for progress and spending. */
export interface FollowUpFacts {
  stage: Stage;
  milestones: readonly { id: string; title: string; plannedDate: string; status: string }[];
  plan: readonly { period: string; plannedPhysicalPct: number }[];
  reports: readonly { period: string; physicalPct: number; authorized: number; spent: number }[];
}

/** Stages in which a monthly report is expected (execution and its monitoring). */
export const REPORTING_STAGES = ["execution", "monitoring"] as const satisfies readonly Stage[];

/** Whether a project at this stage takes progress reports. */
export const isFollowUpStage = (stage: string): boolean => (FOLLOW_UP_STAGES as readonly string[]).includes(stage);

/** The calendar month before the one of a 'YYYY-MM-DD' date, as 'YYYY-MM'. */
export function previousPeriod(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

const DAY_MS = 86_400_000;
/** Whole days from one 'YYYY-MM-DD' date to a later one. */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Two decimals, as the API shows percentages (and so that 0.4 × 100 compares as 40). */
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The alerts of a project's follow-up on `today` ('YYYY-MM-DD'), pure: late milestones (pending or
 * in progress with their planned date past) by planned date, then physical progress behind plan and
 * spending ahead of physical progress (both from the latest report), then a missing report for last
 * month while the project is executing or monitored.
 */
export function followUpAlerts(facts: FollowUpFacts, today: string, thresholds: FollowUpThresholds = FOLLOW_UP_THRESHOLDS): FollowUpAlert[] {
  const alerts: FollowUpAlert[] = [];

  const late = facts.milestones
    .filter((m) => (m.status === "pending" || m.status === "in_progress") && m.plannedDate < today)
    .sort((a, b) => a.plannedDate.localeCompare(b.plannedDate) || a.title.localeCompare(b.title, "es"));
  for (const m of late) {
    alerts.push({ code: "milestone_late", milestoneId: m.id, title: m.title, plannedDate: m.plannedDate, daysLate: daysBetween(m.plannedDate, today) });
  }

  const latest = facts.reports.reduce<FollowUpFacts["reports"][number] | null>(
    (best, report) => (best === null || report.period > best.period ? report : best),
    null,
  );
  if (latest) {
    const planPoint = facts.plan
      .filter((p) => p.period <= latest.period)
      .reduce<FollowUpFacts["plan"][number] | null>((best, p) => (best === null || p.period > best.period ? p : best), null);
    if (planPoint) {
      const gap = round2(planPoint.plannedPhysicalPct - latest.physicalPct);
      if (gap > thresholds.behindPlanPoints) {
        alerts.push({ code: "physical_behind_plan", period: latest.period, actualPct: latest.physicalPct, plannedPct: planPoint.plannedPhysicalPct, gap });
      }
    }
    if (latest.authorized > 0) {
      const financialPct = round2((latest.spent * 100) / latest.authorized);
      const gap = round2(financialPct - latest.physicalPct);
      if (gap > thresholds.spendingAheadPoints) {
        alerts.push({ code: "spending_ahead", period: latest.period, financialPct, physicalPct: latest.physicalPct, gap });
      }
    }
  }

  if ((REPORTING_STAGES as readonly string[]).includes(facts.stage)) {
    const period = previousPeriod(today);
    if (!facts.reports.some((r) => r.period === period)) alerts.push({ code: "report_missing", period });
  }

  return alerts;
}
