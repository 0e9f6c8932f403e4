// Locale-aware formatting for dates, numbers and pesos (the app's one money format: `mxn`, with cents). Formatters are built once per language
// (Intl constructors are comparatively expensive) and follow the UI language, so English users
// still see amounts in MXN, written the English way.
import { useTranslation } from "react-i18next";
import type { Language } from "./index";

export type Formatters = {
  date: (iso: string) => string;
  dateTime: (iso: string) => string;
  number: (value: number) => string;
  mxn: (value: number) => string;
  percent: (value: number) => string;
};

const cache = new Map<string, Formatters>();

/** Builds (or reuses) the formatters for one language tag. Pure apart from the cache. */
export function formattersFor(language: string): Formatters {
  const cached = cache.get(language);
  if (cached) return cached;
  const date = new Intl.DateTimeFormat(language, { day: "numeric", month: "short", year: "numeric" });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
  const number = new Intl.NumberFormat(language);
  // Pesos always with their centavos ($1,500,000.50, $2,500,000.00): amounts are stored to the
  // cent, and one format everywhere (project amounts, follow-up reports, alerts, charts' tables).
  const mxn = new Intl.NumberFormat(language, { style: "currency", currency: "MXN", minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 });
  const safe = (format: (d: Date) => string) => (iso: string) => {
    const value = new Date(iso);
    return Number.isNaN(value.getTime()) ? iso : format(value);
  };
  const formatters: Formatters = {
    date: safe((d) => date.format(d)),
    dateTime: safe((d) => dateTime.format(d)),
    number: (value) => number.format(value),
    mxn: (value) => mxn.format(value),
    // The API sends percentages as 0–100, Intl expects a fraction.
    percent: (value) => percent.format(value / 100),
  };
  cache.set(language, formatters);
  return formatters;
}

/** Formatters for the current UI language; re-renders the caller when the language changes. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return formattersFor((i18n.resolvedLanguage ?? i18n.language) as Language);
}
