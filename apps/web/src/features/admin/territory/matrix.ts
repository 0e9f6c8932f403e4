// The compatibility matrix as the admin page edits it: one row per zone (the current zoning's
// zones, then any zone that has rules but is no longer in it), one cell per land use, and the
// zone's COS/CUS/CAS. The server stores rules per (zone, use), each with its own coefficients;
// the grid edits the coefficients per zone and writes them onto every rule of that zone.
import type { LandUse, LandUseCompatibility } from "@taller/domain/vocabulary";

export type Rule = {
  zone: string;
  use: LandUse;
  compatibility: LandUseCompatibility;
  cos?: number | null | undefined;
  cus?: number | null | undefined;
  cas?: number | null | undefined;
  note?: string | null | undefined;
};

export const COEFFICIENTS = ["cos", "cus", "cas"] as const;
export type Coefficient = (typeof COEFFICIENTS)[number];

/** A cell: a compatibility, or "" for «sin regla» (the zone does not decide that use). */
export type Cell = LandUseCompatibility | "";

export type ZoneRow = {
  zone: string;
  /** Whether the zone is one of the current zoning layer's features. */
  inLayer: boolean;
  cells: Record<LandUse, Cell>;
  /** What the inputs hold (text: a decimal comma is accepted); "" is none. */
  coefficients: Record<Coefficient, string>;
  /** Notes of the zone's rules, kept as they were (the grid does not edit them). */
  notes: Partial<Record<LandUse, string>>;
};

export type Grid = { uses: readonly LandUse[]; rows: ZoneRow[] };

const collator = new Intl.Collator("es", { sensitivity: "base", numeric: true });

/** The grid for the server's matrix: current zones first in name order, then zones known only from rules. */
export function gridOf(matrix: { rules: readonly Rule[]; zones: readonly string[]; uses: readonly LandUse[] }): Grid {
  const byZone = new Map<string, Rule[]>();
  for (const rule of matrix.rules) byZone.set(rule.zone, [...(byZone.get(rule.zone) ?? []), rule]);
  const current = [...new Set(matrix.zones)].sort(collator.compare);
  const currentSet = new Set(current);
  const others = [...byZone.keys()].filter((zone) => !currentSet.has(zone)).sort(collator.compare);
  const row = (zone: string, inLayer: boolean): ZoneRow => {
    const rules = byZone.get(zone) ?? [];
    const cells = Object.fromEntries(matrix.uses.map((use) => [use, rules.find((r) => r.use === use)?.compatibility ?? ""])) as Record<LandUse, Cell>;
    const coefficients = Object.fromEntries(
      COEFFICIENTS.map((key) => {
        const value = rules.map((r) => r[key]).find((v): v is number => typeof v === "number");
        return [key, value === undefined ? "" : String(value)];
      }),
    ) as Record<Coefficient, string>;
    const notes: Partial<Record<LandUse, string>> = {};
    for (const rule of rules) if (rule.note) notes[rule.use] = rule.note;
    return { zone, inLayer, cells, coefficients, notes };
  };
  return { uses: matrix.uses, rows: [...current.map((zone) => row(zone, true)), ...others.map((zone) => row(zone, false))] };
}

/** A coefficient's text as a number: null when empty, undefined when it is not a number from 0 to 100. */
export function parseCoefficient(text: string): number | null | undefined {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return null;
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= 0 && value <= 100 ? value : undefined;
}

export type GridProblem = { zone: string; field: Coefficient; code: "invalid_number" } | { zone: string; field: "coefficients"; code: "coefficients_need_rule" };

/** What keeps the grid from being saved: coefficients that are not numbers, or coefficients on a zone without any rule. */
export function gridProblems(grid: Grid): GridProblem[] {
  const problems: GridProblem[] = [];
  for (const row of grid.rows) {
    for (const field of COEFFICIENTS) {
      if (parseCoefficient(row.coefficients[field]) === undefined) problems.push({ zone: row.zone, field, code: "invalid_number" });
    }
    const hasRule = grid.uses.some((use) => row.cells[use] !== "");
    const hasCoefficient = COEFFICIENTS.some((field) => row.coefficients[field].trim() !== "");
    if (!hasRule && hasCoefficient) problems.push({ zone: row.zone, field: "coefficients", code: "coefficients_need_rule" });
  }
  return problems;
}

/** The rules the grid holds (for PUT /api/compatibility); call only when gridProblems is empty. */
export function rulesOf(grid: Grid): Rule[] {
  const rules: Rule[] = [];
  for (const row of grid.rows) {
    const coefficients = Object.fromEntries(COEFFICIENTS.map((field) => [field, parseCoefficient(row.coefficients[field]) ?? null])) as Record<Coefficient, number | null>;
    for (const use of grid.uses) {
      const compatibility = row.cells[use];
      if (compatibility === "") continue;
      rules.push({ zone: row.zone, use, compatibility, ...coefficients, note: row.notes[use] ?? null });
    }
  }
  return rules;
}

/** Whether two grids would save the same rules (the «cambios sin guardar» test). */
export function sameRules(a: Grid, b: Grid): boolean {
  return JSON.stringify(rulesOrComparable(a)) === JSON.stringify(rulesOrComparable(b));
}

function rulesOrComparable(grid: Grid) {
  // Coefficients by value ("0,6" is "0.60"); one that is not a number counts as typed.
  const value = (text: string) => parseCoefficient(text) ?? (parseCoefficient(text) === null ? null : text);
  return grid.rows.map((row) => [row.zone, grid.uses.map((use) => row.cells[use]), COEFFICIENTS.map((f) => value(row.coefficients[f]))]);
}

export function setCell(grid: Grid, zone: string, use: LandUse, value: Cell): Grid {
  return { ...grid, rows: grid.rows.map((row) => (row.zone === zone ? { ...row, cells: { ...row.cells, [use]: value } } : row)) };
}

export function setCoefficient(grid: Grid, zone: string, field: Coefficient, text: string): Grid {
  return { ...grid, rows: grid.rows.map((row) => (row.zone === zone ? { ...row, coefficients: { ...row.coefficients, [field]: text } } : row)) };
}
