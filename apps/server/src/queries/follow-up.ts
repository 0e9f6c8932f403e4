import { and, asc, desc, eq, inArray } from "@taller/db/sql";
import { followUpAlerts, previousPeriod, type FollowUpAlert, type FollowUpFacts, type Stage } from "@taller/domain";
import {
  indicatorMeasurements,
  indicators,
  milestones,
  organizations,
  progressPlanPoints,
  progressReports,
  type Executor,
  type Indicator,
  type IndicatorMeasurement,
  type Milestone,
  type Organization,
  type ProgressPlanPoint,
  type ProgressReport,
} from "@taller/db";
import type { PersonRecord } from "../presenters/people";
import { peopleByIds } from "./threads";

/**
 * The institute's calendar day, 'YYYY-MM-DD' in America/Mexico_City (the zone exports use): what
 * "late" and "last month" mean for the alerts, wherever the server runs.
 */
export function officeToday(now: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Mexico_City", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** numeric columns come back as strings; amounts and percentages have two decimals, exact as numbers. */
export const amount = (value: string): number => Number(value);
export const optionalAmount = (value: string | null): number | null => (value === null ? null : Number(value));

export interface FollowUpRecord {
  milestones: { milestone: Milestone; org: Organization | null }[];
  plan: ProgressPlanPoint[];
  reports: ProgressReport[];
  indicators: { indicator: Indicator; measurements: IndicatorMeasurement[] }[];
  people: Map<string, PersonRecord>;
}

/** Everything of one project's follow-up: milestones by planned date, plan and reports by period, indicators with their measurements by date. */
export async function loadFollowUp(db: Executor, projectId: string): Promise<FollowUpRecord> {
  const [milestoneRows, plan, reports, indicatorRows] = await Promise.all([
    db
      .select({ milestone: milestones, org: organizations })
      .from(milestones)
      .leftJoin(organizations, eq(organizations.id, milestones.responsibleOrgId))
      .where(eq(milestones.projectId, projectId))
      .orderBy(asc(milestones.plannedDate), asc(milestones.createdAt)),
    db.select().from(progressPlanPoints).where(eq(progressPlanPoints.projectId, projectId)).orderBy(asc(progressPlanPoints.period)),
    db.select().from(progressReports).where(eq(progressReports.projectId, projectId)).orderBy(asc(progressReports.period)),
    db.select().from(indicators).where(eq(indicators.projectId, projectId)).orderBy(asc(indicators.createdAt), asc(indicators.name)),
  ]);
  const measurements =
    indicatorRows.length === 0
      ? []
      : await db
          .select()
          .from(indicatorMeasurements)
          .where(inArray(indicatorMeasurements.indicatorId, indicatorRows.map((i) => i.id)))
          .orderBy(asc(indicatorMeasurements.measuredOn));
  const people = await peopleByIds(db, [
    ...milestoneRows.map((m) => m.milestone.createdBy),
    ...reports.map((r) => r.reportedBy),
    ...measurements.map((m) => m.recordedBy),
  ]);
  const measurementsOf = groupBy(measurements, (m) => m.indicatorId);
  return {
    milestones: milestoneRows,
    plan,
    reports,
    indicators: indicatorRows.map((indicator) => ({ indicator, measurements: measurementsOf.get(indicator.id) ?? [] })),
    people,
  };
}

/** The facts the alert rules read, from a loaded follow-up. */
export function factsOf(stage: Stage, record: Pick<FollowUpRecord, "milestones" | "plan" | "reports">): FollowUpFacts {
  return {
    stage,
    milestones: record.milestones.map(({ milestone: m }) => ({ id: m.id, title: m.title, plannedDate: m.plannedDate, status: m.status })),
    plan: record.plan.map((p) => ({ period: p.period, plannedPhysicalPct: amount(p.plannedPhysicalPct) })),
    reports: record.reports.map((r) => ({ period: r.period, physicalPct: amount(r.physicalPct), authorized: amount(r.authorized), spent: amount(r.spent) })),
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The latest progress report of each project (by period), one query. */
export async function latestReports(db: Executor, projectIds: string[]): Promise<Map<string, ProgressReport>> {
  const latest = new Map<string, ProgressReport>();
  if (projectIds.length === 0) return latest;
  const rows = await db
    .selectDistinctOn([progressReports.projectId])
    .from(progressReports)
    .where(inArray(progressReports.projectId, projectIds))
    .orderBy(progressReports.projectId, desc(progressReports.period));
  for (const row of rows) latest.set(row.projectId, row);
  return latest;
}

/**
 * The alerts of many projects at once (the portfolio, the dashboard): their open milestones, plan
 * points, latest report and whether last month was reported, in four queries whatever the number
 * of projects. Only what the rules read is loaded: the latest report decides progress and spending,
 * and one more period (last month) decides whether a report is missing.
 */
export async function alertsByProject(db: Executor, projects: readonly { id: string; stage: Stage }[], today = officeToday()): Promise<Map<string, FollowUpAlert[]>> {
  const result = new Map<string, FollowUpAlert[]>();
  if (projects.length === 0) return result;
  const ids = projects.map((p) => p.id);
  const lastMonth = previousPeriod(today);
  const [open, plan, latest, lastMonthReports] = await Promise.all([
    db
      .select({ projectId: milestones.projectId, id: milestones.id, title: milestones.title, plannedDate: milestones.plannedDate, status: milestones.status })
      .from(milestones)
      .where(and(inArray(milestones.projectId, ids), inArray(milestones.status, ["pending", "in_progress"]))),
    db
      .select({ projectId: progressPlanPoints.projectId, period: progressPlanPoints.period, plannedPhysicalPct: progressPlanPoints.plannedPhysicalPct })
      .from(progressPlanPoints)
      .where(inArray(progressPlanPoints.projectId, ids)),
    latestReports(db, ids),
    db
      .select({ projectId: progressReports.projectId })
      .from(progressReports)
      .where(and(inArray(progressReports.projectId, ids), eq(progressReports.period, lastMonth))),
  ]);
  const reported = new Set(lastMonthReports.map((r) => r.projectId));
  const openOf = groupBy(open, (m) => m.projectId);
  const planOf = groupBy(plan, (p) => p.projectId);
  for (const project of projects) {
    const report = latest.get(project.id);
    const reports: FollowUpFacts["reports"][number][] = [];
    if (report) reports.push({ period: report.period, physicalPct: amount(report.physicalPct), authorized: amount(report.authorized), spent: amount(report.spent) });
    // Last month's report, when it is not the latest, matters only for "missing": its figures are not read.
    if (reported.has(project.id) && report?.period !== lastMonth) reports.push({ period: lastMonth, physicalPct: 0, authorized: 0, spent: 0 });
    const facts: FollowUpFacts = {
      stage: project.stage,
      milestones: openOf.get(project.id) ?? [],
      plan: (planOf.get(project.id) ?? []).map((p) => ({ period: p.period, plannedPhysicalPct: amount(p.plannedPhysicalPct) })),
      reports,
    };
    result.set(project.id, followUpAlerts(facts, today));
  }
  return result;
}
