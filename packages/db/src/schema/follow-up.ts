import { check, date, doublePrecision, index, jsonb, numeric, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { FundingSource, IndicatorDirection, MilestoneStatus } from "@taller/domain/vocabulary";
import { createdAt, id, updatedAt } from "./columns";
import { organizations } from "./organizations";
import { projectRef } from "./projects";
import { personRef } from "./users";

/** A period of follow-up: a calendar month, 'YYYY-MM'. */
const periodCheck = (name: string, column: unknown) => check(name, sql`${column} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`);

/** Milestones (hitos) of a project: planned and actual dates, status, the agency responsible. */
export const milestones = pgTable(
  "milestones",
  {
    id: id(),
    projectId: projectRef(),
    title: text("title").notNull(),
    plannedDate: date("planned_date", { mode: "string" }).notNull(),
    actualDate: date("actual_date", { mode: "string" }),
    status: text("status").$type<MilestoneStatus>().notNull().default("pending"),
    responsibleOrgId: uuid("responsible_org_id").references(() => organizations.id),
    notes: text("notes").notNull().default(""),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("milestones_project_idx").on(t.projectId, t.plannedDate),
    check("milestones_status_check", sql`${t.status} IN ('pending', 'in_progress', 'done', 'cancelled')`),
    check("milestones_done_check", sql`${t.status} <> 'done' OR ${t.actualDate} IS NOT NULL`),
  ],
);

/**
 * The physical progress plan: the cumulative % (and optionally the cumulative spending) planned
 * at the end of each month. The S-curve's planned line; the "behind plan" alert compares to it.
 */
export const progressPlanPoints = pgTable(
  "progress_plan_points",
  {
    projectId: projectRef(),
    period: text("period").notNull(),
    plannedPhysicalPct: numeric("planned_physical_pct", { precision: 5, scale: 2 }).notNull(),
    plannedSpent: numeric("planned_spent", { precision: 15, scale: 2 }),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.period] }),
    periodCheck("progress_plan_points_period_check", t.period),
    check("progress_plan_points_pct_check", sql`${t.plannedPhysicalPct} >= 0 AND ${t.plannedPhysicalPct} <= 100`),
  ],
);

/** Financial progress of one funding source in a report, pesos with centavos. */
export interface SourceProgress {
  source: FundingSource;
  authorized: number;
  committed: number;
  spent: number;
}

/**
 * A periodic progress report (monthly): cumulative physical progress %, financial progress
 * (authorised, committed, spent in MXN with centavos, and per funding source when given), a
 * narrative, photos (assets of the project) and who reported it. One per project and month.
 */
export const progressReports = pgTable(
  "progress_reports",
  {
    id: id(),
    projectId: projectRef(),
    period: text("period").notNull(),
    physicalPct: numeric("physical_pct", { precision: 5, scale: 2 }).notNull(),
    authorized: numeric("authorized", { precision: 15, scale: 2 }).notNull(),
    committed: numeric("committed", { precision: 15, scale: 2 }).notNull(),
    spent: numeric("spent", { precision: 15, scale: 2 }).notNull(),
    bySource: jsonb("by_source").$type<SourceProgress[]>(),
    narrative: text("narrative").notNull().default(""),
    photoAssetIds: jsonb("photo_asset_ids").$type<string[]>().notNull().default([]),
    reportedBy: personRef("reported_by"),
    reportedAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("progress_reports_project_period_key").on(t.projectId, t.period),
    periodCheck("progress_reports_period_check", t.period),
    check("progress_reports_pct_check", sql`${t.physicalPct} >= 0 AND ${t.physicalPct} <= 100`),
    check("progress_reports_amounts_check", sql`${t.authorized} >= 0 AND ${t.committed} >= 0 AND ${t.spent} >= 0`),
  ],
);

/** An indicator of a project: what is measured, from where to where, and from which source. */
export const indicators = pgTable(
  "indicators",
  {
    id: id(),
    projectId: projectRef(),
    name: text("name").notNull(),
    unit: text("unit").notNull(),
    baseline: doublePrecision("baseline").notNull(),
    target: doublePrecision("target").notNull(),
    direction: text("direction").$type<IndicatorDirection>().notNull().default("increase"),
    source: text("source").notNull().default(""),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("indicators_project_idx").on(t.projectId),
    check("indicators_direction_check", sql`${t.direction} IN ('increase', 'decrease')`),
  ],
);

/** One measurement of an indicator, at most one per date. */
export const indicatorMeasurements = pgTable(
  "indicator_measurements",
  {
    id: id(),
    indicatorId: uuid("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    measuredOn: date("measured_on", { mode: "string" }).notNull(),
    value: doublePrecision("value").notNull(),
    note: text("note").notNull().default(""),
    recordedBy: personRef("recorded_by"),
    recordedAt: createdAt(),
  },
  (t) => [unique("indicator_measurements_indicator_date_key").on(t.indicatorId, t.measuredOn)],
);

export type Milestone = typeof milestones.$inferSelect;
export type ProgressPlanPoint = typeof progressPlanPoints.$inferSelect;
export type ProgressReport = typeof progressReports.$inferSelect;
export type Indicator = typeof indicators.$inferSelect;
export type IndicatorMeasurement = typeof indicatorMeasurements.$inferSelect;
