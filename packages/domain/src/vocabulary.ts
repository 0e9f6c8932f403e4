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

/** Kinds of territorial layer an administrator imports (docs/domain.md "Territory"). */
export const LAYER_KINDS = ["microregion", "zoning", "reserve", "infrastructure"] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/**
 * Land-use categories of the PMDUOET compatibility matrix: a project's use is its own category
 * field, or the default of its kind (DEFAULT_LAND_USE_BY_KIND) when that is not set.
 */
export const LAND_USES = ["housing", "commerce", "facilities", "industry", "infrastructure", "green_space", "mobility", "tourism"] as const;
export type LandUse = (typeof LAND_USES)[number];

/** The use a project of each kind has when its category is not set (a study has none of its own). */
export const DEFAULT_LAND_USE_BY_KIND: Record<ProjectKind, LandUse | null> = {
  study: null,
  investment: "infrastructure",
  conceptual_design: "facilities",
  urban_proposal: "housing",
};

/** Stages whose projects are followed up (progress reports); earlier stages plan milestones and indicators. */
export const FOLLOW_UP_STAGES = ["executive_project", "execution", "monitoring", "ex_post"] as const satisfies readonly Stage[];

export const MILESTONE_STATUSES = ["pending", "in_progress", "done", "cancelled"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** Whether an indicator improves as it grows (coverage) or as it falls (travel time). */
export const INDICATOR_DIRECTIONS = ["increase", "decrease"] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];
