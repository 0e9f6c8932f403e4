import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  FOLLOW_UP_THRESHOLDS,
  followUpAlerts,
  milestoneCreateSchema,
  milestonePatchSchema,
  previousPeriod,
  progressPlanSchema,
  progressReportCreateSchema,
  progressReportPatchSchema,
  indicatorCreateSchema,
  measurementCreateSchema,
  type FollowUpFacts,
} from "./follow-up";
import { inputIssues, parseOptions } from "./validation";

const issues = (result: { success: boolean; error?: { issues: readonly z.core.$ZodIssue[] } }) =>
  result.success || !result.error ? [] : inputIssues(result.error);

const none: FollowUpFacts = { stage: "execution", milestones: [], plan: [], reports: [] };
const TODAY = "2026-05-15";
/** A report for April (the month before TODAY), so report_missing stays out of the way. */
const april = (physicalPct: number, authorized = 0, spent = 0) => ({ period: "2026-04", physicalPct, authorized, spent });
const codes = (facts: Partial<FollowUpFacts>, today = TODAY) => followUpAlerts({ ...none, ...facts }, today).map((a) => a.code);

describe("followUpAlerts: late milestones", () => {
  it("flags pending and in-progress milestones whose planned date is past, with the days late, by planned date", () => {
    const alerts = followUpAlerts(
      {
        ...none,
        reports: [april(50)],
        milestones: [
          { id: "b", title: "Licitación", plannedDate: "2026-05-01", status: "in_progress" },
          { id: "a", title: "Proyecto ejecutivo", plannedDate: "2026-03-15", status: "pending" },
          { id: "c", title: "Hoy", plannedDate: TODAY, status: "pending" },
          { id: "d", title: "Futuro", plannedDate: "2026-06-01", status: "pending" },
        ],
      },
      TODAY,
    );
    expect(alerts).toEqual([
      { code: "milestone_late", milestoneId: "a", title: "Proyecto ejecutivo", plannedDate: "2026-03-15", daysLate: 61 },
      { code: "milestone_late", milestoneId: "b", title: "Licitación", plannedDate: "2026-05-01", daysLate: 14 },
    ]);
  });

  it("does not flag done or cancelled milestones, however late", () => {
    const milestones = [
      { id: "a", title: "Hecho", plannedDate: "2025-01-01", status: "done" },
      { id: "b", title: "Cancelado", plannedDate: "2025-01-01", status: "cancelled" },
    ];
    expect(codes({ milestones, reports: [april(10)] })).toEqual([]);
  });

  it("puts late milestones before the other alerts", () => {
    const alerts = codes({
      milestones: [{ id: "a", title: "Obra", plannedDate: "2026-01-01", status: "pending" }],
      plan: [{ period: "2026-03", plannedPhysicalPct: 60 }],
      reports: [{ period: "2026-03", physicalPct: 20, authorized: 100, spent: 90 }],
    });
    expect(alerts).toEqual(["milestone_late", "physical_behind_plan", "spending_ahead", "report_missing"]);
  });
});

