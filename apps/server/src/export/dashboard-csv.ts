import type { FollowUpAlertCode, LandUseCompatibility, ProjectKind, Stage } from "@taller/domain";
import type { DashboardRow } from "../queries/dashboard";
import { NO_LEAD_ORG_LABEL } from "../queries/dashboard";
import { csvFile } from "./csv";

/**
 * `GET /api/portfolio/dashboard.csv`: one row per visible project, in Spanish (the words of the
 * web app's es-MX files), through csvFile (formula-safe cells: a name starting with `=` stays text).
 */

const STAGE_LABEL: Record<Stage, string> = {
  idea: "Idea",
  profile: "Perfil",
  prefeasibility: "Prefactibilidad",
  feasibility: "Factibilidad",
  portfolio_registration: "Registro en cartera",
  executive_project: "Proyecto ejecutivo",
  execution: "Ejecución",
  monitoring: "Seguimiento",
  ex_post: "Evaluación ex post",
};

const KIND_LABEL: Record<ProjectKind, string> = {
  study: "Estudio",
  investment: "Proyecto de inversión",
  conceptual_design: "Diseño conceptual",
  urban_proposal: "Propuesta de aprovechamiento urbanístico",
};

const COMPATIBILITY_LABEL: Record<LandUseCompatibility, string> = {
  permitted: "Permitido",
  conditional: "Condicionado",
  prohibited: "Prohibido",
};

export const ALERT_LABEL: Record<FollowUpAlertCode, string> = {
  milestone_late: "Hito atrasado",
  physical_behind_plan: "Avance físico por debajo del plan",
  spending_ahead: "Gasto adelantado al avance físico",
  report_missing: "Falta el reporte de avance del mes anterior",
};

export const DASHBOARD_CSV_HEADER = [
  "clave",
  "nombre",
  "tipo",
  "etapa",
  "dependencia líder",
  "microrregión",
  "monto estimado",
  "federal",
  "estatal",
  "municipal",
  "privado",
  "avance físico (%)",
  "periodo del último reporte",
  "autorizado",
  "comprometido",
  "ejercido",
  "alertas",
  "compatibilidad de uso de suelo",
  "zona que decide",
] as const;

/** Pesos with two decimals and a point (spreadsheets in es-MX read it), empty when unknown. */
const pesos = (cents: number | null) => (cents === null ? "" : (cents / 100).toFixed(2));
const decimal = (value: string | null | undefined) => (value === null || value === undefined ? "" : Number(value).toFixed(2));

export function dashboardCsv(rows: readonly DashboardRow[]): string {
  const lines = rows.map(({ record, amountCents, bySource, microregion, territory, latestReport, alerts }) => {
    const { project } = record;
    const codes = [...new Set(alerts.map((a) => a.code))];
    return [
      project.clave,
      project.name,
      KIND_LABEL[project.kind],
      STAGE_LABEL[project.stage],
      record.leadOrg?.shortName ?? NO_LEAD_ORG_LABEL,
      microregion ?? "Sin microrregión",
      project.estimatedAmountMxn === null ? "" : pesos(amountCents),
      pesos(bySource?.federal ?? null),
      pesos(bySource?.state ?? null),
      pesos(bySource?.municipal ?? null),
      pesos(bySource?.private ?? null),
      decimal(latestReport?.physicalPct),
      latestReport?.period ?? "",
      decimal(latestReport?.authorized),
      decimal(latestReport?.committed),
      decimal(latestReport?.spent),
      codes.map((code) => `${ALERT_LABEL[code]}${countOf(alerts, code)}`).join("; "),
      territory?.compatibility ? COMPATIBILITY_LABEL[territory.compatibility] : "",
      territory?.decidedBy ?? "",
    ];
  });
  return csvFile([DASHBOARD_CSV_HEADER, ...lines]);
}

/** « (3)» after an alert that appears more than once (late milestones). */
function countOf(alerts: readonly { code: string }[], code: string): string {
  const n = alerts.filter((a) => a.code === code).length;
  return n > 1 ? ` (${n})` : "";
}
