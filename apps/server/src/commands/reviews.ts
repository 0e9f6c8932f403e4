import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "@taller/db/sql";
import {
  can,
  canBeNamedReviewer,
  decisionTarget,
  DomainError,
  earlyCloseResult,
  isRoundMet,
  meetingDecisionRefusal,
  participantKey,
  pendingFor,
  roundResult,
  standingDecisions,
  type ReviewCreateInput,
  type ReviewDecisionInput,
  type ReviewParticipant,
  type ReviewResult,
  type ReviewNotificationKind,
} from "@taller/domain";
import {
  documents,
  documentVersions,
  meetings,
  notifications,
  organizations,
  reviewDecisions,
  reviewParticipants,
  reviewRounds,
  users,
  type Database,
  type Executor,
  type ReviewDecisionRow,
  type ReviewRound,
} from "@taller/db";
import { recordAudit } from "./audit";
import type { CommandProps } from "./props";
import { appendEvent, meetingStream, userStream } from "../live/outbox";
import { accessOf, meetingNotFound } from "../queries/meetings";
import { roundsOnAgenda } from "./meetings";
import { assertAllowed, roleIn } from "../queries/access";
import type { VersionAccess } from "../queries/versions";
import {
  dueRoundsCondition,
  peopleWhoMayAnswer,
  projectMembersWithOrg,
  reviewActor,
  reviewNotFound,
  roundDecisions,
  roundParticipants,
  type ReviewAccess,
} from "../queries/reviews";

/**
 * Review rounds. Each command is one transaction: the change, its audit entries (which also feed
 * the project's event stream) and the notifications it causes (rows plus an event on each
 * recipient's stream). Deciding and closing lock the round's row (FOR UPDATE) and decide again
 * under it, so two decisions that arrive together take turns: the second sees the first (and the
 * round closed, if the first met the rule), and nothing is decided after a close.
 *
 * Lock order, the same in every transaction that takes several: the document row (submit), the
 * round rows, then the project's event stream (recordAudit), then people's streams in id order
 * (`notify`) — as the comments commands do; taken in another order two transactions could wait on
 * each other forever (PostgreSQL reported such deadlocks before streams were locked in order).
 */

interface Recipient {
  userId: string;
  kind: ReviewNotificationKind;
  reviewId: string;
  /** The decision a `review_decided` notification is about. */
  decisionId?: string;
}

/** Writes the notifications (sorted by person: their streams are locked in id order) and tells each stream. */
async function notify(tx: Executor, input: { projectId: string; actorId: string | null; recipients: Recipient[] }): Promise<void> {
  const recipients = [...input.recipients].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  for (const r of recipients) {
    const [row] = await tx
      .insert(notifications)
      .values({ userId: r.userId, projectId: input.projectId, kind: r.kind, reviewId: r.reviewId, decisionId: r.decisionId ?? null, actorId: input.actorId })
      .returning({ id: notifications.id });
    await appendEvent(tx, { stream: userStream(r.userId), type: "notification.created", data: { notificationId: row!.id, projectId: input.projectId, reviewId: r.reviewId } });
  }
}

const to = (userIds: Iterable<string>, kind: ReviewNotificationKind, reviewId: string, except: string | null): Recipient[] =>
  [...new Set(userIds)].filter((id) => id !== except).map((userId) => ({ userId, kind, reviewId }));

/** Locks a round (FOR UPDATE) and reads it again. */
async function lockRound(tx: Executor, roundId: string): Promise<ReviewRound> {
  const [round] = await tx.select().from(reviewRounds).where(eq(reviewRounds.id, roundId)).for("update");
  if (!round) throw reviewNotFound();
  return round;
}

const closedError = (round: ReviewRound) =>
  new DomainError("review_closed", "La revisión ya está cerrada.", { reviewId: round.id, result: round.result, closeReason: round.closeReason });

/** The standing decisions of a round's history (the newest per participant). */
const standingOf = (history: Awaited<ReturnType<typeof roundDecisions>>) => standingDecisions(history);

