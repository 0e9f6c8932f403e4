/**
 * The closed vocabularies of the portfolio (docs/domain.md). Codes are English and stable; the UI
 * translates them. Order matters for STAGES: it is the lifecycle.
 */
export const PROJECT_KINDS = ["study", "investment", "conceptual_design", "urban_proposal"] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const STAGES = [
  "idea",
  "profile",
  "prefeasibility",
  "feasibility",
  "portfolio_registration",
  "executive_project",
  "execution",
  "monitoring",
  "ex_post",
] as const;
export type Stage = (typeof STAGES)[number];

export const PROJECT_ROLES = ["owner", "editor", "commenter", "reviewer", "viewer"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const DOCUMENT_KINDS = ["text", "canvas"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Compatibility of the proposed use with the PMDUOET zone. */
export const LAND_USE_COMPATIBILITY = ["permitted", "conditional", "prohibited"] as const;
export type LandUseCompatibility = (typeof LAND_USE_COMPATIBILITY)[number];

/** The funding sources of a project, in the order forms show them. */
export const FUNDING_SOURCES = ["federal", "state", "municipal", "private"] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** Evaluation the SHCP (federal finance ministry) will expect for the project. */
export const EVALUATION_TYPES = ["technical_sheet", "simplified_cba", "cba", "cea"] as const;
export type EvaluationType = (typeof EVALUATION_TYPES)[number];

/** Prefix of the generated clave per project kind: EST-2026-001, INV-…, DC-…, PAU-… */
export const CLAVE_PREFIX: Record<ProjectKind, string> = {
  study: "EST",
  investment: "INV",
  conceptual_design: "DC",
  urban_proposal: "PAU",
};

/** Formats a generated clave from kind, year and the per-prefix-and-year sequence number. */
export function formatClave(kind: ProjectKind, year: number, sequence: number): string {
  return `${CLAVE_PREFIX[kind]}-${year}-${String(sequence).padStart(3, "0")}`;
}
