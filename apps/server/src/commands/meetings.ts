import { and, eq, inArray, sql } from "@taller/db/sql";
import {
  canConvene,
  canScheduleReview,
  DomainError,
  meetingChangeRefusal,
  type Actor,
  type AddendumCreateInput,
  type AgendaItemCreateInput,
  type AgendaOrderInput,
  type AgreementCreateInput,
  type AgreementUpdateInput,
  type AttendancePatchInput,
  type AttendeeCreateInput,
  type CurrentItemInput,
  type MeetingCreateInput,
  type MeetingNotificationKind,
  type MeetingUpdateInput,
} from "@taller/domain";
import {
  meetingAddenda,
  meetingAgendaItems,
  meetingAgreements,
  meetingAttendees,
  meetings,
  notifications,
  organizations,
  reviewRounds,
  users,
  type Database,
  type Executor,
  type Meeting,
  type MeetingAddendum,
  type MeetingAgendaItem,
  type MeetingAgreement,
  type MeetingAttendee,
} from "@taller/db";
import { recordAudit } from "./audit";
import { appendEvent, meetingStream, userStream } from "../live/outbox";
import { accessOf, meetingNotFound, ownedProjectCount, sealOf, type MeetingAccess } from "../queries/meetings";
import { roleIn } from "../queries/access";
import { reviewNotFound } from "../queries/reviews";
import { contentSha256 } from "../versions/hash";

/**
 * Meetings. Each command is one transaction: it locks the meeting's row (FOR UPDATE), decides
 * again under it (the actor may still manage it, it is neither sealed nor cancelled), makes the
 * change, writes the audit entry and appends an event to the meeting's stream (`meeting:<id>`,
 * data `{ meetingId, actorId }`: ids only). Lock order, as in the other commands: the meeting row,
 * then rounds (read only), project streams (recordAudit), the meeting's stream, people's streams
 * in id order.
 */

export interface MeetingCommand<Input> {
  db: Database;
  actor: Actor;
  meetingId: string;
  input: Input;
}

/** Locks a meeting and decides `manage` again under the lock; refuses sealed and cancelled ones. */
async function lockForChange(tx: Executor, actor: Actor, meetingId: string, options: { allowFinal?: boolean } = {}): Promise<MeetingAccess> {
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for("update");
  if (!meeting) throw meetingNotFound();
  const access = await accessOf(tx, actor, meeting);
  if (!access) throw meetingNotFound();
  if (!access.canManage) throw new DomainError("forbidden", "Solo quien convocó la sesión o la administración pueden hacer esto.", { meetingId });
  const refusal = options.allowFinal ? null : meetingChangeRefusal(meeting.status);
  if (refusal === "meeting_sealed") throw new DomainError(refusal, "La sesión está sellada: no cambia más. Las correcciones se agregan como adenda.", { meetingId });
  if (refusal === "meeting_cancelled") throw new DomainError(refusal, "La sesión fue cancelada.", { meetingId });
  return access;
}

/** The audit entry of a meeting change (no project: a meeting may span several) and its meeting event. */
async function record(tx: Executor, actor: Actor, meetingId: string, action: string, type: string, details: Record<string, unknown> = {}): Promise<void> {
  await recordAudit(tx, { actorId: actor.userId, action, subjectType: "meeting", subjectId: meetingId, details });
  await appendEvent(tx, { stream: meetingStream(meetingId), type, data: { meetingId, actorId: actor.userId } });
}

const touch = (tx: Executor, meetingId: string, set: Partial<Meeting> = {}) =>
  tx
    .update(meetings)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(meetings.id, meetingId))
    .returning()
    .then((rows) => rows[0]!);

