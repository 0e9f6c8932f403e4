import { bigserial, customType, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { DocumentKind } from "@taller/domain";
import { createdAt, id, updatedAt } from "./columns";
import { projectRef } from "./projects";
import { personRef } from "./users";

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
    createdAt: createdAt(),
  },
  (t) => [index("document_updates_name_idx").on(t.collabName, t.id)],
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
