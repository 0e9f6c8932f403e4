import type { CollabHost } from "@taller/collab";
import { documents } from "@taller/db";
import { eq } from "@taller/db/sql";
import { DomainError } from "@taller/domain";
import { recordAudit } from "./audit";
import type { CommandProps } from "./props";
import { assertAllowed, roleIn } from "../queries/access";
import type { VersionAccess } from "../queries/versions";

/** What a restore answers: whether the live document had to change. */
export interface RestoreResult {
  documentId: string;
  versionId: string;
  changed: boolean;
}

/** Origin of the room transaction a restore makes (not a connection: every client receives it). */
export const RESTORE_ORIGIN = Symbol("version-restore");

/**
 * Makes the live document equal to a version's content through a normal edit: ONE Yjs transaction
 * on the room (the collab host's `withDoc`), which the host persists and broadcasts to every
 * connected client like anyone's update — the stored state is never swapped. Only what differs
 * is written (see @taller/editor-schema restore.ts); `changed` is false when nothing did, which is
 * the usual case from the web app: it applies the restore itself first, as an edit its author
 * can undo, waits for the server's acknowledgement and then calls this to audit it.
 *
 * The room is loaded and pinned first (`withDoc`), then, inside it, one database transaction
 * re-reads the actor's role (a member demoted a moment ago cannot restore) and the document's
 * archive state under a share lock (an archived document is not changed: 409 `document_archived`), edits the room and
 * writes the audit entry `version.restored` (and its project event). A Yjs edit cannot take part
 * in an SQL transaction: it is made last but one, right before the audit insert, so a refusal
 * (role, content that does not fit the schema) changes nothing.
 */
export async function restoreVersion({ db, actor, access, input }: CommandProps<{ host: CollabHost }, VersionAccess>): Promise<RestoreResult> {
  const { version, document } = access;
  const apply = await loadRestorer(document.kind);
  return input.host.withDoc(document.collabName, (doc) =>
    db.transaction(async (tx) => {
      assertAllowed(actor, "version.restore", { project: access.project, role: await roleIn(tx, document.projectId, actor.userId) });
      // An archived document's room is read-only for everyone; the row is held until the audit is
      // written, so an archive cannot commit in between (its UPDATE waits for this transaction).
      const [row] = await tx.select({ archivedAt: documents.archivedAt }).from(documents).where(eq(documents.id, document.id)).for("share");
      if (!row) throw new DomainError("document_not_found", "No existe ese documento.");
      if (row.archivedAt) throw new DomainError("document_archived", "El documento está archivado: sácalo del archivo para restaurar una versión.");
      const changed = apply(doc, version.content);
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "version.restored",
        subjectType: "version",
        subjectId: version.id,
        projectId: document.projectId,
        details: { documentId: document.id, versionId: version.id, number: version.number, changed },
        event: { documentId: document.id, versionId: version.id },
      });
      return { documentId: document.id, versionId: version.id, changed };
    }),
  );
}

type Restorer = (doc: Parameters<Parameters<CollabHost["withDoc"]>[1]>[0], content: unknown) => boolean;

/** The study tools (TipTap, ProseMirror) load on first use, as for freezing a version. */
async function loadRestorer(kind: "text" | "canvas"): Promise<Restorer> {
  const { restoreStudyContent, restoreCanvasRecords } = await import("@taller/editor-schema/server");
  if (kind === "text") return (doc, content) => restoreStudyContent(doc, content, RESTORE_ORIGIN);
  return (doc, content) => restoreCanvasRecords(doc, content as Record<string, unknown>, RESTORE_ORIGIN);
}
