import { pgTable, text, uniqueIndex, uuid, index } from "drizzle-orm/pg-core";
import type { DocumentKind } from "@taller/domain";
import { createdAt, id, updatedAt } from "./columns";
import { projects } from "./projects";
import { users } from "./users";

/**
 * A study text or a design canvas of a project. Its content is a Yjs document addressed by
 * `collabName` (`doc.<uuid>` for text, `board.<uuid>` for canvases).
 */
export const documents = pgTable(
  "documents",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    kind: text("kind").$type<DocumentKind>().notNull(),
    title: text("title").notNull(),
    collabName: text("collab_name").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("documents_collab_name_key").on(t.collabName), index("documents_project_idx").on(t.projectId)],
);

export type StudyDocument = typeof documents.$inferSelect;
