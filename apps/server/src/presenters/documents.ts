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
  };
}

/** A document opened on its own (deep links): the document, the actor's role and abilities in its project. */
export function presentOpenedDocument(actor: Actor, { document, role }: Pick<DocumentAccess, "document" | "role">) {
  return { ...presentDocument(document), myRole: role, abilities: projectAbilities(actor, { role }) };
}
