import { eq, sql } from "@taller/db/sql";
import { documents, documentVersions, type DocumentVersion } from "@taller/db";
import { recordAudit } from "./audit";
import type { CommandProps } from "./props";
import { assertAllowed, roleIn, type DocumentAccess } from "../queries/access";
import type { LiveSnapshot } from "../queries/versions";
import { contentSha256 } from "../versions/hash";

/** A version as the command returns it: everything but the Yjs state. */
export type CreatedVersion = Omit<DocumentVersion, "state">;

/**
 * Freezes a named version of a document: its Yjs state and content as read from the live room
 * (`readLiveSnapshot`), the SHA-256 of the content's RFC 8785 canonical JSON, and the next number
 * of the document (v1, v2, …), audited as `version.created`.
 *
 * Numbers never collide: the transaction locks the document row (FOR NO KEY UPDATE — inserts that
 * reference the document, such as threads, still pass) before it reads the highest number, so
 * simultaneous creations on one document take turns and get consecutive numbers. Under the lock
 * the actor's role is read again: a member demoted a moment ago cannot freeze a version. The hash
 * is checked against the content as PostgreSQL stored it (jsonb), so a stored `sha256` is always
 * recomputable from what `GET /api/versions/:id` returns.
 */
export async function createVersion({
  db,
  actor,
  access,
  input,
}: CommandProps<{ name: string; note?: string | undefined } & LiveSnapshot, DocumentAccess>): Promise<CreatedVersion> {
  const { document } = access;
  // As JSON says it: `undefined` members dropped, so the hash covers exactly what is stored.
  const content: unknown = JSON.parse(JSON.stringify(input.content));
  const sha256 = contentSha256(content);
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: documents.id }).from(documents).where(eq(documents.id, document.id)).for("no key update");
    if (!locked) throw new Error(`document ${document.id} vanished while freezing a version`);
    assertAllowed(actor, "version.create", { project: access.project, role: await roleIn(tx, document.projectId, actor.userId) });
    const [last] = await tx
      .select({ number: sql<number>`coalesce(max(${documentVersions.number}), 0)`.mapWith(Number) })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, document.id));
    const [version] = await tx
      .insert(documentVersions)
      .values({
        documentId: document.id,
        projectId: document.projectId,
        number: (last?.number ?? 0) + 1,
        name: input.name,
        note: input.note ? input.note : null,
        kind: document.kind,
        state: input.state,
        content,
        sha256,
        createdBy: actor.userId,
      })
      .returning({
        id: documentVersions.id,
        documentId: documentVersions.documentId,
        projectId: documentVersions.projectId,
        number: documentVersions.number,
        name: documentVersions.name,
        note: documentVersions.note,
        kind: documentVersions.kind,
        content: documentVersions.content,
        sha256: documentVersions.sha256,
        createdBy: documentVersions.createdBy,
        createdAt: documentVersions.createdAt,
      });
    if (contentSha256(version!.content) !== sha256) {
      // Rolls back: a version whose hash cannot be recomputed from its stored content is worthless.
      throw new Error(`version of ${document.id}: content changed on its way through jsonb; hash not reproducible`);
    }
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "version.created",
      subjectType: "version",
      subjectId: version!.id,
      projectId: document.projectId,
      details: { documentId: document.id, number: version!.number, name: version!.name, sha256 },
      event: { documentId: document.id, versionId: version!.id },
    });
    return version!;
  });
}
