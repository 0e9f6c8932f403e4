// Portfolio filters live in the URL (?etapa=…), so a filtered list can be bookmarked, shared in a
// chat with another dependencia, and restored with the back button. The URL uses the same names
// as the API query (stage, kind, org, text) to keep the mapping obvious.
import { projectKinds, projectStages, type Project, type ProjectFilters, type ProjectKind, type ProjectStage } from "../../api";

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
    // «Mis proyectos» and «Incluir archivados»: sent to the server as they are (?mine=1, ?archived=1).
    mine: params.get("mine") === "1" ? "1" : undefined,
    archived: params.get("archived") === "1" ? "1" : undefined,
  };
}

/** Writes filters back in a stable order, leaving out empty ones. */
export function searchParamsFromFilters(filters: ProjectFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.stage) params.set("stage", filters.stage);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.org) params.set("org", filters.org);
  if (filters.text) params.set("text", filters.text);
  if (filters.mine) params.set("mine", "1");
  if (filters.archived) params.set("archived", "1");
  return params;
}

export function hasActiveFilters(filters: ProjectFilters): boolean {
  return Boolean(filters.stage || filters.kind || filters.org || filters.text || filters.mine || filters.archived);
}

export type PortfolioView = "table" | "board" | "map" | "dashboard";

const views: readonly PortfolioView[] = ["table", "board", "map", "dashboard"];

/** The portfolio view lives in the URL too (?view=board, ?view=map, ?view=dashboard); the table is the default. */
export function viewFromSearchParams(params: URLSearchParams): PortfolioView {
  return oneOf(views, params.get("view")) ?? "table";
}

/**
 * «Pendiente para mí» (?pending=1): only the projects with review rounds waiting for the reader's
 * decision. Applied in the browser, from the reader's pending rounds (["pendingReviews"]), not sent
 * to the projects API.
 */
export function pendingOnlyFromSearchParams(params: URLSearchParams): boolean {
  return params.get("pending") === "1";
}

/** Filters plus view (and «pendiente para mí», and the table's sort), as the URL writes them: each change keeps the others. */
export function portfolioSearchParams(filters: ProjectFilters, view: PortfolioView, pendingOnly = false, sort: PortfolioSort | null = null): URLSearchParams {
  const params = searchParamsFromFilters(filters);
  if (pendingOnly) params.set("pending", "1");
  if (view !== "table") params.set("view", view);
  if (sort) {
    params.set("sort", sort.column);
    params.set("dir", sort.direction);
  }
  return params;
}

/** The portfolio table's columns, each of which sorts it. */
export const sortColumns = ["clave", "name", "kind", "stage", "leadOrg", "myRole", "amount", "priority", "updated"] as const;
export type SortColumn = (typeof sortColumns)[number];
export type PortfolioSort = { column: SortColumn; direction: "asc" | "desc" };

/**
 * The table's sort in the URL (?sort=amount&dir=desc), like the filters, so a sorted list can be
 * shared and comes back with the back button. None: the server's order (most recently changed first).
 */
export function sortFromSearchParams(params: URLSearchParams): PortfolioSort | null {
  const column = oneOf(sortColumns, params.get("sort"));
  if (!column) return null;
  return { column, direction: params.get("dir") === "desc" ? "desc" : "asc" };
}

/** Where a header's button takes the sort: its column ascending, then descending, then ascending again. */
export function nextSort(current: PortfolioSort | null, column: SortColumn): PortfolioSort {
  // Amounts, priority and dates are most often wanted largest or newest first.
  const firstDirection = column === "amount" || column === "priority" || column === "updated" ? "desc" : "asc";
  if (current?.column !== column) return { column, direction: firstDirection };
  return { column, direction: current.direction === "asc" ? "desc" : "asc" };
}

const stageOrder = new Map<string, number>(projectStages.map((stage, index) => [stage, index]));
// From most to least rights; no role (an administrator's view) last.
const roleOrder = new Map<string, number>(["owner", "editor", "reviewer", "commenter", "viewer"].map((role, index) => [role, index]));

type SortKey = string | number | null;

function keyOf(project: Project, column: SortColumn, kindLabel: (kind: ProjectKind) => string): SortKey {
  switch (column) {
    case "clave":
      return project.clave;
    case "name":
      return project.name;
    case "kind":
      return kindLabel(project.kind);
    case "stage":
      return stageOrder.get(project.stage) ?? null;
    case "leadOrg":
      return project.leadOrg?.shortName ?? null;
    case "myRole":
      return project.myRole ? (roleOrder.get(project.myRole) ?? null) : null;
    case "amount":
      return project.estimatedAmountMxn;
    case "priority":
      return project.priority?.evaluated ? project.priority.score : null;
    case "updated":
      return Date.parse(project.updatedAt);
  }
}

/**
 * The projects in the table's order. Empty values (no amount, no lead agency, no role, not rated)
 * go last whichever the direction; ties keep the server's order (most recently changed first).
 * Texts compare as people read them (accents, case and numbers: «E-2» before «E-10»).
 */
export function sortProjects(projects: readonly Project[], sort: PortfolioSort | null, locale: string, kindLabel: (kind: ProjectKind) => string): Project[] {
  if (!sort) return [...projects];
  const collator = new Intl.Collator(locale, { sensitivity: "base", numeric: true });
  const sign = sort.direction === "asc" ? 1 : -1;
  return projects
    .map((project, index) => ({ project, index, key: keyOf(project, sort.column, kindLabel) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === b.key ? a.index - b.index : a.key === null ? 1 : -1;
      const order = typeof a.key === "number" && typeof b.key === "number" ? a.key - b.key : collator.compare(String(a.key), String(b.key));
      return order !== 0 ? sign * order : a.index - b.index;
    })
    .map(({ project }) => project);
}
