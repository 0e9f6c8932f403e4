import { eq } from "@taller/db/sql";
import { randomUUID } from "node:crypto";
import type { Actor, DocumentKind } from "@taller/domain";
import { documents, type Database } from "@taller/db";
import { recordAudit } from "./audit";
import { authorizeDocument, authorizeProject } from "../queries/access";

/** The Yjs room name of a document: `doc.<uuid>` for study texts, `board.<uuid>` for canvases. */
export function collabNameFor(kind: DocumentKind, id: string): string {
  return `${kind === "text" ? "doc" : "board"}.${id}`;
}

export async function createDocument(
  db: Database,
  actor: Actor,
  projectId: string,
  input: { kind: DocumentKind; title: string },
) {
  return db.transaction(async (tx) => {
    await authorizeProject(tx, actor, projectId, "document.create");
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
}

export async function renameDocument(db: Database, actor: Actor, documentId: string, title: string) {
  return db.transaction(async (tx) => {
    const { document } = await authorizeDocument(tx, actor, documentId, "document.rename");
    const [updated] = await tx
      .update(documents)
      .set({ title, updatedAt: new Date() })
      .where(eq(documents.id, documentId))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "document.renamed",
      subjectType: "document",
      subjectId: documentId,
      projectId: document.projectId,
      details: { from: document.title, to: title },
    });
    return updated!;
  });
}
