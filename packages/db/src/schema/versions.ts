import { integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DocumentKind } from "@taller/domain";
import { createdAt, id } from "./columns";
import { bytea, documents } from "./documents";
import { projects } from "./projects";
import { personRef } from "./users";

/**
 * A frozen, named version of a document (v1, v2, … per document): the Yjs state at that moment,
 * its content as JSON (ProseMirror JSON for texts, the tldraw record map for canvases) and the
 * SHA-256 of the content's RFC 8785 canonical JSON. Archival records: a trigger refuses UPDATE,
 * DELETE and TRUNCATE (migrations/0005_versions.sql), and no foreign key cascades into them
 * (document_id and project_id are NO ACTION: a document or project with versions cannot be deleted).
 */
export const documentVersions = pgTable(
  "document_versions",
  {
    id: id(),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id),
    number: integer("number").notNull(),
    name: text("name").notNull(),
    note: text("note"),
    kind: text("kind").$type<DocumentKind>().notNull(),
    state: bytea("state").notNull(),
    content: jsonb("content").$type<unknown>().notNull(),
    sha256: text("sha256").notNull(),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("document_versions_document_number_key").on(t.documentId, t.number)],
);

export type DocumentVersion = typeof documentVersions.$inferSelect;