/** Closes a locked open round with its result and reason; the trigger allows exactly this change. */
async function closeLocked(
  tx: Executor,
  round: ReviewRound,
  close: { result: ReviewResult | null; reason: "rule_met" | "closed_early" | "superseded"; by: string; supersededBy?: string },
): Promise<ReviewRound> {
  const [closed] = await tx
    .update(reviewRounds)
    .set({ status: "closed", result: close.result, closeReason: close.reason, closedBy: close.by, closedAt: sql`clock_timestamp()`, supersededBy: close.supersededBy ?? null })
    .where(and(eq(reviewRounds.id, round.id), eq(reviewRounds.status, "open")))
    .returning();
  if (!closed) throw new Error(`round ${round.id} was not open when closed`);
  return closed;
}

/** The audit entry (and project event) of a round's close. */
async function auditClose(tx: Executor, actorId: string | null, closed: ReviewRound): Promise<void> {
  await recordAudit(tx, {
    actorId,
    action: "review.closed",
    subjectType: "review",
    subjectId: closed.id,
    projectId: closed.projectId,
    details: { versionId: closed.versionId, documentId: closed.documentId, result: closed.result, closeReason: closed.closeReason, supersededBy: closed.supersededBy },
    event: { reviewId: closed.id, versionId: closed.versionId, documentId: closed.documentId, result: closed.result, closeReason: closed.closeReason },
  });
}

/** Who hears that a round closed: its submitter and the people who may answer for its participants. */
async function closeRecipients(tx: Executor, round: ReviewRound, participants: readonly ReviewParticipant[], actorId: string): Promise<Recipient[]> {
  const members = await projectMembersWithOrg(tx, round.projectId);
  const people = [round.createdBy, ...peopleWhoMayAnswer(participants, members)].filter((id) => id === round.createdBy ? members.has(id) : true);
  return to(people, "review_closed", round.id, actorId);
}

// ---------------------------------------------------------------------------------------------
// Submit

type InvalidParticipant = { key: string; reason: "unknown" | "cannot_answer" | "no_member" };

/**
 * Submits a version for review. Under a lock of the document row (submits of one document take
 * turns, and with version creation): the actor's role again, the participants against the database
 * (people must exist and be able to answer — the domain's `canBeNamedReviewer` with their project
 * role; agencies must exist and have at least one project member), then the document's open round:
 * on this version 409 `review_open`; on a later version 409 `version_outdated`; on an earlier one
 * 409 `review_open` unless `supersede: true`, in which case it closes as `superseded` (with its
 * early-close result) naming the new round, in this transaction.
 */
