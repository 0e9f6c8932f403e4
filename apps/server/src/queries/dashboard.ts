import { inArray } from "@taller/db/sql";
import {
  FUNDING_SOURCES,
  isFollowUpStage,
  PROJECT_KINDS,
  STAGES,
  type Actor,
  type FollowUpAlert,
  type FundingSource,
  type LandUseCompatibility,
  type ProjectKind,
  type Stage,
} from "@taller/domain";
import { projectTerritory, type Executor, type ProgressReport } from "@taller/db";
import type { ProjectRecord } from "../presenters/projects";
import { amount, latestReports } from "./follow-up";
import { listProjects, type ProjectFilters } from "./projects";

/**
 * The portfolio dashboard: the projects `GET /api/projects` would list for the same actor and
 * filters, counted and added up by stage, kind, microregion, lead agency and funding source, with
 * the latest progress report of those in follow-up and the ones with alerts. Amounts are added in
 * centavos (integers), so the totals are exact.
 */

/** What the territory computed for a project, as far as the dashboard reads it (project_territory.result). */
export interface TerritorySummary {
  microregion: string | null;
  compatibility: LandUseCompatibility | null;
  decidedBy: string | null;
}

function territorySummary(result: Record<string, unknown> | undefined): TerritorySummary | null {
  if (!result) return null;
  const microregions = Array.isArray(result.microregions) ? result.microregions.filter((m): m is string => typeof m === "string") : [];
  const compatibility = typeof result.compatibility === "string" ? (result.compatibility as LandUseCompatibility) : null;
  return { microregion: microregions[0] ?? null, compatibility, decidedBy: typeof result.decidedBy === "string" ? result.decidedBy : null };
}

/** One visible project with what the dashboard and its CSV read. */
export interface DashboardRow {
  record: ProjectRecord;
  /** Estimated amount in centavos (0 when not estimated). */
  amountCents: number;
  /** The estimated amount split by funding share, in centavos; null without funding shares. */
  bySource: Record<FundingSource, number> | null;
  /** The computed territory's first microregion, else the declared one, else null. */
  microregion: string | null;
  territory: TerritorySummary | null;
  latestReport: ProgressReport | null;
  alerts: FollowUpAlert[];
}

const toCents = (pesos: number) => Math.round(pesos * 100);
const toPesos = (cents: number) => cents / 100;

/** The rows of the dashboard and its CSV: the listed projects with territory, latest report and alerts (three queries beyond the list's). */
export async function dashboardRows(db: Executor, actor: Actor, filters: ProjectFilters): Promise<DashboardRow[]> {
  const records = await listProjects(db, actor, filters);
  const ids = records.map((r) => r.project.id);
  const [territories, latest] = await Promise.all([
    ids.length === 0 ? [] : db.select().from(projectTerritory).where(inArray(projectTerritory.projectId, ids)),
    latestReports(db, ids),
  ]);
  const territoryOf = new Map(territories.map((t) => [t.projectId, territorySummary(t.result)]));
  return records.map((record) => {
    const { project } = record;
    const amountCents = project.estimatedAmountMxn === null ? 0 : toCents(Number(project.estimatedAmountMxn));
    const funding = project.funding;
    const bySource = funding
      ? (Object.fromEntries(FUNDING_SOURCES.map((s) => [s, Math.round((amountCents * funding[s]) / 100)])) as Record<FundingSource, number>)
      : null;
    const territory = territoryOf.get(project.id) ?? null;
    return {
      record,
      amountCents,
      bySource,
      microregion: territory?.microregion ?? project.location?.microregion ?? null,
      territory,
      latestReport: latest.get(project.id) ?? null,
      alerts: record.alerts,
    };
  });
}

interface Bucket<K> {
  key: K;
  count: number;
  amountMxn: number;
}

/** Counts and amounts per key: the `keys` first in their order (zeros included), then the others by count, then amount, then name. */
function group<K>(rows: readonly DashboardRow[], keyOf: (row: DashboardRow) => K, keys: readonly K[] = []): Bucket<K>[] {
  const buckets = new Map<K, { count: number; cents: number }>(keys.map((k) => [k, { count: 0, cents: 0 }]));
  for (const row of rows) {
    const key = keyOf(row);
    const bucket = buckets.get(key) ?? { count: 0, cents: 0 };
    bucket.count += 1;
    bucket.cents += row.amountCents;
    buckets.set(key, bucket);
  }
  const fixed = new Set(keys);
  const entries = [...buckets.entries()].map(([key, b]) => ({ key, count: b.count, cents: b.cents }));
  const others = entries
    .filter((e) => !fixed.has(e.key))
    .sort((a, b) => b.count - a.count || b.cents - a.cents || String(a.key ?? "\uffff").localeCompare(String(b.key ?? "\uffff"), "es"));
  return [...entries.filter((e) => fixed.has(e.key)), ...others].map(({ key, count, cents }) => ({ key, count, amountMxn: toPesos(cents) }));
}

export const NO_LEAD_ORG_LABEL = "Sin dependencia";

export function presentDashboard(rows: readonly DashboardRow[]) {
  const totalCents = rows.reduce((sum, r) => sum + r.amountCents, 0);
  const leadLabels = new Map(rows.map((r) => [r.record.leadOrg?.id ?? null, r.record.leadOrg?.shortName ?? NO_LEAD_ORG_LABEL]));
  const inFollowUp = rows.filter((r) => isFollowUpStage(r.record.project.stage));
  const followUpSum = (key: "authorized" | "committed" | "spent") =>
    toPesos(inFollowUp.reduce((sum, r) => sum + (r.latestReport ? toCents(amount(r.latestReport[key])) : 0), 0));
  return {
    totals: { projects: rows.length, amountMxn: toPesos(totalCents) },
    byStage: group<Stage>(rows, (r) => r.record.project.stage, STAGES),
    byKind: group<ProjectKind>(rows, (r) => r.record.project.kind, PROJECT_KINDS),
    byMicroregion: group<string | null>(rows, (r) => r.microregion),
    byLeadOrg: group<string | null>(rows, (r) => r.record.leadOrg?.id ?? null).map((b) => ({ ...b, label: leadLabels.get(b.key) ?? NO_LEAD_ORG_LABEL })),
    byFundingSource: FUNDING_SOURCES.map((key) => ({ key, amountMxn: toPesos(rows.reduce((sum, r) => sum + (r.bySource?.[key] ?? 0), 0)) })),
    followUp: { projects: inFollowUp.length, authorized: followUpSum("authorized"), committed: followUpSum("committed"), spent: followUpSum("spent") },
    withAlerts: rows
      .filter((r) => r.alerts.length > 0)
      .sort((a, b) => b.alerts.length - a.alerts.length || a.record.project.clave.localeCompare(b.record.project.clave))
      .map((r) => ({ id: r.record.project.id, clave: r.record.project.clave, name: r.record.project.name, stage: r.record.project.stage, alerts: r.alerts })),
  };
}
