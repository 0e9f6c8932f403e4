import { isFollowUpStage, projectAbilities, type Actor, type FollowUpAlert, type ProjectRole, type Stage } from "@taller/domain";
import type { Indicator, IndicatorMeasurement, Milestone, Organization, ProgressPlanPoint, ProgressReport } from "@taller/db";
import { amount, optionalAmount, type FollowUpRecord } from "../queries/follow-up";
import type { PersonRecord } from "./people";

/**
 * The API shapes of follow-up. Amounts are JSON numbers in pesos with centavos (numeric(15, 2)
 * read back exactly: 1500000.5 stays 1500000.5); percentages have two decimals.
 */

type People = Map<string, PersonRecord>;

const personRef = (people: People, id: string) => ({ id, name: people.get(id)?.name ?? "" });

export function presentMilestone(milestone: Milestone, org: Pick<Organization, "id" | "name" | "shortName"> | null, people: People) {
  return {
    id: milestone.id,
    title: milestone.title,
    plannedDate: milestone.plannedDate,
    actualDate: milestone.actualDate,
    status: milestone.status,
    responsibleOrg: org ? { id: org.id, name: org.name, shortName: org.shortName } : null,
    notes: milestone.notes,
    createdBy: personRef(people, milestone.createdBy),
    updatedAt: milestone.updatedAt,
  };
}

export const presentPlanPoint = (point: ProgressPlanPoint) => ({
  period: point.period,
  plannedPhysicalPct: amount(point.plannedPhysicalPct),
  plannedSpent: optionalAmount(point.plannedSpent),
});

/** An asset's URL, as document images have it (routes/assets.ts). */
export const assetUrl = (assetId: string) => `/api/assets/${assetId}`;

export function presentReport(report: ProgressReport, people: People) {
  const reporter = people.get(report.reportedBy);
  return {
    id: report.id,
    period: report.period,
    physicalPct: amount(report.physicalPct),
    financial: {
      authorized: amount(report.authorized),
      committed: amount(report.committed),
      spent: amount(report.spent),
      bySource: report.bySource,
    },
    narrative: report.narrative,
    photos: report.photoAssetIds.map((id) => ({ id, url: assetUrl(id) })),
    reportedBy: { id: report.reportedBy, name: reporter?.name ?? "", orgShortName: reporter?.org.shortName ?? null },
    reportedAt: report.reportedAt,
    updatedAt: report.updatedAt,
  };
}

export const presentMeasurement = (measurement: IndicatorMeasurement, people: People) => ({
  id: measurement.id,
  measuredOn: measurement.measuredOn,
  value: measurement.value,
  note: measurement.note,
  recordedBy: personRef(people, measurement.recordedBy),
});

export const presentIndicator = (indicator: Indicator, measurements: IndicatorMeasurement[], people: People) => ({
  id: indicator.id,
  name: indicator.name,
  unit: indicator.unit,
  baseline: indicator.baseline,
  target: indicator.target,
  direction: indicator.direction,
  source: indicator.source,
  measurements: measurements.map((m) => presentMeasurement(m, people)),
});

/** `GET /api/projects/:id/follow-up`: the whole follow-up, its alerts and what the reader may do. */
export function presentFollowUp(
  actor: Actor,
  { stage, role, today, alerts }: { stage: Stage; role: ProjectRole | null; today: string; alerts: FollowUpAlert[] },
  record: FollowUpRecord,
) {
  const inFollowUp = isFollowUpStage(stage);
  const edit = projectAbilities(actor, { role }).editFollowUp;
  return {
    stage,
    inFollowUp,
    today,
    milestones: record.milestones.map(({ milestone, org }) => presentMilestone(milestone, org, record.people)),
    plan: record.plan.map(presentPlanPoint),
    reports: record.reports.map((r) => presentReport(r, record.people)),
    indicators: record.indicators.map(({ indicator, measurements }) => presentIndicator(indicator, measurements, record.people)),
    alerts,
    abilities: { edit, report: edit && inFollowUp },
  };
}
