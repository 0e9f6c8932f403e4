// An alert's words: its name (the badge's list, a heading) and its sentence with the numbers the
// server computed, in the reader's language.
import type { TFunction } from "i18next";
import type { FollowUpAlert } from "../../../api/follow-up";
import { formattersFor, type Formatters } from "../../../i18n/format";

/** 'YYYY-MM' as «octubre de 2026» / «October 2026». */
export function formatPeriod(language: string, period: string): string {
  const date = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)) - 1, 1));
  if (Number.isNaN(date.getTime())) return period;
  return new Intl.DateTimeFormat(language, { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

/** A 'YYYY-MM-DD' date as the reader writes dates (a calendar day: no time zone shift). */
export function formatDay(language: string, day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(date);
}

export function alertName(t: TFunction<"alerts">, alert: FollowUpAlert): string {
  return t(`codes.${alert.code}`);
}

export function alertDetail(t: TFunction<"alerts">, language: string, format: Formatters, alert: FollowUpAlert): string {
  switch (alert.code) {
    case "milestone_late":
      return t("detail.milestone_late", { title: alert.title, date: formatDay(language, alert.plannedDate), count: alert.daysLate });
    case "physical_behind_plan":
      return t("detail.physical_behind_plan", {
        period: formatPeriod(language, alert.period),
        actual: format.percent(alert.actualPct),
        planned: format.percent(alert.plannedPct),
        gap: format.number(alert.gap),
      });
    case "spending_ahead":
      return t("detail.spending_ahead", {
        period: formatPeriod(language, alert.period),
        financial: format.percent(alert.financialPct),
        physical: format.percent(alert.physicalPct),
        gap: format.number(alert.gap),
      });
    case "report_missing":
      return t("detail.report_missing", { period: formatPeriod(language, alert.period) });
  }
}

/** The distinct names of a project's alerts, in the server's order (two late milestones are one name). */
export function alertNames(t: TFunction<"alerts">, alerts: readonly FollowUpAlert[]): string[] {
  return [...new Set(alerts.map((alert) => alertName(t, alert)))];
}

/** Pesos with centavos («$1,234.50»): the app's one money format (i18n/format.ts). */
export function formatMxnCents(language: string, value: number): string {
  return formattersFor(language).mxn(value);
}
