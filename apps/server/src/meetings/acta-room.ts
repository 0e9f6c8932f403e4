import type * as Y from "yjs";
import type { CollabHost } from "@taller/collab";
import type { Database } from "@taller/db";
import { actaCollabName } from "@taller/domain";
import { loadMeetingData, personIn, type MeetingData } from "./data";

/** `acta.<meetingId>` → the meeting id (null for any other room). */
export function meetingIdOfRoom(room: string): string | null {
  const match = /^acta\.([0-9a-f-]{36})$/.exec(room);
  return match ? match[1]! : null;
}

/** The time zone the institute's meetings are written in (actas and invitations say local time). */
export const MEETING_TIME_ZONE = "America/Mexico_City";

/** «martes, 1 de diciembre de 2026, 10:00 (hora del centro de México)». */
export function spanishWhen(date: Date): string {
  const formatted = new Intl.DateTimeFormat("es-MX", { dateStyle: "full", timeStyle: "short", timeZone: MEETING_TIME_ZONE }).format(date);
  return `${formatted} (hora del centro de México)`;
}

/** One line per agenda item for the acta and emails: a topic, or «CLAVE — Documento, v2 «nombre»». */
export function agendaLine({ item, review, project }: MeetingData["agenda"][number]): string {
  if (!review || !project) return item.topic ?? "";
  return `${project.clave} ${project.name} — ${review.document.title}, v${review.version.number} «${review.version.name}» (en revisión)`;
}

/**
 * The acta rooms of the collab host: seeding an acta from the meeting's data, freezing a room
 * while (and after) its meeting is sealed, and reading its content for the seal.
 *
 * Freezing is done here, in the server, with the host's existing API: every connection of the
 * room is set read-only (`setReadOnly`), the upgrade gives new sockets read-only access, and the
 * content validator refuses any update to a frozen room (which covers a socket whose upgrade was
 * decided just before the freeze). A room stays frozen for the life of the process once its
 * meeting is sealed; after a restart the database's status decides the same at every upgrade.
 */
export class ActaRooms {
  private host: CollabHost | null = null;
  private readonly frozen = new Set<string>();

  constructor(private readonly db: Database) {}

  /** The host is made with this object's `seed`, so it is attached after. */
  attach(host: CollabHost): void {
    this.host = host;
  }

  private get collab(): CollabHost {
    if (!this.host) throw new Error("acta rooms: no collab host attached");
    return this.host;
  }

  isFrozen(room: string): boolean {
    return this.frozen.has(room);
  }

  /**
   * Freezes the acta room of a meeting: from this call on no update is applied to it. Returns the
   * undo (a failed seal): the room takes updates again and each connection gets back the rights it
   * had.
   */
  freeze(meetingId: string): () => void {
    const room = actaCollabName(meetingId);
    this.frozen.add(room);
    const before = this.collab.connectionsIn(room).map((connection) => ({ connection, readOnly: connection.readOnly }));
    for (const { connection } of before) this.collab.setReadOnly(connection, true);
    return () => {
      this.frozen.delete(room);
      for (const { connection, readOnly } of before) this.collab.setReadOnly(connection, readOnly);
    };
  }

  /** The acta's content as ProseMirror JSON (study schema); seeds it first if it was never opened. */
  async read(meetingId: string): Promise<unknown> {
    const { readStudy } = await import("@taller/editor-schema/server");
    return this.collab.withDoc(actaCollabName(meetingId), (doc) => readStudy(doc).json);
  }

  /** Everything received before the call is durable (the sealed content is also the room's stored content). */
  flush(): Promise<void> {
    return this.collab.flush();
  }

  /** CollabHostOptions.seed for `acta.` rooms: the template filled with the meeting's data now. */
  async seed(name: string, doc: Y.Doc): Promise<void> {
    const meetingId = meetingIdOfRoom(name);
    if (meetingId === null) return;
    const data = await loadMeetingData(this.db, meetingId);
    const { seedActa } = await import("@taller/editor-schema/acta-template");
    seedActa(doc, {
      title: data.meeting.title,
      when: spanishWhen(data.meeting.startsAt),
      place: data.meeting.place,
      link: data.meeting.link,
      attendees: data.attendees.map(({ attendee, orgShortName }) => ({ name: attendee.name, org: orgShortName ?? attendee.orgName })),
      agenda: data.agenda.map(agendaLine),
      agreements: data.agreements.map((a) => ({
        text: a.text,
        responsible: a.responsibleUserId ? personIn(data, a.responsibleUserId).name : (a.responsibleName ?? ""),
        dueOn: a.dueOn,
      })),
    });
  }
}
