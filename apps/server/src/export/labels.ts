import type { Attendance, MeetingKind, ReviewDecision, ReviewResult, ReviewRule } from "@taller/domain";

/**
 * The Spanish words of the exported files (PDF, DOCX, CSV, actas). Exports are documents of
 * record for a Mexican municipal institute, read outside Taller: they speak es-MX, with the same
 * words the web app uses (apps/web/src/features/reviews/i18n/es-MX.json).
 */

export const DECISION_LABEL: Record<ReviewDecision, string> = {
  favorable: "Favorable",
  favorable_with_observations: "Favorable con observaciones",
  changes_requested: "Cambios solicitados",
  unfavorable: "Desfavorable",
};

export const RESULT_LABEL: Record<ReviewResult, string> = {
  approved: "Aprobada",
  approved_with_observations: "Aprobada con observaciones",
  changes_requested: "Se solicitan cambios",
  rejected: "Rechazada",
};

export const RULE_LABEL: Record<ReviewRule, string> = {
  all: "Todos deciden",
  majority: "Mayoría",
  any: "Basta una respuesta",
};

export const MEETING_KIND_LABEL: Record<MeetingKind, string> = {
  committee_session: "Sesión de comité",
  working_table: "Mesa de trabajo",
  coordination_meeting: "Reunión de coordinación",
};

export const ATTENDANCE_LABEL: Record<Attendance, string> = {
  pending: "Sin registrar",
  present: "Presente",
  absent: "Ausente",
  represented: "Representado",
};

/**
 * The institute's time zone. The server has no configured zone (config.ts has none), and the
 * institute is in Mexico: dates in exports are written in America/Mexico_City, with the zone said.
 */
export const EXPORT_TIME_ZONE = "America/Mexico_City";

const dateTime = new Intl.DateTimeFormat("es-MX", { dateStyle: "long", timeStyle: "short", timeZone: EXPORT_TIME_ZONE });
const dateOnly = new Intl.DateTimeFormat("es-MX", { dateStyle: "long", timeZone: EXPORT_TIME_ZONE });

/** «27 de noviembre de 2026, 16:38 (hora del centro de México)». */
export function formatDateTime(value: Date | string): string {
  return `${dateTime.format(new Date(value))} (hora del centro de México)`;
}

/** A calendar date (`YYYY-MM-DD`, no time) as «27 de noviembre de 2026», read as that day everywhere. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  // Noon UTC of that day is the same day in Mexico City, whatever its offset.
  return dateOnly.format(new Date(Date.UTC(y!, m! - 1, d!, 12)));
}