/** Writes meeting notifications (sorted by person: their streams are locked in id order) and tells each stream. */
export async function notifyMeeting(tx: Executor, input: { meetingId: string; actorId: string; kind: MeetingNotificationKind; userIds: Iterable<string> }): Promise<void> {
  const recipients = [...new Set(input.userIds)].filter((id) => id !== input.actorId).sort();
  for (const userId of recipients) {
    const [row] = await tx
      .insert(notifications)
      .values({ userId, projectId: null, kind: input.kind, meetingId: input.meetingId, actorId: input.actorId })
      .returning({ id: notifications.id });
    await appendEvent(tx, { stream: userStream(userId), type: "notification.created", data: { notificationId: row!.id, meetingId: input.meetingId } });
  }
}

/** A person's name and agency, for an attendee row (copied: the list reads the same later). */
async function personForAttendee(tx: Executor, userId: string) {
  const [person] = await tx
    .select({ id: users.id, name: users.name, orgId: organizations.id, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, userId));
  if (!person) throw new DomainError("user_not_found", "No existe esa persona.", { userId });
  return person;
}

const endsBeforeStart = () =>
  new DomainError("validation_failed", "Datos inválidos: endsAt (invalid).", { issues: [{ path: "endsAt", code: "invalid" }] });

// ---------------------------------------------------------------------------------------------
// The meeting

/** Convenes a meeting (admins and owners of a project); the convener is its first attendee. */
export async function createMeeting({ db, actor, input }: Omit<MeetingCommand<MeetingCreateInput>, "meetingId">): Promise<Meeting> {
  return db.transaction(async (tx) => {
    if (!canConvene(actor, await ownedProjectCount(tx, actor.userId))) {
      throw new DomainError("forbidden", "Solo la administración o quien es responsable de un proyecto puede convocar una sesión.");
    }
    const [meeting] = await tx
      .insert(meetings)
      .values({
        title: input.title,
        kind: input.kind,
        startsAt: new Date(input.startsAt),
        endsAt: input.endsAt ? new Date(input.endsAt) : null,
        place: input.place || null,
        link: input.link || null,
        convenerId: actor.userId,
      })
      .returning();
    const me = await personForAttendee(tx, actor.userId);
    await tx.insert(meetingAttendees).values({ meetingId: meeting!.id, userId: me.id, name: me.name, orgName: me.orgName, orgId: me.orgId, position: 0 });
    await record(tx, actor, meeting!.id, "meeting.created", "meeting.updated", { kind: input.kind, startsAt: input.startsAt });
    return meeting!;
  });
}

/** Edits the meeting's facts while it is scheduled or in progress. */
export async function updateMeeting({ db, actor, meetingId, input }: MeetingCommand<MeetingUpdateInput>): Promise<Meeting> {
  return db.transaction(async (tx) => {
    const { meeting } = await lockForChange(tx, actor, meetingId);
    const startsAt = input.startsAt !== undefined ? new Date(input.startsAt) : meeting.startsAt;
    const endsAt = input.endsAt !== undefined ? new Date(input.endsAt) : meeting.endsAt;
    if (endsAt !== null && endsAt.getTime() <= startsAt.getTime()) throw endsBeforeStart();
    const updated = await touch(tx, meetingId, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      startsAt,
      endsAt,
      ...(input.place !== undefined ? { place: input.place || null } : {}),
      ...(input.link !== undefined ? { link: input.link || null } : {}),
    });
    await record(tx, actor, meetingId, "meeting.updated", "meeting.updated", { fields: Object.keys(input) });
    return updated;
  });
}

/** scheduled → in_progress (starting an in-progress meeting again changes nothing). */
export async function startMeeting({ db, actor, meetingId }: MeetingCommand<unknown>): Promise<Meeting> {
  return db.transaction(async (tx) => {
    const { meeting } = await lockForChange(tx, actor, meetingId);
    if (meeting.status === "in_progress") return meeting;
    const updated = await touch(tx, meetingId, { status: "in_progress" });
    await record(tx, actor, meetingId, "meeting.started", "meeting.started");
    return updated;
  });
}

/** Cancels a scheduled or in-progress meeting (final; a cancelled meeting is never sealed). */
export async function cancelMeeting({ db, actor, meetingId }: MeetingCommand<unknown>): Promise<Meeting> {
  return db.transaction(async (tx) => {
    await lockForChange(tx, actor, meetingId);
    const updated = await touch(tx, meetingId, { status: "cancelled", cancelledAt: new Date() });
    await record(tx, actor, meetingId, "meeting.cancelled", "meeting.cancelled");
    return updated;
  });
}