describe("followUpAlerts: physical progress behind plan", () => {
  it("compares the latest report with the plan point of its month", () => {
    const alerts = followUpAlerts(
      {
        ...none,
        plan: [
          { period: "2026-03", plannedPhysicalPct: 30 },
          { period: "2026-04", plannedPhysicalPct: 45 },
        ],
        reports: [
          { period: "2026-03", physicalPct: 5, authorized: 0, spent: 0 },
          april(30),
        ],
      },
      TODAY,
    );
    expect(alerts).toEqual([{ code: "physical_behind_plan", period: "2026-04", actualPct: 30, plannedPct: 45, gap: 15 }]);
  });

  it("uses the last plan point before the report's month when that month has none", () => {
    const plan = [
      { period: "2026-01", plannedPhysicalPct: 10 },
      { period: "2026-02", plannedPhysicalPct: 40 },
      { period: "2026-06", plannedPhysicalPct: 90 },
    ];
    expect(codes({ plan, reports: [april(25)] })).toEqual(["physical_behind_plan"]);
    expect(codes({ plan, reports: [april(30)] })).toEqual([]);
  });

  it("gives no alert exactly at the threshold, and one just beyond it", () => {
    const plan = [{ period: "2026-04", plannedPhysicalPct: 40.3 }];
    expect(codes({ plan, reports: [april(30.3)] })).toEqual([]);
    expect(codes({ plan, reports: [april(30.29)] })).toEqual(["physical_behind_plan"]);
  });

  it("gives no alert without a plan point at or before the report", () => {
    expect(codes({ plan: [{ period: "2026-05", plannedPhysicalPct: 100 }], reports: [april(0)] })).toEqual([]);
  });

  it("takes its threshold from the thresholds given", () => {
    const facts = { ...none, plan: [{ period: "2026-04", plannedPhysicalPct: 40 }], reports: [april(35)] };
    expect(followUpAlerts(facts, TODAY).map((a) => a.code)).toEqual([]);
    expect(followUpAlerts(facts, TODAY, { ...FOLLOW_UP_THRESHOLDS, behindPlanPoints: 4 }).map((a) => a.code)).toEqual(["physical_behind_plan"]);
  });
});

describe("followUpAlerts: spending ahead of physical progress", () => {
  it("flags spent % of authorised above physical progress by more than the threshold", () => {
    const alerts = followUpAlerts({ ...none, reports: [april(20, 1_500_000.5, 600_000.2)] }, TODAY);
    expect(alerts).toEqual([{ code: "spending_ahead", period: "2026-04", financialPct: 40, physicalPct: 20, gap: 20 }]);
  });

  it("gives no alert exactly at the threshold (0.4 × 100 is 40, not 40.00000000000001)", () => {
    expect(codes({ reports: [april(25, 100, 40)] })).toEqual([]);
    expect(codes({ reports: [april(24.99, 100, 40)] })).toEqual(["spending_ahead"]);
  });

  it("gives no alert when nothing is authorised", () => {
    expect(codes({ reports: [april(0, 0, 500)] })).toEqual([]);
  });

  it("reads only the latest report", () => {
    const reports = [
      { period: "2026-03", physicalPct: 0, authorized: 100, spent: 100 },
      april(90, 100, 100),
    ];
    expect(codes({ reports })).toEqual([]);
  });
});

describe("followUpAlerts: missing report", () => {
  it("asks for last month's report while the project is executing or monitored", () => {
    expect(followUpAlerts({ ...none, stage: "execution" }, TODAY)).toEqual([{ code: "report_missing", period: "2026-04" }]);
    expect(codes({ stage: "monitoring" })).toEqual(["report_missing"]);
    expect(codes({ stage: "monitoring", reports: [april(10)] })).toEqual([]);
    // A report of another month does not count.
    expect(codes({ stage: "execution", reports: [{ period: "2026-03", physicalPct: 10, authorized: 0, spent: 0 }] })).toEqual(["report_missing"]);
  });

  it("does not ask for reports at other stages", () => {
    for (const stage of ["idea", "feasibility", "executive_project", "ex_post"] as const) {
      expect(codes({ stage }), stage).toEqual([]);
    }
  });

  it("in January asks for December of the year before", () => {
    expect(followUpAlerts(none, "2027-01-03")).toEqual([{ code: "report_missing", period: "2026-12" }]);
    expect(previousPeriod("2026-10-31")).toBe("2026-09");
  });
});

