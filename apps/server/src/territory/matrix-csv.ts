import { parse } from "csv-parse/sync";
import {
  DomainError,
  LAND_USE_COMPATIBILITY,
  LAND_USES,
  zoneKey,
  type CompatibilityMatrixInput,
  type LandUse,
  type LandUseCompatibility,
} from "@taller/domain";
import { csvFile } from "../export/csv";

/**
 * The compatibility matrix as CSV, for people who keep it in a spreadsheet: one row per zone and
 * use, header `zona,uso,compatibilidad,cos,cus,cas,nota` (or the English
 * `zone,use,compatibility,cos,cus,cas,note`). On import a use may be its code or its Spanish
 * label, a compatibility its code or permitido/condicionado/prohibido, in any case and with or
 * without accents; numbers may use a decimal comma; `;` separates cells when the header has no
 * comma (spreadsheets in Spanish save it so). Every problem is reported with its row (1-based,
 * the header is row 1) and column, as 400 `invalid_csv`.
 */

/** The Spanish words of the matrix (the same the web app shows). */
export const LAND_USE_LABEL: Record<LandUse, string> = {
  housing: "Habitacional",
  commerce: "Comercio y servicios",
  facilities: "Equipamiento",
  industry: "Industria",
  infrastructure: "Infraestructura",
  green_space: "Áreas verdes y espacio público",
  mobility: "Movilidad",
  tourism: "Turismo",
};

export const COMPATIBILITY_LABEL: Record<LandUseCompatibility, string> = {
  permitted: "Permitido",
  conditional: "Condicionado",
  prohibited: "Prohibido",
};

/** Lower case, no accents, single spaces: how CSV words are compared. */
const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();

const USE_BY_WORD = new Map<string, LandUse>();
for (const use of LAND_USES) {
  USE_BY_WORD.set(fold(use), use);
  USE_BY_WORD.set(fold(LAND_USE_LABEL[use]), use);
}
const COMPATIBILITY_BY_WORD = new Map<string, LandUseCompatibility>();
for (const c of LAND_USE_COMPATIBILITY) {
  COMPATIBILITY_BY_WORD.set(fold(c), c);
  COMPATIBILITY_BY_WORD.set(fold(COMPATIBILITY_LABEL[c]), c);
}
COMPATIBILITY_BY_WORD.set("condicionada", "conditional");
COMPATIBILITY_BY_WORD.set("permitida", "permitted");
COMPATIBILITY_BY_WORD.set("prohibida", "prohibited");

type Column = "zona" | "uso" | "compatibilidad" | "cos" | "cus" | "cas" | "nota";
const COLUMN_BY_HEADER: Record<string, Column> = {
  zona: "zona",
  zone: "zona",
  uso: "uso",
  use: "uso",
  compatibilidad: "compatibilidad",
  compatibility: "compatibilidad",
  cos: "cos",
  cus: "cus",
  cas: "cas",
  nota: "nota",
  note: "nota",
};
const REQUIRED: Column[] = ["zona", "uso", "compatibilidad"];

export interface CsvIssue {
  row: number;
  column: string | null;
  message: string;
}

const MAX_ISSUES = 50;

