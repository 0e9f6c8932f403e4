import { createEvent } from "ics";
import type { Meeting } from "@taller/db";
import type { MeetingKind } from "@taller/domain";
import { agendaLine } from "./acta-room";
import type { MeetingData } from "./data";

/** One hour when the convener gave no end (calendars need one). */
const DEFAULT_DURATION_MS = 60 * 60 * 1000;

const KIND_WORDS: Record<MeetingKind, string> = {
  committee_session: "Sesión de comité",
  working_table: "Mesa de trabajo",
  coordination_meeting: "Reunión de coordinación",
};

/**
 * The meeting as an RFC 5545 calendar (METHOD:PUBLISH, UID `<meetingId>@taller`), made by the
 * `ics` package (a maintained library: line folding at 75 octets, escaping of `,;\` and new lines,
 * UTF-8 — Spanish text comes out right without hand-written rules). Times in UTC, so every
 * calendar shows them in its own zone. A cancelled meeting is published as STATUS:CANCELLED.
 */
export function meetingIcs(data: Pick<MeetingData, "meeting" | "agenda">, publicUrl: URL | null): string {
  const { meeting } = data;
  const end = meeting.endsAt ?? new Date(meeting.startsAt.getTime() + DEFAULT_DURATION_MS);
  const url = publicUrl ? new URL(`/meetings/${meeting.id}`, publicUrl).toString() : undefined;
  const agenda = data.agenda.map((entry, index) => `${index + 1}. ${agendaLine(entry)}`);
  const description = [KIND_WORDS[meeting.kind], ...(meeting.link ? [`Enlace: ${meeting.link}`] : []), ...(agenda.length ? ["", "Orden del día:", ...agenda] : []), ...(url ? ["", url] : [])].join("\n");
  const { error, value } = createEvent({
    productId: "-//Taller//Sesiones//ES",
    method: "PUBLISH",
    uid: `${meeting.id}@taller`,
    title: meeting.title,
    description,
    ...(meeting.place ? { location: meeting.place } : meeting.link ? { location: meeting.link } : {}),
    ...(url ? { url } : {}),
    start: meeting.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: end.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    status: statusOf(meeting),
    lastModified: meeting.updatedAt.getTime(),
  });
  if (error || !value) throw error ?? new Error("ics: no calendar produced");
  return value;
}

const statusOf = (meeting: Meeting) => (meeting.status === "cancelled" ? ("CANCELLED" as const) : ("CONFIRMED" as const));