describe("follow-up input schemas", () => {
  it("needs an actual date for a done milestone", () => {
    const done = milestoneCreateSchema.safeParse({ title: "Entrega", plannedDate: "2026-03-01", status: "done" }, parseOptions);
    expect(issues(done)).toEqual([{ path: "actualDate", code: "required" }]);
    const ok = milestoneCreateSchema.parse({ title: " Entrega ", plannedDate: "2026-03-01" });
    expect(ok).toEqual({ title: "Entrega", plannedDate: "2026-03-01", actualDate: null, status: "pending", responsibleOrgId: null, notes: "" });
    expect(issues(milestoneCreateSchema.safeParse({ title: "x", plannedDate: "2026-02-30" }, parseOptions))).toEqual([{ path: "plannedDate", code: "invalid_format" }]);
    expect(issues(milestonePatchSchema.safeParse({}, parseOptions))).toEqual([{ path: "", code: "no_changes" }]);
    expect(issues(milestonePatchSchema.safeParse({ status: "done", actualDate: null }, parseOptions))).toEqual([{ path: "actualDate", code: "required" }]);
  });

  it("keeps the plan cumulative and one point per month", () => {
    const point = (period: string, plannedPhysicalPct: number) => ({ period, plannedPhysicalPct });
    expect(progressPlanSchema.parse({ points: [point("2026-02", 20), point("2026-01", 10)] }).points[0]).toEqual({ ...point("2026-02", 20), plannedSpent: null });
    expect(issues(progressPlanSchema.safeParse({ points: [point("2026-01", 30), point("2026-02", 20)] }, parseOptions))).toEqual([{ path: "points", code: "plan_not_cumulative" }]);
    expect(issues(progressPlanSchema.safeParse({ points: [point("2026-01", 10), point("2026-01", 10)] }, parseOptions))).toEqual([{ path: "points", code: "duplicates" }]);
    expect(issues(progressPlanSchema.safeParse({ points: [point("2026-13", 10)] }, parseOptions))).toEqual([{ path: "points.0.period", code: "invalid_format" }]);
  });

  it("accepts pesos with centavos and refuses fractions of a centavo", () => {
    const report = { period: "2026-04", physicalPct: 12.5, financial: { authorized: 1_500_000.5, committed: 900_000.25, spent: 0.01 } };
    expect(progressReportCreateSchema.parse(report).financial).toEqual({ ...report.financial, bySource: null });
    const precise = progressReportCreateSchema.safeParse({ ...report, financial: { ...report.financial, spent: 0.001 } }, parseOptions);
    expect(issues(precise)).toEqual([{ path: "financial.spent", code: "too_precise" }]);
    expect(issues(progressReportCreateSchema.safeParse({ ...report, physicalPct: 100.01 }, parseOptions))).toEqual([{ path: "physicalPct", code: "too_large" }]);
  });

  it("needs the per-source amounts to add up to the totals", () => {
    const financial = {
      authorized: 0.3,
      committed: 0.3,
      spent: 0.3,
      bySource: [
        { source: "federal", authorized: 0.1, committed: 0.1, spent: 0.1 },
        { source: "state", authorized: 0.2, committed: 0.2, spent: 0.2 },
      ],
    };
    expect(progressReportCreateSchema.safeParse({ period: "2026-04", physicalPct: 1, financial }).success).toBe(true);
    const off = { ...financial, spent: 0.31 };
    expect(issues(progressReportCreateSchema.safeParse({ period: "2026-04", physicalPct: 1, financial: off }, parseOptions))).toEqual([
      { path: "financial.bySource", code: "by_source_sum" },
    ]);
    const twice = { ...financial, bySource: [financial.bySource[0], { ...financial.bySource[1], source: "federal" }] };
    expect(issues(progressReportCreateSchema.safeParse({ period: "2026-04", physicalPct: 1, financial: twice }, parseOptions))).toContainEqual({
      path: "financial.bySource",
      code: "duplicates",
    });
  });

  it("does not let a report's period change", () => {
    expect(issues(progressReportPatchSchema.safeParse({ period: "2026-05" }, parseOptions))).toContainEqual({ path: "", code: "unknown_field" });
    expect(progressReportPatchSchema.safeParse({ narrative: "Avance" }).success).toBe(true);
  });

  it("indicators and measurements need finite numbers", () => {
    expect(indicatorCreateSchema.parse({ name: "Cobertura", unit: "%", baseline: 40, target: 80 })).toMatchObject({ direction: "increase", source: "" });
    expect(issues(indicatorCreateSchema.safeParse({ name: "x", unit: "u", baseline: 0, target: Infinity }, parseOptions))).toHaveLength(1);
    expect(measurementCreateSchema.parse({ measuredOn: "2026-04-30", value: 52.5 })).toEqual({ measuredOn: "2026-04-30", value: 52.5, note: "" });
  });
});