export async function submitRound({ db, actor, access, input }: CommandProps<ReviewCreateInput, VersionAccess>): Promise<ReviewRound> {
  const { version, document } = access;
  if (input.dueAt !== undefined && Date.parse(input.dueAt) <= Date.now()) {
    throw new DomainError("validation_failed", "Datos inválidos: dueAt (too_small).", { issues: [{ path: "dueAt", code: "too_small" }] });
  }
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: documents.id }).from(documents).where(eq(documents.id, document.id)).for("no key update");
    if (!locked) throw new Error(`document ${document.id} vanished while submitting a review`);
    assertAllowed(actor, "review.submit", { project: access.project, role: await roleIn(tx, version.projectId, actor.userId) });

    const participants: ReviewParticipant[] = input.participants;
    const members = await projectMembersWithOrg(tx, version.projectId);
    const invalid: InvalidParticipant[] = [];
    const userIds = participants.flatMap((p) => ("userId" in p ? [p.userId] : []));
    const orgIds = participants.flatMap((p) => ("orgId" in p ? [p.orgId] : []));
    const knownUsers = new Map(
      userIds.length ? (await tx.select({ id: users.id, orgId: users.orgId }).from(users).where(inArray(users.id, userIds))).map((u) => [u.id, u.orgId]) : [],
    );
    const knownOrgs = new Set(
      orgIds.length ? (await tx.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, orgIds))).map((o) => o.id) : [],
    );
    for (const p of participants) {
      const key = participantKey(p);
      if ("userId" in p) {
        const orgId = knownUsers.get(p.userId);
        if (orgId === undefined) invalid.push({ key, reason: "unknown" });
        else if (!canBeNamedReviewer({ userId: p.userId, orgId, role: members.get(p.userId)?.role ?? null }, participants)) invalid.push({ key, reason: "cannot_answer" });
      } else if (!knownOrgs.has(p.orgId)) invalid.push({ key, reason: "unknown" });
      else if (![...members.values()].some((m) => m.orgId === p.orgId)) invalid.push({ key, reason: "no_member" });
    }
    if (invalid.length > 0) {
      throw new DomainError("invalid_participant", "Hay participantes que no pueden tomar parte en esta revisión.", { participants: invalid });
    }

    const [open] = await tx
      .select({ round: reviewRounds, number: documentVersions.number })
      .from(reviewRounds)
      .innerJoin(documentVersions, eq(documentVersions.id, reviewRounds.versionId))
      .where(and(eq(reviewRounds.documentId, document.id), eq(reviewRounds.status, "open")))
      .for("update", { of: reviewRounds });
    const newId = randomUUID();
    const recipients: Recipient[] = [];
    let superseded: ReviewRound | null = null;
    if (open) {
      const details = { reviewId: open.round.id, versionId: open.round.versionId };
      if (open.round.versionId === version.id) throw new DomainError("review_open", "Esta versión ya está en revisión.", details);
      if (open.number > version.number) throw new DomainError("version_outdated", "Una versión más reciente del documento ya está en revisión.", details);
      if (input.supersede !== true) {
        throw new DomainError("review_open", "El documento tiene una revisión abierta de una versión anterior; envía con supersede para reemplazarla.", details);
      }
      const oldParticipants = await roundParticipants(tx, open.round.id);
      const standing = standingOf(await roundDecisions(tx, open.round.id));
      superseded = await closeLocked(tx, open.round, {
        result: earlyCloseResult(open.round.rule, oldParticipants, standing),
        reason: "superseded",
        by: actor.userId,
        supersededBy: newId,
      });
      recipients.push(...(await closeRecipients(tx, superseded, oldParticipants, actor.userId)));
    }

    const [round] = await tx
      .insert(reviewRounds)
      .values({
        id: newId,
        versionId: version.id,
        documentId: document.id,
        projectId: version.projectId,
        rule: input.rule,
        dueAt: input.dueAt !== undefined ? new Date(input.dueAt) : null,
        createdBy: actor.userId,
      })
      .returning();
    await tx.insert(reviewParticipants).values(
      participants.map((p, position) => ({ roundId: newId, position, userId: "userId" in p ? p.userId : null, orgId: "orgId" in p ? p.orgId : null })),
    );
    if (superseded) await auditClose(tx, actor.userId, superseded);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "review.submitted",
      subjectType: "review",
      subjectId: newId,
      projectId: version.projectId,
      details: {
        versionId: version.id,
        documentId: document.id,
        number: version.number,
        rule: input.rule,
        dueAt: input.dueAt ?? null,
        participants: participants.map(participantKey),
        supersedes: superseded?.id ?? null,
      },
      event: { reviewId: newId, versionId: version.id, documentId: document.id, supersedes: superseded?.id ?? null },
    });
    // Everyone who may answer is asked (not the submitter, who knows).
    recipients.push(...to(peopleWhoMayAnswer(participants, members), "review_requested", newId, actor.userId));
    await notify(tx, { projectId: version.projectId, actorId: actor.userId, recipients });
    return round!;
  });
}

// ---------------------------------------------------------------------------------------------
// Decide

