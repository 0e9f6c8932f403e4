import { check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { NotificationKind } from "@taller/domain/comments";
import { createdAt, id } from "./columns";
import { comments, threads } from "./comments";
import { projects } from "./projects";
import { meetings } from "./meetings";
import { personRef, users } from "./users";
import { reviewDecisions, reviewRounds } from "./reviews";

/**
 * Something a person should see: a mention, a reply in a thread they take part in, the resolution
 * of their thread; a review round that asks them, a decision or the close of a round, a round due
 * soon; a meeting invitation or seal. About exactly one thread, review round or meeting (CHECK). Written in the same transaction as
 * the change that causes it (due reminders: by the server's periodic sweep). `emailedAt` is
 * set once the mailer sent it (or decided not to: preference off, no SMTP, no longer a member).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: personRef("user_id"),
    /** Null for a meeting notification (a meeting may span several projects, or none). */
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    kind: text("kind").$type<NotificationKind>().notNull(),
    threadId: uuid("thread_id").references(() => threads.id, { onDelete: "cascade" }),
    /** Review rounds are never deleted, so nothing cascades from them. */
    reviewId: uuid("review_id").references(() => reviewRounds.id),
    /** The decision a `review_decided` notification is about. */
    decisionId: uuid("decision_id").references(() => reviewDecisions.id),
    /** Meetings are never deleted, so nothing cascades from them. */
    meetingId: uuid("meeting_id").references(() => meetings.id),
    commentId: uuid("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => users.id),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
    emailedAt: timestamp("emailed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unsent_idx").on(t.emailedAt),
    check(
      "notifications_subject_check",
      sql`(${t.threadId} IS NOT NULL)::int + (${t.reviewId} IS NOT NULL)::int + (${t.meetingId} IS NOT NULL)::int = 1`,
    ),
  ],
);

export type Notification = typeof notifications.$inferSelect;