/** Undoes the export's formula guard (a leading `'` before = + - @). */
const unguard = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/** The matrix a CSV file describes; throws 400 `invalid_csv` listing the rows and columns at fault. */
export function parseMatrixCsv(text: string): CompatibilityMatrixInput {
  const fail = (issues: CsvIssue[]): never => {
    const first = issues[0]!;
    throw new DomainError("invalid_csv", `CSV inválido: fila ${first.row}${first.column ? `, columna ${first.column}` : ""}: ${first.message}`, {
      issues: issues.slice(0, MAX_ISSUES),
    });
  };
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = firstLine.includes(";") && !firstLine.includes(",") ? ";" : ",";
  let records: string[][];
  try {
    records = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return fail([{ row: typeof line === "number" ? line : 1, column: null, message: `El archivo no se puede leer como CSV (${(error as Error).message.slice(0, 200)}).` }]);
  }
  const header = records[0];
  if (!header || header.every((h) => h === "")) return fail([{ row: 1, column: null, message: "El archivo está vacío: falta la fila de encabezados." }]);

  const issues: CsvIssue[] = [];
  const columns = new Map<Column, number>();
  header.forEach((raw, i) => {
    const name = fold(raw);
    if (name === "") return;
    const column = COLUMN_BY_HEADER[name];
    if (!column) issues.push({ row: 1, column: raw, message: `Columna desconocida «${raw.slice(0, 60)}» (se esperan zona, uso, compatibilidad, cos, cus, cas, nota).` });
    else if (columns.has(column)) issues.push({ row: 1, column: raw, message: `La columna «${column}» aparece dos veces.` });
    else columns.set(column, i);
  });
  for (const column of REQUIRED) {
    if (!columns.has(column)) issues.push({ row: 1, column, message: `Falta la columna «${column}».` });
  }
  if (issues.length > 0) return fail(issues);

  const rules: CompatibilityMatrixInput["rules"] = [];
  const seen = new Map<string, number>();
  for (let index = 1; index < records.length && issues.length < MAX_ISSUES; index++) {
    const record = records[index]!;
    if (record.every((cell) => cell === "")) continue;
    const row = index + 1;
    const cell = (column: Column) => {
      const at = columns.get(column);
      return at === undefined ? "" : unguard(record[at] ?? "");
    };
    const before = issues.length;
    const zone = cell("zona");
    if (zone === "") issues.push({ row, column: "zona", message: "Falta la zona." });
    else if (zone.length > 120) issues.push({ row, column: "zona", message: "La zona tiene más de 120 caracteres." });
    const use = USE_BY_WORD.get(fold(cell("uso")));
    if (!use) issues.push({ row, column: "uso", message: `Uso desconocido «${cell("uso").slice(0, 60)}».` });
    const compatibility = COMPATIBILITY_BY_WORD.get(fold(cell("compatibilidad")));
    if (!compatibility) {
      issues.push({ row, column: "compatibilidad", message: `Compatibilidad desconocida «${cell("compatibilidad").slice(0, 60)}» (permitido, condicionado o prohibido).` });
    }
    const numbers: Partial<Record<"cos" | "cus" | "cas", number | null>> = {};
    for (const column of ["cos", "cus", "cas"] as const) {
      const raw = cell(column).replace(/\s/g, "");
      if (raw === "") {
        numbers[column] = null;
        continue;
      }
      const value = /^\d+([.,]\d+)?$/.test(raw) ? Number(raw.replace(",", ".")) : Number.NaN;
      if (!Number.isFinite(value) || value < 0 || value > 100) {
        issues.push({ row, column, message: `«${raw.slice(0, 30)}» no es un número entre 0 y 100.` });
      } else numbers[column] = value;
    }
    const note = cell("nota");
    if (note.length > 500) issues.push({ row, column: "nota", message: "La nota tiene más de 500 caracteres." });
    if (issues.length > before || !use || !compatibility) continue;
    const key = `${zoneKey(zone)}\u0000${use}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      issues.push({ row, column: null, message: `La zona «${zone}» y el uso «${LAND_USE_LABEL[use]}» ya están en la fila ${earlier}.` });
      continue;
    }
    seen.set(key, row);
    rules.push({ zone, use, compatibility, ...numbers, note: note === "" ? null : note });
  }
  if (issues.length > 0) return fail(issues);
  if (rules.length > 5000) return fail([{ row: 1, column: null, message: "La matriz tiene más de 5000 reglas." }]);
  return { rules };
}

export interface MatrixRow {
  zone: string;
  use: LandUse;
  compatibility: LandUseCompatibility;
  cos: number | null;
  cus: number | null;
  cas: number | null;
  note: string | null;
}

/** The matrix as the CSV people download (and can import again). */
export function matrixCsv(rules: readonly MatrixRow[]): string {
  const number = (n: number | null) => (n === null ? "" : n);
  return csvFile([
    ["zona", "uso", "compatibilidad", "cos", "cus", "cas", "nota"],
    ...rules.map((r) => [r.zone, LAND_USE_LABEL[r.use], COMPATIBILITY_LABEL[r.compatibility], number(r.cos), number(r.cus), number(r.cas), r.note ?? ""]),
  ]);
}
