import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ThreadStatus } from "@taller/domain/comments";
import { createdAt, id } from "./columns";
import { documents } from "./documents";
import { projectRef } from "./projects";
import { personRef, users } from "./users";

/**
 * A thread's anchor as stored. Text anchors keep the Yjs relative positions the commenter sent and
 * the quote the server computed when the thread was opened (kept when the text is later deleted);
 * canvas anchors keep the shape and/or page coordinates.
 */
export type StoredAnchor =
  | { type: "text"; start: Record<string, unknown>; end: Record<string, unknown>; quote: string }
  | {
      type: "canvas";
      shapeId?: string;
      point?: { x: number; y: number };
      region?: { x: number; y: number; w: number; h: number };
      /** The tldraw page of a point or region (absent on older threads: any page). */
      pageId?: string;
    };

/**
 * A coordination thread on a document (study text or canvas). Lives in PostgreSQL, not in the Yjs
 * document: commenters are read-only there. `projectId` is denormalised from the document so
 * project-wide queries (inbox links, exports, the event stream) need no join.
 */
export const threads = pgTable(
  "threads",
  {
    id: id(),
    projectId: projectRef(),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    anchor: jsonb("anchor").$type<StoredAnchor>().notNull(),
    status: text("status").$type<ThreadStatus>().notNull().default("open"),
    openedBy: personRef("opened_by"),
    resolvedBy: uuid("resolved_by").references(() => users.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    resolutionNote: text("resolution_note"),
    createdAt: createdAt(),
  },
  (t) => [index("threads_document_idx").on(t.documentId, t.createdAt), index("threads_project_idx").on(t.projectId)],
);

/**
 * One comment of a thread (the first one is the thread's opening comment). Edits keep the earlier
 * bodies in `comment_revisions`; a deletion is soft: the row stays, its body is emptied and
 * `deletedAt` set, so the thread still shows «comentario eliminado» in its place.
 */
export const comments = pgTable(
  "comments",
  {
    id: id(),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    authorId: personRef("author_id"),
    body: text("body").notNull(),
    createdAt: createdAt(),
    editedAt: timestamp("edited_at", { withTimezone: true, mode: "date" }),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("comments_thread_idx").on(t.threadId, t.createdAt)],
);

/** Earlier bodies of an edited or deleted comment, oldest first: what it said before each change. */
export const commentRevisions = pgTable(
  "comment_revisions",
  {
    id: id(),
    commentId: uuid("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    /** When this body was replaced (by an edit or the deletion). */
    replacedAt: timestamp("replaced_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("comment_revisions_comment_idx").on(t.commentId, t.replacedAt)],
);

export type Thread = typeof threads.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type CommentRevision = typeof commentRevisions.$inferSelect;
