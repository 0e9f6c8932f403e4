import { and, count, eq, isNotNull, isNull, ne } from "@taller/db/sql";
import { randomUUID } from "node:crypto";
import { DomainError, findSameName, type DocumentKind } from "@taller/domain";
import {
  documentEditHours,
  documents,
  documentSnapshots,
  documentUpdates,
  documentVersions,
  threads,
  type Executor,
  type StudyDocument,
} from "@taller/db";
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
}: CommandProps<{ kind: DocumentKind; title: string; confirmDuplicate?: boolean | undefined; language?: "es-MX" | "en" | undefined }> & {
  /** The creator's hourly rate; absent only when the system seeds documents (demo data). */
  rate?: UserRate;
}): Promise<StudyDocument> {
  const projectId = access.project.id;
  const slot = await rate?.reserve(actor.userId);
  try {
    return await db.transaction(async (tx) => {
      if (!input.confirmDuplicate) await assertTitleFree(tx, projectId, input.title, null);
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
        // A study's template is seeded when its room first opens (collab/realtime.ts): its headings
        // follow the creator's UI language, recorded here.
        details: { kind: input.kind, title: input.title, ...(input.kind === "text" ? { language: input.language ?? "es-MX" } : {}) },
      });
      return document!;
    });
  } catch (error) {
    await slot?.refund();
    throw error;
  }
}

/**
 * Fails with 409 `duplicate_name` when another document of the project (archived ones included)
 * has the same title once normalized (case, accents, spaces: the domain's `sameName`);
 * `details.existing` names it, so the form can ask «Crear de todos modos» / «Cambiar el nombre».
 */
async function assertTitleFree(tx: Executor, projectId: string, title: string, exceptId: string | null): Promise<void> {
  const others = await tx
    .select({ id: documents.id, title: documents.title, kind: documents.kind, archivedAt: documents.archivedAt })
    .from(documents)
    .where(exceptId ? and(eq(documents.projectId, projectId), ne(documents.id, exceptId)) : eq(documents.projectId, projectId));
  const same = findSameName(title, others, (d) => d.title);
  if (!same) return;
  const where = same.archivedAt ? " (archivado)" : "";
  throw new DomainError("duplicate_name", `Ya hay un documento llamado «${same.title}»${where} en este proyecto. ¿Quieres usar el mismo título de todos modos?`, {
    existing: { id: same.id, title: same.title, kind: same.kind, archived: same.archivedAt !== null },
  });
}

/** Renames a document, audited with the old and new titles. */
export async function renameDocument({
  db,
  actor,
  access,
  input,
}: CommandProps<{ title: string; confirmDuplicate?: boolean | undefined }, DocumentAccess>): Promise<StudyDocument> {
  const { document } = access;
  return db.transaction(async (tx) => {
    if (!input.confirmDuplicate) await assertTitleFree(tx, document.projectId, input.title, document.id);
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

/**
 * Archives a document: it leaves the project's list (shown under «Archivados») and its room
 * becomes read-only for everyone until it is restored; content, versions and threads stay.
 */
export const archiveDocument = (props: CommandProps<unknown, DocumentAccess>) => setDocumentArchived(props, true);

/** Restores an archived document: back in the list, its room writable again for those who may edit. */
export const restoreDocument = (props: CommandProps<unknown, DocumentAccess>) => setDocumentArchived(props, false);

/**
 * The row changes only if it is not in the asked state yet (one statement, so two requests cannot
 * both archive it): otherwise 409 `invalid_archive_state`, nothing written. Audited in the same
 * transaction, on the project's event stream.
 */
async function setDocumentArchived({ db, actor, access }: CommandProps<unknown, DocumentAccess>, archive: boolean): Promise<StudyDocument> {
  const { document } = access;
  return db.transaction(async (tx) => {
    const [changed] = await tx
      .update(documents)
      .set(archive ? { archivedAt: new Date(), archivedBy: actor.userId } : { archivedAt: null, archivedBy: null })
      .where(and(eq(documents.id, document.id), archive ? isNull(documents.archivedAt) : isNotNull(documents.archivedAt)))
      .returning();
    if (!changed) throw new DomainError("invalid_archive_state", archive ? "El documento ya está archivado." : "El documento no está archivado.");
    await recordAudit(tx, {
      actorId: actor.userId,
      action: archive ? "document.archived" : "document.restored",
      subjectType: "document",
      subjectId: document.id,
      projectId: document.projectId,
      details: { title: changed.title, kind: changed.kind },
      event: { documentId: document.id },
    });
    return changed;
  });
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Deletes a document that has no versions and no comment threads: its row and its stored room
 * (update log, snapshot, hourly edit counts) in one transaction, audited. A document with
 * versions (approved ones are archival records, never deleted) or threads (what agencies said)
 * is refused with 409 `document_has_records`, naming why; archiving is the way to put it away.
 * The row is locked first, so a version or thread created meanwhile waits and then fails on the
 * missing document instead of being orphaned. The caller closes the room's live sockets after
 * the commit and clears what they still flush (`Realtime.documentDeleted`).
 */
export async function deleteDocument({ db, actor, access }: CommandProps<unknown, DocumentAccess>): Promise<void> {
  const { document } = access;
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(documents).where(eq(documents.id, document.id)).for("update");
    if (!row) throw new DomainError("document_not_found", "No existe el documento o no tienes acceso a él.");
    const [[versionCount], [threadCount]] = await Promise.all([
      tx.select({ n: count() }).from(documentVersions).where(eq(documentVersions.documentId, row.id)),
      tx.select({ n: count() }).from(threads).where(eq(threads.documentId, row.id)),
    ]);
    const versions = Number(versionCount?.n ?? 0);
    const threadsN = Number(threadCount?.n ?? 0);
    if (versions > 0 || threadsN > 0) {
      const what = [
        versions > 0 ? plural(versions, "versión guardada", "versiones guardadas") : null,
        threadsN > 0 ? plural(threadsN, "hilo de comentarios", "hilos de comentarios") : null,
      ].filter(Boolean);
      throw new DomainError(
        "document_has_records",
        `No se puede eliminar «${row.title}»: tiene ${what.join(" y ")}, que se conservan como registro. Puedes archivarlo.`,
        { versions, threads: threadsN },
      );
    }
    await clearRoom(tx, row.collabName);
    await tx.delete(documents).where(eq(documents.id, row.id));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "document.deleted",
      subjectType: "document",
      subjectId: row.id,
      projectId: row.projectId,
      details: { title: row.title, kind: row.kind },
      event: { documentId: row.id },
    });
  });
}

/** Removes a room's stored content: update log, snapshot and hourly edit counts. */
export async function clearRoom(tx: Executor, collabName: string): Promise<void> {
  await tx.delete(documentUpdates).where(eq(documentUpdates.collabName, collabName));
  await tx.delete(documentSnapshots).where(eq(documentSnapshots.collabName, collabName));
  await tx.delete(documentEditHours).where(eq(documentEditHours.collabName, collabName));
}
