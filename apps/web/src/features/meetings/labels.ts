// How a meeting is put in words: its status and its kind (never «Acta sellada» unless the
// server's status says so), its date range, an agenda item's title, an attendee's agency.
import type { TFunction } from "i18next";
import type { AgendaItem, Attendee, Meeting, MeetingSummary } from "../../api/meetings";
import type { Formatters } from "../../i18n/format";

type T = TFunction<"meetings">;

/** «27 nov 2026, 10:00 a 12:00» (or only the start). */
export function whenText(t: T, format: Formatters, meeting: Pick<MeetingSummary, "startsAt" | "endsAt">, language: string): string {
  const start = format.dateTime(meeting.startsAt);
  if (!meeting.endsAt) return start;
  const sameDay = new Date(meeting.startsAt).toDateString() === new Date(meeting.endsAt).toDateString();
  const end = sameDay ? new Intl.DateTimeFormat(language, { timeStyle: "short" }).format(new Date(meeting.endsAt)) : format.dateTime(meeting.endsAt);
  return t("page.whenRange", { start, end });
}

/** A calendar date (YYYY-MM-DD) in words; read at noon so no time zone moves it to another day. */
export const dayText = (format: Formatters, day: string): string => format.date(`${day}T12:00:00`);

/** An agenda item's title: the topic, or «v2 · Para revisión de «Estudio»». */
export function itemTitle(t: T, item: AgendaItem): string {
  if (item.review) return t("agenda.versionOf", { number: item.review.version.number, name: item.review.version.name, document: item.review.document.title });
  return item.topic ?? "";
}

/** The agency of an attendee, short when known. */
export const attendeeOrg = (attendee: Attendee): string => attendee.orgShortName ?? attendee.orgName;

/** Whether changes may still be made (scheduled or in progress). */
export const isOpen = (meeting: Pick<Meeting, "status">): boolean => meeting.status === "scheduled" || meeting.status === "in_progress";
