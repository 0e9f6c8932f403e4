import * as Y from "yjs";
import { desc, eq } from "@taller/db/sql";
import { DomainError, type Actor, type ProjectAction, type ReviewCloseReason, type ReviewResult, type ReviewStatus } from "@taller/domain";
import { documentVersions, type DocumentVersion, type Executor, type StudyDocument } from "@taller/db";
import type { CollabHost } from "@taller/collab";
import { readCanvas } from "@taller/editor-schema/canvas";
import { isUuid } from "../http/validate";
import { authorizeDocument, type DocumentAccess } from "./access";
import { peopleByIds } from "./threads";
import { latestRoundsOf } from "./reviews";
import type { PersonRecord } from "../presenters/people";

/** The newest review round of a version (`latestReview` in the API), or null. */
export type LatestReview = { id: string; status: ReviewStatus; result: ReviewResult | null; closeReason: ReviewCloseReason | null } | null;

/** A version as seen by one actor: the version (with its newest review round), its document and project, the actor's role. */
export interface VersionAccess extends DocumentAccess {
  version: DocumentVersion & { latestReview: LatestReview };
}

const versionNotFound = () => new DomainError("version_not_found", "No existe la versión o no tienes acceso a ella.");

/**
 * Loads a version and authorizes an action on it through its document's project. A version the
 * actor cannot see (no such id, or not a member of its project) is 404 `version_not_found`.
 */
export async function authorizeVersion(db: Executor, actor: Actor, versionId: string, action: ProjectAction): Promise<VersionAccess> {
  if (!isUuid(versionId)) throw versionNotFound();
  const [version] = await db.select().from(documentVersions).where(eq(documentVersions.id, versionId));
  if (!version) throw versionNotFound();
  try {
    const access = await authorizeDocument(db, actor, version.documentId, action);
    return { ...access, version: { ...version, latestReview: (await latestRoundsOf(db, [version.id])).get(version.id) ?? null } };
  } catch (error) {
    if (error instanceof DomainError && error.code === "document_not_found") throw versionNotFound();
    throw error;
  }
}

/** What a version freezes, read from the live document in one go (state and content agree). */
export interface LiveSnapshot {
  state: Uint8Array;
  content: unknown;
}

/**
 * The document as it is now in its live room: the Yjs state and the content as JSON — the
 * ProseMirror JSON of the study (the same reader as `GET /documents/:id/content`) or the tldraw
 * record map of a canvas. Both are taken inside one `withDoc` call, so no update falls between them.
 */
export async function readLiveSnapshot(host: CollabHost, document: StudyDocument): Promise<LiveSnapshot> {
  // The study schema tools (TipTap, ProseMirror) load on first use, not at every start.
  const readStudy = document.kind === "text" ? (await import("@taller/editor-schema/server")).readStudy : null;
  const { state, content, skipped } = await host.withDoc(document.collabName, (doc) => {
    let read: { content: unknown; skipped: string[] };
    if (readStudy) {
      const { json, skipped } = readStudy(doc);
      read = { content: json, skipped };
    } else {
      const { records, skipped } = readCanvas(doc);
      read = { content: records, skipped };
    }
    return { state: Y.encodeStateAsUpdate(doc), ...read };
  });
  if (skipped.length > 0) console.warn(`[versions] ${document.collabName}: content skipped on read`, skipped);
  return { state, content };
}

/** A version without its state and content (listings); `latestReview` where it was loaded (not on creation). */
export type VersionSummary = Omit<DocumentVersion, "state" | "content"> & { latestReview?: LatestReview };

const summaryColumns = {
  id: documentVersions.id,
  documentId: documentVersions.documentId,
  projectId: documentVersions.projectId,
  number: documentVersions.number,
  name: documentVersions.name,
  note: documentVersions.note,
  kind: documentVersions.kind,
  sha256: documentVersions.sha256,
  createdBy: documentVersions.createdBy,
  createdAt: documentVersions.createdAt,
};

/** A document's versions, newest first, with their authors and their newest review rounds. */
export async function listVersions(db: Executor, documentId: string): Promise<{ versions: VersionSummary[]; people: Map<string, PersonRecord> }> {
  const rows = await db.select(summaryColumns).from(documentVersions).where(eq(documentVersions.documentId, documentId)).orderBy(desc(documentVersions.number));
  const latest = await latestRoundsOf(db, rows.map((v) => v.id));
  const versions = rows.map((v) => ({ ...v, latestReview: latest.get(v.id) ?? null }));
  return { versions, people: await peopleByIds(db, versions.map((v) => v.createdBy)) };
}
