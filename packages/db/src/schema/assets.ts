import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { bytea, documents } from "./documents";
import { projectRef } from "./projects";
import { personRef } from "./users";

/**
 * Images placed in study texts and canvases. Stored in the database (one backup covers
 * everything; no object store to run on a closed network) and served only to project members.
 * Documents reference them by URL, never inline as data URLs.
 */
export const assets = pgTable(
  "assets",
  {
    id: id(),
    projectId: projectRef(),
    documentId: uuid("document_id").references(() => documents.id, { onDelete: "set null" }),
    uploadedBy: personRef("uploaded_by"),
    contentType: text("content_type").notNull(),
    byteSize: integer("byte_size").notNull(),
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("assets_project_idx").on(t.projectId)],
);

export type Asset = typeof assets.$inferSelect;
