// Portfolio filters live in the URL (?etapa=…), so a filtered list can be bookmarked, shared in a
// chat with another dependencia, and restored with the back button. The URL uses the same names
// as the API query (stage, kind, org, text) to keep the mapping obvious.
import { projectKinds, projectStages, type ProjectFilters, type ProjectKind, type ProjectStage } from "../../api";

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Reads filters from the URL, ignoring unknown stages/kinds instead of sending them to the API. */
export function filtersFromSearchParams(params: URLSearchParams): ProjectFilters {
  const org = params.get("org")?.trim();
  const text = params.get("text")?.trim();
  return {
    stage: oneOf<ProjectStage>(projectStages, params.get("stage")),
    kind: oneOf<ProjectKind>(projectKinds, params.get("kind")),
    org: org ? org : undefined,
    text: text ? text : undefined,
  };
}

/** Writes filters back in a stable order, leaving out empty ones. */
export function searchParamsFromFilters(filters: ProjectFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.stage) params.set("stage", filters.stage);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.org) params.set("org", filters.org);
  if (filters.text) params.set("text", filters.text);
  return params;
}

export function hasActiveFilters(filters: ProjectFilters): boolean {
  return Boolean(filters.stage || filters.kind || filters.org || filters.text);
}

export type PortfolioView = "table" | "board";

/** The portfolio view lives in the URL too (?view=board); the table is the default. */
export function viewFromSearchParams(params: URLSearchParams): PortfolioView {
  return params.get("view") === "board" ? "board" : "table";
}

/**
 * «Pendiente para mí» (?pending=1): only the projects with review rounds waiting for the reader's
 * decision. Applied in the browser, from the reader's pending rounds (["pendingReviews"]), not sent
 * to the projects API.
 */
export function pendingOnlyFromSearchParams(params: URLSearchParams): boolean {
  return params.get("pending") === "1";
}

/** Filters plus view (and «pendiente para mí»), as the URL writes them: each change keeps the others. */
export function portfolioSearchParams(filters: ProjectFilters, view: PortfolioView, pendingOnly = false): URLSearchParams {
  const params = searchParamsFromFilters(filters);
  if (pendingOnly) params.set("pending", "1");
  if (view === "board") params.set("view", "board");
  return params;
}
