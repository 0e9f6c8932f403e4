import { bigint, bigserial, customType, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DocumentKind } from "@taller/domain";
import { createdAt, id, updatedAt } from "./columns";
import { projectRef } from "./projects";
import { personRef, users } from "./users";

/**
 * A study text or a design canvas of a project. Its content is a Yjs document addressed by
 * `collabName` (`doc.<uuid>` for text, `board.<uuid>` for canvases).
 */
export const documents = pgTable(
  "documents",
  {
    id: id(),
    projectId: projectRef(),
    kind: text("kind").$type<DocumentKind>().notNull(),
    title: text("title").notNull(),
    collabName: text("collab_name").notNull(),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Archived documents leave the project's list (restorable); their content and versions stay. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    archivedBy: uuid("archived_by").references(() => users.id),
  },
  (t) => [uniqueIndex("documents_collab_name_key").on(t.collabName), index("documents_project_idx").on(t.projectId)],
);

export type StudyDocument = typeof documents.$inferSelect;

/** A bytea parameter as both drivers take it: a Buffer (other Uint8Arrays are wrapped, not copied). */
export function byteaParam(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** PostgreSQL bytea as Uint8Array (pg returns Buffer, PGlite Uint8Array: both are Uint8Array). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: byteaParam,
});

/**
 * The append-only Yjs update log of every document. A row is written per update, in group
 * commits; an update is acknowledged to its author only after the row's transaction committed.
 */
export const documentUpdates = pgTable(
  "document_updates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    collabName: text("collab_name").notNull(),
    update: bytea("update").notNull(),
    /** Who sent the update; null for what the server itself writes (the template seed, migrations of content). */
    authorId: uuid("author_id"),
    createdAt: createdAt(),
  },
  (t) => [index("document_updates_name_idx").on(t.collabName, t.id)],
);

/**
 * Who edited which document in which hour, and how much: written with the update log in the same
 * group commit, so it outlives compaction (which deletes log rows). The activity feed groups text
 * and canvas edits from here.
 */
export const documentEditHours = pgTable(
  "document_edit_hours",
  {
    collabName: text("collab_name").notNull(),
    userId: uuid("user_id").notNull(),
    /** The hour's start (UTC). */
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    updates: integer("updates").notNull(),
    // 64-bit: one socket may send 1 MiB/s, more than 2^31 bytes in an hour (migration 0011).
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.collabName, t.userId, t.hour] }), index("document_edit_hours_hour_idx").on(t.hour)],
);

/**
 * The compacted state of a document: compaction writes the merged state here and deletes the
 * log rows it covers, in one transaction.
 */
export const documentSnapshots = pgTable("document_snapshots", {
  collabName: text("collab_name").primaryKey(),
  state: bytea("state").notNull(),
  updatedAt: updatedAt(),
});