/**
 * Records a decision for the participant the domain's `decisionTarget` gives (the actor as a named
 * person, or their agency: its dictamen, signed by them; `forOrgId` picks the agency). 403 when the
 * actor answers for no participant, 409 `review_closed` on a closed round. A change of mind is a
 * new row; the history keeps the earlier one. When the rule is met (`isRoundMet`) the round closes
 * in the same transaction with `roundResult`.
 */
export async function decide({ db, actor, access, input }: CommandProps<ReviewDecisionInput, ReviewAccess>): Promise<{ decision: ReviewDecisionRow; round: ReviewRound }> {
  return db.transaction(async (tx) => {
    const round = await lockRound(tx, access.round.id);
    const me = await reviewActor(tx, actor.userId, round.projectId);
    if (me.role === null && !actor.isAdmin) throw reviewNotFound();
    const participants = await roundParticipants(tx, round.id);
    const target = decisionTarget(me, participants, input.forOrgId);
    if (!target) {
      throw new DomainError(
        "forbidden",
        input.forOrgId !== undefined
          ? "No puedes responder por esa dependencia en esta revisión."
          : "Solo quien revisa el proyecto o un miembro de una dependencia participante puede decidir en esta revisión.",
        { reviewId: round.id },
      );
    }
    if (round.status !== "open") throw closedError(round);
    // Taken in a meeting: one the actor reads, in progress, with this round on its agenda. Its
    // row is held (FOR SHARE) until commit, so the meeting cannot be sealed in between.
    if (input.meetingId !== undefined) {
      const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, input.meetingId)).for("share");
      if (!meeting || !(await accessOf(tx, actor, meeting))) throw meetingNotFound();
      const refusal = meetingDecisionRefusal(meeting.status, (await roundsOnAgenda(tx, meeting.id, [round.id])).has(round.id));
      if (refusal === "meeting_not_in_progress") throw new DomainError(refusal, "La sesión no está en curso: la decisión no puede registrarse en ella.", { meetingId: meeting.id });
      if (refusal === "not_on_agenda") throw new DomainError(refusal, "Esta revisión no está en el orden del día de la sesión.", { meetingId: meeting.id, reviewId: round.id });
    }

    const [decision] = await tx
      .insert(reviewDecisions)
      .values({
        roundId: round.id,
        userId: "userId" in target ? target.userId : null,
        orgId: "orgId" in target ? target.orgId : null,
        decidedBy: actor.userId,
        decision: input.decision,
        reason: input.reason ? input.reason : null,
        conditions: input.conditions ? input.conditions : null,
        meetingId: input.meetingId ?? null,
        // The time the decision is taken under the round's lock (a transaction's now() is when it
        // began, possibly before an earlier decision that held the lock): orders the history.
        createdAt: sql`clock_timestamp()`,
      })
      .returning();
    const standing = standingOf(await roundDecisions(tx, round.id));
    const met = isRoundMet(round.rule, participants, standing);
    const closed = met ? await closeLocked(tx, round, { result: roundResult(round.rule, participants, standing), reason: "rule_met", by: actor.userId }) : null;

    await recordAudit(tx, {
      actorId: actor.userId,
      action: "review.decided",
      subjectType: "review",
      subjectId: round.id,
      projectId: round.projectId,
      details: {
        versionId: round.versionId,
        documentId: round.documentId,
        decisionId: decision!.id,
        participant: participantKey(target),
        decision: input.decision,
        reasonLength: input.reason?.length ?? 0,
        conditionsLength: input.conditions?.length ?? 0,
        meetingId: input.meetingId ?? null,
      },
      event: { reviewId: round.id, versionId: round.versionId, documentId: round.documentId, decisionId: decision!.id, participantKey: participantKey(target) },
    });
    if (closed) await auditClose(tx, actor.userId, closed);
    if (input.meetingId !== undefined) {
      await appendEvent(tx, { stream: meetingStream(input.meetingId), type: "meeting.decision", data: { meetingId: input.meetingId, reviewId: round.id } });
    }

    // The submitter and the project's owners hear of each decision; when it closed the round,
    // everyone concerned hears of the close instead (one notification each).
    const members = await projectMembersWithOrg(tx, round.projectId);
    const owners = [...members].filter(([, m]) => m.role === "owner").map(([id]) => id);
    const closing = closed ? await closeRecipients(tx, closed, participants, actor.userId) : [];
    const hearsClose = new Set(closing.map((r) => r.userId));
    const deciding = to([round.createdBy, ...owners].filter((id) => members.has(id) && !hearsClose.has(id)), "review_decided", round.id, actor.userId).map((r) => ({
      ...r,
      decisionId: decision!.id,
    }));
    await notify(tx, { projectId: round.projectId, actorId: actor.userId, recipients: [...deciding, ...closing] });
    return { decision: decision!, round: closed ?? round };
  });
}

