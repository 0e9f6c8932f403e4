import { eq } from "@taller/db/sql";
import {
  canChangeComment,
  canComment,
  canResolveThread,
  commentRecipients,
  DomainError,
  mentionedUserIds,
  resolutionRecipients,
  type Actor,
  type NotificationKind,
  type ProjectRole,
} from "@taller/domain";
import { commentRevisions, comments, notifications, threads, type Comment, type Executor, type StoredAnchor, type Thread } from "@taller/db";
import { recordAudit } from "./audit";
import type { CommandProps } from "./props";
import { appendEvent, userStream } from "../live/outbox";
import { roleIn, type DocumentAccess } from "../queries/access";
import { memberIds, type CommentAccess, type ThreadAccess } from "../queries/threads";

/**
 * Coordination threads and comments. Each command is one transaction: the change, its audit entry
 * (which also feeds the project's event stream), and the notifications it causes (rows plus an
 * event on each recipient's stream). Commands that depend on state a concurrent request may change
 * (resolve, reopen, edit, delete) lock the row and decide again with the actor's current role.
 */

const forbidden = (message: string) => new DomainError("forbidden", message);

/** The actor's role now, read inside the transaction (a member demoted a moment ago cannot act on the edge's decision). */
async function currentRole(tx: Executor, actor: Actor, projectId: string): Promise<{ role: ProjectRole | null }> {
  return { role: await roleIn(tx, projectId, actor.userId) };
}

function assertMayComment(actor: Actor, subject: { role: ProjectRole | null }): void {
  if (!canComment(actor, subject)) throw forbidden("Tu rol en este proyecto no permite comentar.");
}

/**
 * Writes a notification for each recipient and tells their stream. Called after the audit entry
 * (the project stream's row lock first, then people's streams in id order): transactions that
 * lock several streams take them in the same order, so they wait for each other, never deadlock.
 */
async function notify(
  tx: Executor,
  input: { projectId: string; threadId: string; commentId: string | null; actorId: string; recipients: { userId: string; kind: NotificationKind }[] },
): Promise<void> {
  const recipients = [...input.recipients].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  for (const recipient of recipients) {
    const [row] = await tx
      .insert(notifications)
      .values({ userId: recipient.userId, projectId: input.projectId, kind: recipient.kind, threadId: input.threadId, commentId: input.commentId, actorId: input.actorId })
      .returning({ id: notifications.id });
    await appendEvent(tx, { stream: userStream(recipient.userId), type: "notification.created", data: { notificationId: row!.id, projectId: input.projectId } });
  }
}

async function lockThread(tx: Executor, threadId: string): Promise<Thread> {
  const [thread] = await tx.select().from(threads).where(eq(threads.id, threadId)).for("update");
  if (!thread) throw new DomainError("thread_not_found", "No existe el hilo o no tienes acceso a él.");
  return thread;
}

/** Opens a thread on a document with its first comment; the anchor was resolved against the live document. */
export async function createThread({ db, actor, access, input }: CommandProps<{ anchor: StoredAnchor; body: string }, DocumentAccess>): Promise<Thread> {
  const { document } = access;
  return db.transaction(async (tx) => {
    assertMayComment(actor, await currentRole(tx, actor, document.projectId));
    const [thread] = await tx.insert(threads).values({ projectId: document.projectId, documentId: document.id, anchor: input.anchor, openedBy: actor.userId }).returning();
    const [comment] = await tx.insert(comments).values({ threadId: thread!.id, authorId: actor.userId, body: input.body }).returning();
    const recipients = commentRecipients({
      authorId: actor.userId,
      mentioned: mentionedUserIds(input.body),
      members: await memberIds(tx, document.projectId),
      participants: [],
      isReply: false,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "thread.created",
      subjectType: "thread",
      subjectId: thread!.id,
      projectId: document.projectId,
      details: { documentId: document.id, anchorType: input.anchor.type, commentId: comment!.id, length: input.body.length, mentions: recipients.length },
      event: { documentId: document.id, threadId: thread!.id, commentId: comment!.id },
    });
    await notify(tx, { projectId: document.projectId, threadId: thread!.id, commentId: comment!.id, actorId: actor.userId, recipients });
    return thread!;
  });
}

