import { eq } from "@taller/db/sql";
import { randomUUID } from "node:crypto";
import type { DocumentKind } from "@taller/domain";
import { documents, type StudyDocument } from "@taller/db";
import { recordAudit } from "./audit";
import type { CommandProps } from "./props";
import type { DocumentAccess } from "../queries/access";
import type { UserRate } from "../http/user-rate";

/** The Yjs room name of a document: `doc.<uuid>` for study texts, `board.<uuid>` for canvases. */
export function collabNameFor(kind: DocumentKind, id: string): string {
  return `${kind === "text" ? "doc" : "board"}.${id}`;
}

/**
 * Creates a document in a project, audited. The creator's hourly rate is taken before the
 * insert (simultaneous requests cannot all pass) and given back if the insert fails, so only
 * what was really created counts. The edge's decision stands: creating a document changes no
 * state the decision depends on.
 */
export async function createDocument({
  db,
  actor,
  access,
  input,
  rate,
}: CommandProps<{ kind: DocumentKind; title: string }> & {
  /** The creator's hourly rate; absent only when the system seeds documents (demo data). */
  rate?: UserRate;
}): Promise<StudyDocument> {
  const projectId = access.project.id;
  const slot = await rate?.reserve(actor.userId);
  try {
    return await db.transaction(async (tx) => {
      const id = randomUUID();
      const [document] = await tx
        .insert(documents)
        .values({ id, projectId, kind: input.kind, title: input.title, collabName: collabNameFor(input.kind, id), createdBy: actor.userId })
        .returning();
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "document.created",
        subjectType: "document",
        subjectId: id,
        projectId,
        details: { kind: input.kind, title: input.title },
      });
      return document!;
    });
  } catch (error) {
    await slot?.refund();
    throw error;
  }
}

/** Renames a document, audited with the old and new titles. */
export async function renameDocument({ db, actor, access, input }: CommandProps<{ title: string }, DocumentAccess>): Promise<StudyDocument> {
  const { document } = access;
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(documents)
      .set({ title: input.title, updatedAt: new Date() })
      .where(eq(documents.id, document.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "document.renamed",
      subjectType: "document",
      subjectId: document.id,
      projectId: document.projectId,
      details: { from: document.title, to: input.title },
    });
    return updated!;
  });
}
