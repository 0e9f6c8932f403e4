import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { NotificationKind } from "@taller/domain/comments";
import { createdAt, id } from "./columns";
import { comments, threads } from "./comments";
import { projectRef } from "./projects";
import { personRef, users } from "./users";

/**
 * Something a person should see: a mention, a reply in a thread they take part in, the resolution
 * of their thread. Written in the same transaction as the comment that causes it. `emailedAt` is
 * set once the mailer sent it (or decided not to: preference off, no SMTP, no longer a member).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: personRef("user_id"),
    projectId: projectRef(),
    kind: text("kind").$type<NotificationKind>().notNull(),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    commentId: uuid("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => users.id),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
    emailedAt: timestamp("emailed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt), index("notifications_unsent_idx").on(t.emailedAt)],
);

export type Notification = typeof notifications.$inferSelect;
