import { aliasedTable, and, count, desc, eq, exists, inArray, isNotNull, isNull, or, sql, type SQL } from "@taller/db/sql";
import {
  comments,
  documents,
  documentVersions,
  meetingAttendees,
  meetings,
  notifications,
  organizations,
  projectMembers,
  projects,
  reviewDecisions,
  reviewRounds,
  threads,
  users,
  type Executor,
} from "@taller/db";
import type { Actor } from "@taller/domain";

/** Most notifications the inbox lists (newest first). */
export const INBOX_LIMIT = 200;

const actors = aliasedTable(users, "actor");
const recipients = aliasedTable(users, "recipient");

/**
 * Notifications of projects the reader can still see: a member of the project, or an
 * administrator (who reads every project). A person removed from a project stops seeing its
 * notifications at once, and they come back if the person is added again.
 */
function visibleTo(actor: Actor): SQL | undefined {
  if (actor.isAdmin) return undefined;
  return or(
    exists(sql`(SELECT 1 FROM ${projectMembers} WHERE ${projectMembers.projectId} = ${notifications.projectId} AND ${projectMembers.userId} = ${actor.userId})`),
    // A meeting notification (no project) while the reader convenes or attends the meeting.
    and(
      isNotNull(notifications.meetingId),
      or(
        exists(sql`(SELECT 1 FROM ${meetingAttendees} WHERE ${meetingAttendees.meetingId} = ${notifications.meetingId} AND ${meetingAttendees.userId} = ${actor.userId})`),
        exists(sql`(SELECT 1 FROM ${meetings} m WHERE m.id = ${notifications.meetingId} AND m.convener_id = ${actor.userId})`),
      ),
    ),
  );
}

/**
 * The document a notification is about: its thread's, or its review round's (a notification is
 * about exactly one of them, by CHECK).
 */
const subjectDocument = sql`coalesce(${threads.documentId}, ${reviewRounds.documentId})`;

/** What the inbox and emails show of a review notification: the round, its version, the decision. */
const reviewColumns = {
  review: { id: reviewRounds.id, result: reviewRounds.result, dueAt: reviewRounds.dueAt, status: reviewRounds.status },
  version: { number: documentVersions.number, name: documentVersions.name },
};

/** One notification with what the inbox shows of it (project, document, thread or review round, who acted). */
export async function listNotifications(db: Executor, actor: Actor, limit = INBOX_LIMIT) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      project: { id: projects.id, name: projects.name },
      document: { id: documents.id, title: documents.title, kind: documents.kind },
      thread: { id: threads.id, anchor: threads.anchor },
      ...reviewColumns,
      decision: { decision: reviewDecisions.decision },
      meeting: { id: meetings.id, title: meetings.title, startsAt: meetings.startsAt },
      actor: { id: actors.id, name: actors.name },
      actorOrg: { id: organizations.id, name: organizations.name, shortName: organizations.shortName },
    })
    .from(notifications)
    .leftJoin(projects, eq(projects.id, notifications.projectId))
    .leftJoin(threads, eq(threads.id, notifications.threadId))
    .leftJoin(reviewRounds, eq(reviewRounds.id, notifications.reviewId))
    .leftJoin(documentVersions, eq(documentVersions.id, reviewRounds.versionId))
    .leftJoin(reviewDecisions, eq(reviewDecisions.id, notifications.decisionId))
    .leftJoin(documents, eq(documents.id, subjectDocument))
    .leftJoin(meetings, eq(meetings.id, notifications.meetingId))
    .leftJoin(actors, eq(actors.id, notifications.actorId))
    .leftJoin(organizations, eq(organizations.id, actors.orgId))
    .where(and(eq(notifications.userId, actor.userId), visibleTo(actor)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export type NotificationRecord = Awaited<ReturnType<typeof listNotifications>>[number];

/** How many of the reader's visible notifications are unread (the header's badge). */
export async function unreadCount(db: Executor, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt), visibleTo(actor)));
  return Number(row?.n ?? 0);
}

/** The person's email preference. */
export async function loadPreferences(db: Executor, userId: string) {
  const [row] = await db.select({ emailNotifications: users.emailNotifications }).from(users).where(eq(users.id, userId));
  return { emailNotifications: row?.emailNotifications ?? true };
}

/**
 * Everything an email about one notification may say, read at send time: the recipient (address,
 * preference, membership now), the project, document and thread (or review round, version and
 * decision), who acted, and the comment. A meeting notification has no project nor document, only
 * `meeting` (the mailer reads the meeting itself, see mail/meeting-message.ts).
 * The mailer decides from this what it may include.
 */
export async function loadForEmail(db: Executor, notificationId: string) {
  const [row] = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      actorId: notifications.actorId,
      recipient: {
        id: recipients.id,
        name: recipients.name,
        email: recipients.email,
        isAdmin: recipients.isAdmin,
        emailNotifications: recipients.emailNotifications,
      },
      role: projectMembers.role,
      project: { id: projects.id, name: projects.name },
      document: { id: documents.id, title: documents.title },
      thread: { id: threads.id, anchor: threads.anchor, resolutionNote: threads.resolutionNote },
      comment: { id: comments.id, body: comments.body, deletedAt: comments.deletedAt },
      ...reviewColumns,
      decision: { decision: reviewDecisions.decision, reason: reviewDecisions.reason, conditions: reviewDecisions.conditions },
      meeting: { id: meetings.id },
    })
    .from(notifications)
    .innerJoin(recipients, eq(recipients.id, notifications.userId))
    .leftJoin(projects, eq(projects.id, notifications.projectId))
    .leftJoin(threads, eq(threads.id, notifications.threadId))
    .leftJoin(reviewRounds, eq(reviewRounds.id, notifications.reviewId))
    .leftJoin(documentVersions, eq(documentVersions.id, reviewRounds.versionId))
    .leftJoin(reviewDecisions, eq(reviewDecisions.id, notifications.decisionId))
    .leftJoin(documents, eq(documents.id, subjectDocument))
    .leftJoin(meetings, eq(meetings.id, notifications.meetingId))
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, notifications.projectId), eq(projectMembers.userId, notifications.userId)))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .where(eq(notifications.id, notificationId));
  if (!row) return null;
  const { actorId, ...record } = row;
  const [actor] = actorId
    ? await db
        .select({ name: users.name, orgShortName: organizations.shortName })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(eq(users.id, actorId))
    : [];
  return { ...record, actor: actor ?? null };
}

export type EmailRecord = NonNullable<Awaited<ReturnType<typeof loadForEmail>>>;

/** Of `ids` (or all, when omitted), the reader's own notifications they can see; `unread` keeps the unread ones only. */
export async function visibleNotificationIds(db: Executor, actor: Actor, filter: { ids?: string[]; unread?: boolean }): Promise<string[]> {
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, actor.userId),
        filter.ids ? inArray(notifications.id, filter.ids) : undefined,
        filter.unread ? isNull(notifications.readAt) : undefined,
        visibleTo(actor),
      ),
    );
  return rows.map((r) => r.id);
}