// ---------------------------------------------------------------------------------------------
// Close

/**
 * Closes an open round before its rule is met: the project's owners (`review.closeAny`), or the
 * person who submitted it while they may still submit. The result is the domain's
 * `earlyCloseResult` (never an approval the rule did not reach); 409 `review_closed` once closed.
 */
export async function closeRound({ db, actor, access }: CommandProps<Record<string, never>, ReviewAccess>): Promise<ReviewRound> {
  return db.transaction(async (tx) => {
    const round = await lockRound(tx, access.round.id);
    const role = await roleIn(tx, round.projectId, actor.userId);
    if (role === null && !actor.isAdmin) throw reviewNotFound();
    const subject = { role };
    const allowed = can(actor, "review.closeAny", subject) || (round.createdBy === actor.userId && can(actor, "review.submit", subject));
    if (!allowed) throw new DomainError("forbidden", "Solo la persona responsable del proyecto o quien envió la revisión pueden cerrarla.", { reviewId: round.id });
    if (round.status !== "open") throw closedError(round);
    const participants = await roundParticipants(tx, round.id);
    const standing = standingOf(await roundDecisions(tx, round.id));
    const closed = await closeLocked(tx, round, { result: earlyCloseResult(round.rule, participants, standing), reason: "closed_early", by: actor.userId });
    await auditClose(tx, actor.userId, closed);
    await notify(tx, { projectId: round.projectId, actorId: actor.userId, recipients: await closeRecipients(tx, closed, participants, actor.userId) });
    return closed;
  });
}

// ---------------------------------------------------------------------------------------------
// Due reminders

/** A reminder goes out when a round is due within this long (or overdue). */
export const DUE_REMINDER_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Writes the `review_due` notifications of rounds due within a day (or overdue) whose reminder has
 * not gone out: to each member for whom the round is still pending (the domain's `pendingFor`),
 * once per round (`due_reminded_at` is set in the same transaction). One round per transaction,
 * claimed FOR UPDATE SKIP LOCKED, so several server processes never remind twice and a round being
 * decided is simply taken on the next sweep. Returns how many rounds were handled.
 */
export async function sendDueReminders(db: Database, now: Date = new Date()): Promise<number> {
  const until = new Date(now.getTime() + DUE_REMINDER_WINDOW_MS);
  let handled = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const [round] = await tx.select().from(reviewRounds).where(dueRoundsCondition(until)).orderBy(reviewRounds.dueAt).limit(1).for("update", { skipLocked: true });
      if (!round) return false;
      const participants = await roundParticipants(tx, round.id);
      const standing = standingOf(await roundDecisions(tx, round.id));
      const members = await projectMembersWithOrg(tx, round.projectId);
      const pending = [...members]
        .filter(([userId, m]) => pendingFor({ userId, orgId: m.orgId, role: m.role }, participants, standing).length > 0)
        .map(([userId]) => userId);
      await tx.update(reviewRounds).set({ dueRemindedAt: now }).where(eq(reviewRounds.id, round.id));
      await notify(tx, { projectId: round.projectId, actorId: null, recipients: to(pending, "review_due", round.id, null) });
      return true;
    });
    if (!done) return handled;
    handled++;
  }
}
