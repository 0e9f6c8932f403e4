import { eq } from "@taller/db/sql";
import { closeRefusal, DomainError, type Actor, type MeetingSealRecord } from "@taller/domain";
import { meetings, meetingSeals, type Database, type Executor } from "@taller/db";
import { recordAudit } from "../commands/audit";
import { notifyMeeting } from "../commands/meetings";
import { appendEvent, meetingStream } from "../live/outbox";
import { accessOf, attendeeUserIds, authorizeMeeting, meetingNotFound } from "../queries/meetings";
import { peopleByIds } from "../queries/threads";
import { contentSha256 } from "../versions/hash";
import type { ActaRooms } from "./acta-room";
import { loadMeetingData, personIn } from "./data";
import { buildSealRecord } from "./record";

export { addendaOf, authorizeMeeting, sealOf, sealedMeetingsOfProject } from "../queries/meetings";

const refusalError = (code: "meeting_sealed" | "meeting_cancelled" | "meeting_not_in_progress", meetingId: string) =>
  new DomainError(
    code,
    code === "meeting_sealed" ? "La sesión ya está sellada." : code === "meeting_cancelled" ? "La sesión fue cancelada." : "Solo una sesión en curso se cierra y se sella.",
    { meetingId },
  );

/** The record of a meeting on the data read by `ex` (one transaction when sealing). */
async function recordOn(ex: Executor, meetingId: string, acta: unknown, sealedAt: Date, sealedById: string, lock: boolean): Promise<MeetingSealRecord> {
  const data = await loadMeetingData(ex, meetingId, lock);
  const sealers = await peopleByIds(ex, [sealedById]);
  return buildSealRecord(data, { acta, sealedAt, sealedBy: personIn({ people: sealers }, sealedById) });
}

/**
 * The record the seal would have now, on live data (acta read from its room; `sealedAt` = now,
 * `sealedBy` = the convener): what draft exports show, marked as a draft by whoever renders it.
 */
export async function draftRecord(db: Database, acta: Pick<ActaRooms, "read">, meetingId: string): Promise<MeetingSealRecord> {
  const [meeting] = await db.select({ convenerId: meetings.convenerId }).from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw meetingNotFound();
  return recordOn(db, meetingId, await acta.read(meetingId), new Date(), meeting.convenerId, false);
}

/**
 * Closes and seals a meeting in progress. In order: freeze the acta's room (every socket
 * read-only, new sockets read-only, any update refused), read its content, then in ONE
 * transaction — the meeting's row locked and decided again (still in progress, the actor still
 * manages it) — build the record from the data under that lock, insert the seal with the
 * record's JCS SHA-256, mark the meeting sealed, audit `meeting.sealed`, append the meeting's
 * event and notify the account attendees (`meeting_sealed`). If anything fails the room is
 * unfrozen, as it was.
 */
export async function closeMeeting(input: { db: Database; acta: ActaRooms; actor: Actor; meetingId: string }) {
  const { db, acta, actor, meetingId } = input;
  const before = await authorizeMeeting(db, actor, meetingId, "manage");
  const early = closeRefusal(before.meeting.status);
  if (early) throw refusalError(early, meetingId);

  const unfreeze = acta.freeze(meetingId);
  try {
    const content = await acta.read(meetingId);
    // The sealed content is also what the room has stored.
    await acta.flush();
    return await db.transaction(async (tx) => {
      const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for("update");
      if (!meeting) throw meetingNotFound();
      const access = await accessOf(tx, actor, meeting);
      if (!access) throw meetingNotFound();
      if (!access.canManage) throw new DomainError("forbidden", "Solo quien convocó la sesión o la administración pueden cerrarla.", { meetingId });
      const refusal = closeRefusal(meeting.status);
      if (refusal) throw refusalError(refusal, meetingId);
      const sealedAt = new Date();
      const record = await recordOn(tx, meetingId, content, sealedAt, actor.userId, false);
      const sha256 = contentSha256(record);
      await tx.insert(meetingSeals).values({ meetingId, record, sha256, sealedAt, sealedBy: actor.userId });
      await tx.update(meetings).set({ status: "sealed", updatedAt: sealedAt }).where(eq(meetings.id, meetingId));
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "meeting.sealed",
        subjectType: "meeting",
        subjectId: meetingId,
        details: { sha256, approvedVersions: record.approvedVersions.map((v) => ({ versionId: v.versionId, sha256: v.sha256 })) },
      });
      await appendEvent(tx, { stream: meetingStream(meetingId), type: "meeting.sealed", data: { meetingId, actorId: actor.userId } });
      await notifyMeeting(tx, { meetingId, actorId: actor.userId, kind: "meeting_sealed", userIds: await attendeeUserIds(tx, meetingId) });
      return { status: "sealed" as const, sealedAt, sha256, record };
    });
  } catch (error) {
    unfreeze();
    throw error;
  }
}