/** The agenda item meeting mode shows (null: none); everyone connected follows it. */
export async function setCurrentItem({ db, actor, meetingId, input }: MeetingCommand<CurrentItemInput>): Promise<Meeting> {
  return db.transaction(async (tx) => {
    await lockForChange(tx, actor, meetingId);
    if (input.itemId !== null) await agendaItemIn(tx, meetingId, input.itemId);
    const updated = await touch(tx, meetingId, { currentItemId: input.itemId });
    await record(tx, actor, meetingId, "meeting.current_item", "meeting.current", { itemId: input.itemId });
    return updated;
  });
}

// ---------------------------------------------------------------------------------------------
// Agenda

async function agendaItemIn(tx: Executor, meetingId: string, itemId: string): Promise<MeetingAgendaItem> {
  const [item] = await tx
    .select()
    .from(meetingAgendaItems)
    .where(and(eq(meetingAgendaItems.id, itemId), eq(meetingAgendaItems.meetingId, meetingId)));
  if (!item) throw new DomainError("agenda_item_not_found", "No existe ese punto del orden del día.", { itemId });
  return item;
}

/**
 * Adds an open review round (its project's owner, or an admin, convenes; once per meeting) or a
 * free topic at the end of the agenda. A round's project gets a `meeting.scheduled_review` event.
 */
export async function addAgendaItem({ db, actor, meetingId, input }: MeetingCommand<AgendaItemCreateInput>): Promise<MeetingAgendaItem> {
  return db.transaction(async (tx) => {
    await lockForChange(tx, actor, meetingId);
    const [last] = await tx
      .select({ max: sql<number | null>`max(${meetingAgendaItems.position})` })
      .from(meetingAgendaItems)
      .where(eq(meetingAgendaItems.meetingId, meetingId));
    const position = (last?.max ?? 0) + 1;
    if ("reviewId" in input) {
      const [round] = await tx.select().from(reviewRounds).where(eq(reviewRounds.id, input.reviewId));
      const role = round ? await roleIn(tx, round.projectId, actor.userId) : null;
      // A round of a project the convener cannot see does not exist for them.
      if (!round || (role === null && !actor.isAdmin)) throw reviewNotFound();
      if (!canScheduleReview(actor, role)) throw new DomainError("forbidden", "Solo quien es responsable del proyecto de la revisión puede ponerla en el orden del día.", { reviewId: round.id });
      if (round.status !== "open") throw new DomainError("review_closed", "La revisión ya está cerrada.", { reviewId: round.id });
      const [dup] = await tx
        .select({ id: meetingAgendaItems.id })
        .from(meetingAgendaItems)
        .where(and(eq(meetingAgendaItems.meetingId, meetingId), eq(meetingAgendaItems.reviewId, round.id)));
      if (dup) throw new DomainError("agenda_duplicate", "Esa revisión ya está en el orden del día.", { itemId: dup.id });
      const [item] = await tx.insert(meetingAgendaItems).values({ meetingId, position, reviewId: round.id }).returning();
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "meeting.scheduled_review",
        subjectType: "review",
        subjectId: round.id,
        projectId: round.projectId,
        details: { meetingId, itemId: item!.id },
        event: { meetingId, reviewId: round.id },
      });
      await record(tx, actor, meetingId, "meeting.agenda_added", "meeting.agenda", { itemId: item!.id, reviewId: round.id });
      return item!;
    }
    const [item] = await tx
      .insert(meetingAgendaItems)
      .values({ meetingId, position, topic: input.topic, notes: input.notes || null })
      .returning();
    await record(tx, actor, meetingId, "meeting.agenda_added", "meeting.agenda", { itemId: item!.id });
    return item!;
  });
}

