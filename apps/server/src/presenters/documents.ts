import { projectAbilities, type Actor } from "@taller/domain";
import type { StudyDocument } from "@taller/db";
import type { DocumentAccess } from "../queries/access";

/** The one API shape of a document (lists, creation, rename). */
export function presentDocument(d: StudyDocument) {
  return {
    id: d.id,
    projectId: d.projectId,
    kind: d.kind,
    title: d.title,
    collabName: d.collabName,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    /** When it was archived (out of the list, its room read-only); null while active. */
    archivedAt: d.archivedAt,
  };
}

/**
 * A document opened on its own (deep links): the document, the actor's role and abilities in its
 * project. An archived document is not editable by anyone (its room is read-only) until restored.
 */
export function presentOpenedDocument(actor: Actor, { document, role }: Pick<DocumentAccess, "document" | "role">) {
  const abilities = projectAbilities(actor, { role });
  // Restoring a version writes the content too (commands/restore.ts refuses it while archived).
  return { ...presentDocument(document), myRole: role, abilities: document.archivedAt ? { ...abilities, editDocument: false, restoreVersion: false } : abilities };
}
