// The follow-up's numbers as the screens and charts read them: pure functions (unit-tested), no
// React and no chart library, so the alert badge and the forms can use them in light chunks.
import type { PlanPoint, ProgressReport, SourceAmounts } from "../../api/follow-up";

/** Two decimals, as the API keeps percentages. */
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** 'YYYY-MM' → the first day of that month, at UTC midnight (charts place months on a time axis). */
export function periodDate(period: string): Date {
  return new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)) - 1, 1));
}

/** The month after 'YYYY-MM'. */
export function nextPeriod(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
}

/** The month of a 'YYYY-MM-DD' date. */
export const periodOf = (date: string) => date.slice(0, 7);

/** What a report spent, as a percentage of what was authorised (null when nothing is authorised). */
export function spentPct(report: Pick<ProgressReport, "financial">): number | null {
  const { authorized, spent } = report.financial;
  return authorized > 0 ? round2((spent * 100) / authorized) : null;
}

export interface SCurveRow {
  period: string;
  /** Cumulative physical progress the plan expects by the end of the month. */
  planned: number | null;
  /** Cumulative physical progress reported for the month. */
  actual: number | null;
  /** Spent as % of authorised in the month's report. */
  spent: number | null;
}

/** One row per month that the plan or a report names, in order: the S-curve's data and its table. */
export function sCurveRows(plan: readonly PlanPoint[], reports: readonly Pick<ProgressReport, "period" | "physicalPct" | "financial">[]): SCurveRow[] {
  const rows = new Map<string, SCurveRow>();
  const row = (period: string) => {
    let found = rows.get(period);
    if (!found) rows.set(period, (found = { period, planned: null, actual: null, spent: null }));
    return found;
  };
  for (const point of plan) row(point.period).planned = point.plannedPhysicalPct;
  for (const report of reports) {
    const r = row(report.period);
    r.actual = report.physicalPct;
    r.spent = spentPct(report);
  }
  return [...rows.values()].sort((a, b) => a.period.localeCompare(b.period));
}

/** The report of the latest month, or null. */
export function latestReport<R extends { period: string }>(reports: readonly R[]): R | null {
  return reports.reduce<R | null>((best, report) => (best === null || report.period > best.period ? report : best), null);
}

export type SpendingRow = { source: SourceAmounts["source"] | "total"; authorized: number; committed: number; spent: number };

/** The latest report's amounts by source, or its totals as one row when it has no breakdown. */
export function spendingRows(report: Pick<ProgressReport, "financial">): SpendingRow[] {
  const { bySource, authorized, committed, spent } = report.financial;
  if (bySource && bySource.length > 0) return bySource.map(({ source, authorized, committed, spent }) => ({ source, authorized, committed, spent }));
  return [{ source: "total", authorized, committed, spent }];
}

/**
 * A number typed by a person: "1,234.56", "1234.5", "$ 1 234", "12,5" (a decimal comma: one or
 * two digits after the only comma). Empty → null; not a number → NaN (the schema then refuses it).
 */
export function parseAmount(text: string): number | null {
  let value = text.trim().replace(/[\s$]/g, "");
  if (value === "") return null;
  if (/^-?\d+,\d{1,2}$/.test(value)) value = value.replace(",", ".");
  else value = value.replace(/,/g, "");
  return /^-?\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** An amount as a form field shows it: plain digits with two decimals (or empty). */
export const amountText = (value: number | null | undefined) => (value === null || value === undefined ? "" : value.toFixed(2));

/** A percentage as a form field shows it. */
export const pctText = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

/** Adds amounts in centavos (adding pesos as floats drifts: 0.1 + 0.2). */
export function sumAmounts(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + Math.round(value * 100), 0) / 100;
}