/** Removes an agenda item (and it stops being the current one). */
export async function removeAgendaItem({ db, actor, meetingId, input }: MeetingCommand<{ itemId: string }>): Promise<void> {
  await db.transaction(async (tx) => {
    const { meeting } = await lockForChange(tx, actor, meetingId);
    const item = await agendaItemIn(tx, meetingId, input.itemId);
    if (meeting.currentItemId === item.id) await touch(tx, meetingId, { currentItemId: null });
    await tx.update(meetingAgreements).set({ agendaItemId: null }).where(eq(meetingAgreements.agendaItemId, item.id));
    await tx.delete(meetingAgendaItems).where(eq(meetingAgendaItems.id, item.id));
    if (item.reviewId) {
      const [round] = await tx.select({ projectId: reviewRounds.projectId }).from(reviewRounds).where(eq(reviewRounds.id, item.reviewId));
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "meeting.unscheduled_review",
        subjectType: "review",
        subjectId: item.reviewId,
        projectId: round!.projectId,
        details: { meetingId, itemId: item.id },
        event: { meetingId, reviewId: item.reviewId },
      });
    }
    await record(tx, actor, meetingId, "meeting.agenda_removed", "meeting.agenda", { itemId: item.id });
  });
}

/** Puts the agenda in the given order: exactly the current item ids, each once (else 400). */
export async function reorderAgenda({ db, actor, meetingId, input }: MeetingCommand<AgendaOrderInput>): Promise<void> {
  await db.transaction(async (tx) => {
    await lockForChange(tx, actor, meetingId);
    const current = await tx.select({ id: meetingAgendaItems.id }).from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId));
    const ids = new Set(current.map((c) => c.id));
    if (ids.size !== input.itemIds.length || !input.itemIds.every((id) => ids.has(id))) {
      throw new DomainError("validation_failed", "Datos inválidos: itemIds (invalid).", { issues: [{ path: "itemIds", code: "invalid" }] });
    }
    for (const [index, id] of input.itemIds.entries()) {
      await tx.update(meetingAgendaItems).set({ position: index + 1 }).where(eq(meetingAgendaItems.id, id));
    }
    await record(tx, actor, meetingId, "meeting.agenda_reordered", "meeting.agenda");
  });
}

// ---------------------------------------------------------------------------------------------
// Attendees

/** Invites a person with an account (notified: `meeting_invited`) or a guest by name and agency. */
export async function addAttendee({ db, actor, meetingId, input }: MeetingCommand<AttendeeCreateInput>): Promise<MeetingAttendee> {
  return db.transaction(async (tx) => {
    await lockForChange(tx, actor, meetingId);
    const [last] = await tx
      .select({ max: sql<number | null>`max(${meetingAttendees.position})` })
      .from(meetingAttendees)
      .where(eq(meetingAttendees.meetingId, meetingId));
    const position = (last?.max ?? -1) + 1;
    if ("userId" in input) {
      const person = await personForAttendee(tx, input.userId);
      const [dup] = await tx
        .select({ id: meetingAttendees.id })
        .from(meetingAttendees)
        .where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.userId, person.id)));
      if (dup) throw new DomainError("attendee_duplicate", "Esa persona ya está convocada.", { attendeeId: dup.id });
      const [attendee] = await tx
        .insert(meetingAttendees)
        .values({ meetingId, userId: person.id, name: person.name, orgName: person.orgName, orgId: person.orgId, position })
        .returning();
      await record(tx, actor, meetingId, "meeting.attendee_added", "meeting.attendees", { attendeeId: attendee!.id, userId: person.id });
      await notifyMeeting(tx, { meetingId, actorId: actor.userId, kind: "meeting_invited", userIds: [person.id] });
      return attendee!;
    }
    const [attendee] = await tx.insert(meetingAttendees).values({ meetingId, name: input.name, orgName: input.orgName, position }).returning();
    await record(tx, actor, meetingId, "meeting.attendee_added", "meeting.attendees", { attendeeId: attendee!.id, guest: true });
    return attendee!;
  });
}