/** Replies in a thread (open or resolved; a reply does not reopen it). */
export async function replyToThread({ db, actor, access, input }: CommandProps<{ body: string }, ThreadAccess>): Promise<Comment> {
  const { thread } = access;
  return db.transaction(async (tx) => {
    // A share lock: replies pass each other, a concurrent resolve waits (the thread stays as read).
    const [locked] = await tx.select().from(threads).where(eq(threads.id, thread.id)).for("share");
    if (!locked) throw new DomainError("thread_not_found", "No existe el hilo o no tienes acceso a él.");
    assertMayComment(actor, await currentRole(tx, actor, locked.projectId));
    const earlier = await tx.selectDistinct({ authorId: comments.authorId }).from(comments).where(eq(comments.threadId, locked.id));
    const [comment] = await tx.insert(comments).values({ threadId: locked.id, authorId: actor.userId, body: input.body }).returning();
    const recipients = commentRecipients({
      authorId: actor.userId,
      mentioned: mentionedUserIds(input.body),
      members: await memberIds(tx, locked.projectId),
      participants: [locked.openedBy, ...earlier.map((e) => e.authorId).filter((id) => id !== locked.openedBy)],
      isReply: true,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "comment.created",
      subjectType: "comment",
      subjectId: comment!.id,
      projectId: locked.projectId,
      details: { threadId: locked.id, documentId: locked.documentId, length: input.body.length },
      event: { documentId: locked.documentId, threadId: locked.id, commentId: comment!.id },
    });
    await notify(tx, { projectId: locked.projectId, threadId: locked.id, commentId: comment!.id, actorId: actor.userId, recipients });
    return comment!;
  });
}

/**
 * Resolves an open thread, with an optional note. Its opener, an owner or a reviewer may (an editor
 * cannot close an agency's thread: 403); an already resolved thread is 409 `invalid_thread_state`.
 * Decided under the thread's row lock, so two concurrent resolutions cannot both succeed.
 */
export async function resolveThread({ db, actor, access, input }: CommandProps<{ note?: string | undefined }, ThreadAccess>): Promise<Thread> {
  return db.transaction(async (tx) => {
    const thread = await lockThread(tx, access.thread.id);
    const subject = await currentRole(tx, actor, thread.projectId);
    assertMayComment(actor, subject);
    if (thread.status !== "open") throw new DomainError("invalid_thread_state", "El hilo ya está resuelto.", { status: thread.status });
    if (!canResolveThread(actor, subject, thread)) {
      throw forbidden("Solo quien abrió el hilo, la persona responsable del proyecto o quien revisa pueden resolverlo.");
    }
    const note = input.note ? input.note : null;
    const [updated] = await tx
      .update(threads)
      .set({ status: "resolved", resolvedBy: actor.userId, resolvedAt: new Date(), resolutionNote: note })
      .where(eq(threads.id, thread.id))
      .returning();
    const recipients = resolutionRecipients({ resolverId: actor.userId, openedBy: thread.openedBy, members: await memberIds(tx, thread.projectId) });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "thread.resolved",
      subjectType: "thread",
      subjectId: thread.id,
      projectId: thread.projectId,
      details: { documentId: thread.documentId, noteLength: note?.length ?? 0 },
      event: { documentId: thread.documentId, threadId: thread.id },
    });
    await notify(tx, { projectId: thread.projectId, threadId: thread.id, commentId: null, actorId: actor.userId, recipients });
    return updated!;
  });
}

