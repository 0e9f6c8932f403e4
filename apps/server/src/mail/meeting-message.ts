import type { Executor } from "@taller/db";
import type { MeetingKind } from "@taller/domain";
import type { EmailRecord } from "../queries/notifications";
import { accessOf } from "../queries/meetings";
import { loadMeetingData } from "../meetings/data";
import { agendaLine, spanishWhen } from "../meetings/acta-room";
import { meetingIcs } from "../meetings/ics";
import { bilingualMessage, type MailMessage, type SkipReason } from "./message";

const KIND_WORDS: Record<MeetingKind, { es: string; en: string }> = {
  committee_session: { es: "sesión de comité", en: "committee session" },
  working_table: { es: "mesa de trabajo", en: "working table" },
  coordination_meeting: { es: "reunión de coordinación", en: "coordination meeting" },
};

/** Header values from people's input on one line. */
const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, " ").trim();

/**
 * The email of a meeting notification (`meeting_invited`, with the meeting's .ics attached;
 * `meeting_sealed`), decided at send time: sent only if the recipient reads the meeting NOW
 * (an attendee removed meanwhile, or a lost project role, gets nothing — not even its title);
 * email preference and address as for every notification.
 */
export async function composeMeetingEmail(ex: Executor, record: EmailRecord & { meeting: { id: string } }, publicUrl: URL): Promise<MailMessage | SkipReason> {
  if (!record.recipient.emailNotifications) return "preference_off";
  if (!record.recipient.email) return "no_address";
  const data = await loadMeetingData(ex, record.meeting.id);
  const access = await accessOf(ex, { userId: record.recipient.id, isAdmin: record.recipient.isAdmin }, data.meeting);
  if (!access) return "not_a_member";
  const { meeting } = data;
  const link = new URL(`/meetings/${meeting.id}`, publicUrl).toString();
  const who = record.actor ? `${oneLine(record.actor.name)} (${oneLine(record.actor.orgShortName)})` : "Alguien";
  const whoEn = record.actor ? who : "Someone";
  const title = oneLine(meeting.title);
  const kind = KIND_WORDS[meeting.kind];
  const when = spanishWhen(meeting.startsAt);
  const whenUtc = `${meeting.startsAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const where = [meeting.place, meeting.link].filter((v): v is string => !!v).map(oneLine);
  const agenda = data.agenda.map((entry, i) => `    ${i + 1}. ${oneLine(agendaLine(entry))}`);
  const invited = record.kind === "meeting_invited";
  const subject = invited ? `${who} te convoca: «${title}»` : `Sesión sellada: «${title}»`;
  const spanish = invited
    ? [
        `${who} te convoca a la ${kind.es} «${title}».`,
        "",
        `Fecha: ${when}`,
        ...(where.length ? [`Lugar: ${where.join(" · ")}`] : []),
        ...(agenda.length ? ["", "Orden del día:", ...agenda] : []),
        "",
        "Adjuntamos el archivo .ics para agregarla a tu calendario.",
      ]
    : [`Se cerró y selló la ${kind.es} «${title}» (${when}). El acta sellada y su huella SHA-256 están en Taller.`];
  const english = invited
    ? [`${whoEn} invites you to the ${kind.en} "${title}".`, "", `Date: ${whenUtc}`, ...(where.length ? [`Place: ${where.join(" · ")}`] : []), "", "The .ics file is attached for your calendar."]
    : [`The ${kind.en} "${title}" was closed and sealed. The sealed minutes and their SHA-256 are in Taller.`];
  return {
    ...bilingualMessage({ to: record.recipient.email, name: record.recipient.name, subject, spanish, english, link, publicUrl, openEs: "Ábrala" }),
    ...(invited ? { attachments: [{ filename: "sesion.ics", content: meetingIcs(data, publicUrl), contentType: "text/calendar; charset=utf-8; method=PUBLISH" }] } : {}),
  };
}