async function attendeeIn(tx: Executor, meetingId: string, attendeeId: string): Promise<MeetingAttendee> {
  const [attendee] = await tx
    .select()
    .from(meetingAttendees)
    .where(and(eq(meetingAttendees.id, attendeeId), eq(meetingAttendees.meetingId, meetingId)));
  if (!attendee) throw new DomainError("attendee_not_found", "No existe esa persona entre las convocadas.", { attendeeId });
  return attendee;
}

/** Records attendance (presente, ausente, representado por …, or back to pending). */
export async function setAttendance({ db, actor, meetingId, input }: MeetingCommand<AttendancePatchInput & { attendeeId: string }>): Promise<MeetingAttendee> {
  return db.transaction(async (tx) => {
    await lockForChange(tx, actor, meetingId);
    const attendee = await attendeeIn(tx, meetingId, input.attendeeId);
    const [updated] = await tx
      .update(meetingAttendees)
      .set({ attendance: input.attendance, representedBy: input.attendance === "represented" ? input.representedBy! : null })
      .where(eq(meetingAttendees.id, attendee.id))
      .returning();
    await record(tx, actor, meetingId, "meeting.attendance", "meeting.attendees", { attendeeId: attendee.id, attendance: input.attendance });
    return updated!;
  });
}

/** Removes an attendee; never the convener. */
export async function removeAttendee({ db, actor, meetingId, input }: MeetingCommand<{ attendeeId: string }>): Promise<void> {
  await db.transaction(async (tx) => {
    const { meeting } = await lockForChange(tx, actor, meetingId);
    const attendee = await attendeeIn(tx, meetingId, input.attendeeId);
    if (attendee.userId === meeting.convenerId) throw new DomainError("forbidden", "Quien convoca la sesión no puede quitarse de la lista.", { attendeeId: attendee.id });
    await tx.delete(meetingAttendees).where(eq(meetingAttendees.id, attendee.id));
    await record(tx, actor, meetingId, "meeting.attendee_removed", "meeting.attendees", { attendeeId: attendee.id });
  });
}

// ---------------------------------------------------------------------------------------------
// Agreements

async function checkAgreementRefs(tx: Executor, meetingId: string, input: { agendaItemId?: string; responsibleUserId?: string }): Promise<void> {
  if (input.agendaItemId !== undefined) await agendaItemIn(tx, meetingId, input.agendaItemId);
  if (input.responsibleUserId !== undefined) {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.responsibleUserId));
    if (!user) throw new DomainError("user_not_found", "No existe esa persona.", { userId: input.responsibleUserId });
  }
}

/** Records an agreement (acuerdo) with its responsible and due date. */
export async function addAgreement({ db, actor, meetingId, input }: MeetingCommand<AgreementCreateInput>): Promise<MeetingAgreement> {
  return db.transaction(async (tx) => {
    await lockForChange(tx, actor, meetingId);
    await checkAgreementRefs(tx, meetingId, input);
    const [agreement] = await tx
      .insert(meetingAgreements)
      .values({
        meetingId,
        agendaItemId: input.agendaItemId ?? null,
        text: input.text,
        responsibleUserId: input.responsibleUserId ?? null,
        responsibleName: input.responsibleName ?? null,
        dueOn: input.dueOn,
        createdBy: actor.userId,
      })
      .returning();
    await record(tx, actor, meetingId, "meeting.agreement_added", "meeting.agreements", { agreementId: agreement!.id });
    return agreement!;
  });
}

async function agreementIn(tx: Executor, meetingId: string, agreementId: string): Promise<MeetingAgreement> {
  const [agreement] = await tx
    .select()
    .from(meetingAgreements)
    .where(and(eq(meetingAgreements.id, agreementId), eq(meetingAgreements.meetingId, meetingId)));
  if (!agreement) throw new DomainError("agreement_not_found", "No existe ese acuerdo.", { agreementId });
  return agreement;
}