/** Reopens a resolved thread (anyone who may comment); an open one is 409 `invalid_thread_state`. */
export async function reopenThread({ db, actor, access }: CommandProps<Record<string, never>, ThreadAccess>): Promise<Thread> {
  return db.transaction(async (tx) => {
    const thread = await lockThread(tx, access.thread.id);
    assertMayComment(actor, await currentRole(tx, actor, thread.projectId));
    if (thread.status !== "resolved") throw new DomainError("invalid_thread_state", "El hilo ya está abierto.", { status: thread.status });
    const [updated] = await tx
      .update(threads)
      .set({ status: "open", resolvedBy: null, resolvedAt: null, resolutionNote: null })
      .where(eq(threads.id, thread.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "thread.reopened",
      subjectType: "thread",
      subjectId: thread.id,
      projectId: thread.projectId,
      details: { documentId: thread.documentId, resolvedBy: thread.resolvedBy },
      event: { documentId: thread.documentId, threadId: thread.id },
    });
    return updated!;
  });
}

/** Locks a comment and decides again: only its author, while they may comment, and not once deleted (409). */
async function lockOwnComment(tx: Executor, actor: Actor, access: CommentAccess): Promise<Comment> {
  const [comment] = await tx.select().from(comments).where(eq(comments.id, access.comment.id)).for("update");
  if (!comment) throw new DomainError("comment_not_found", "No existe el comentario o no tienes acceso a él.");
  const subject = await currentRole(tx, actor, access.thread.projectId);
  assertMayComment(actor, subject);
  if (comment.authorId !== actor.userId) throw forbidden("Solo quien escribió el comentario puede cambiarlo.");
  if (comment.deletedAt !== null) throw new DomainError("comment_deleted", "El comentario fue eliminado.");
  if (!canChangeComment(actor, subject, { authorId: comment.authorId, deleted: false })) throw forbidden("No puedes cambiar este comentario.");
  return comment;
}

/** Edits one's own comment; the previous body is kept as a revision. People newly mentioned are notified. */
export async function editComment({ db, actor, access, input }: CommandProps<{ body: string }, CommentAccess>): Promise<Comment> {
  const { thread } = access;
  return db.transaction(async (tx) => {
    const comment = await lockOwnComment(tx, actor, access);
    if (comment.body === input.body) return comment;
    await tx.insert(commentRevisions).values({ commentId: comment.id, body: comment.body });
    const [updated] = await tx.update(comments).set({ body: input.body, editedAt: new Date() }).where(eq(comments.id, comment.id)).returning();
    const before = new Set(mentionedUserIds(comment.body));
    const recipients = commentRecipients({
      authorId: actor.userId,
      mentioned: mentionedUserIds(input.body).filter((id) => !before.has(id)),
      members: await memberIds(tx, thread.projectId),
      participants: [],
      isReply: false,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "comment.edited",
      subjectType: "comment",
      subjectId: comment.id,
      projectId: thread.projectId,
      details: { threadId: thread.id, documentId: thread.documentId, previousLength: comment.body.length, length: input.body.length },
      event: { documentId: thread.documentId, threadId: thread.id, commentId: comment.id },
    });
    await notify(tx, { projectId: thread.projectId, threadId: thread.id, commentId: comment.id, actorId: actor.userId, recipients });
    return updated!;
  });
}

/**
 * Deletes one's own comment, softly: the row stays with an empty body («comentario eliminado» in
 * its place); the last body is kept as a revision, which the API does not show for deleted comments.
 */
export async function deleteComment({ db, actor, access }: CommandProps<Record<string, never>, CommentAccess>): Promise<Comment> {
  const { thread } = access;
  return db.transaction(async (tx) => {
    const comment = await lockOwnComment(tx, actor, access);
    await tx.insert(commentRevisions).values({ commentId: comment.id, body: comment.body });
    const [updated] = await tx.update(comments).set({ body: "", deletedAt: new Date() }).where(eq(comments.id, comment.id)).returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "comment.deleted",
      subjectType: "comment",
      subjectId: comment.id,
      projectId: thread.projectId,
      details: { threadId: thread.id, documentId: thread.documentId, length: comment.body.length },
      event: { documentId: thread.documentId, threadId: thread.id, commentId: comment.id },
    });
    return updated!;
  });
}