/** Changes an agreement; naming one kind of responsible replaces the other. */
export async function updateAgreement({ db, actor, meetingId, input }: MeetingCommand<AgreementUpdateInput & { agreementId: string }>): Promise<MeetingAgreement> {
  return db.transaction(async (tx) => {
    await lockForChange(tx, actor, meetingId);
    const agreement = await agreementIn(tx, meetingId, input.agreementId);
    await checkAgreementRefs(tx, meetingId, input);
    const [updated] = await tx
      .update(meetingAgreements)
      .set({
        ...(input.text !== undefined ? { text: input.text } : {}),
        ...(input.agendaItemId !== undefined ? { agendaItemId: input.agendaItemId } : {}),
        ...(input.dueOn !== undefined ? { dueOn: input.dueOn } : {}),
        ...(input.responsibleUserId !== undefined ? { responsibleUserId: input.responsibleUserId, responsibleName: null } : {}),
        ...(input.responsibleName !== undefined ? { responsibleName: input.responsibleName, responsibleUserId: null } : {}),
      })
      .where(eq(meetingAgreements.id, agreement.id))
      .returning();
    await record(tx, actor, meetingId, "meeting.agreement_updated", "meeting.agreements", { agreementId: agreement.id });
    return updated!;
  });
}

export async function removeAgreement({ db, actor, meetingId, input }: MeetingCommand<{ agreementId: string }>): Promise<void> {
  await db.transaction(async (tx) => {
    await lockForChange(tx, actor, meetingId);
    const agreement = await agreementIn(tx, meetingId, input.agreementId);
    await tx.delete(meetingAgreements).where(eq(meetingAgreements.id, agreement.id));
    await record(tx, actor, meetingId, "meeting.agreement_removed", "meeting.agreements", { agreementId: agreement.id });
  });
}

// ---------------------------------------------------------------------------------------------
// Addenda

/**
 * The SHA-256 of an addendum: the JCS hash of `{ format: "taller.addendum/1", meetingId,
 * sealSha256, body, createdBy, createdAt }` (createdAt as ISO), so it can be checked like the seal.
 */
export function addendumSha256(a: { meetingId: string; sealSha256: string; body: string; createdBy: string; createdAt: Date }): string {
  return contentSha256({ format: "taller.addendum/1", meetingId: a.meetingId, sealSha256: a.sealSha256, body: a.body, createdBy: a.createdBy, createdAt: a.createdAt.toISOString() });
}

/** A correction to a sealed acta: only for sealed meetings, referencing the seal's hash. */
export async function addAddendum({ db, actor, meetingId, input }: MeetingCommand<AddendumCreateInput>): Promise<MeetingAddendum> {
  return db.transaction(async (tx) => {
    const { meeting } = await lockForChange(tx, actor, meetingId, { allowFinal: true });
    if (meeting.status !== "sealed") throw new DomainError("meeting_not_sealed", "Solo una sesión sellada recibe adendas; antes, corrija el acta.", { meetingId });
    const seal = await sealOf(tx, meetingId);
    if (!seal) throw new Error(`meeting ${meetingId} is sealed without a seal`);
    const createdAt = new Date();
    const sha256 = addendumSha256({ meetingId, sealSha256: seal.sha256, body: input.body, createdBy: actor.userId, createdAt });
    const [addendum] = await tx
      .insert(meetingAddenda)
      .values({ meetingId, sealSha256: seal.sha256, body: input.body, sha256, createdBy: actor.userId, createdAt })
      .returning();
    await record(tx, actor, meetingId, "meeting.addendum", "meeting.addendum", { addendumId: addendum!.id, sha256 });
    return addendum!;
  });
}

/** Whether these rounds are on the meeting's agenda (for decisions taken in a meeting). */
export async function roundsOnAgenda(tx: Executor, meetingId: string, roundIds: string[]): Promise<Set<string>> {
  if (roundIds.length === 0) return new Set();
  const rows = await tx
    .select({ reviewId: meetingAgendaItems.reviewId })
    .from(meetingAgendaItems)
    .where(and(eq(meetingAgendaItems.meetingId, meetingId), inArray(meetingAgendaItems.reviewId, roundIds)));
  return new Set(rows.map((r) => r.reviewId!));
}
