import * as Y from "yjs";
import { and, asc, eq, inArray } from "@taller/db/sql";
import { DomainError, type Actor, type AnchorInput, type ProjectAction, type ThreadStatus } from "@taller/domain";
import {
  commentRevisions,
  comments,
  organizations,
  projectMembers,
  threads,
  users,
  type Comment,
  type Executor,
  type StoredAnchor,
  type StudyDocument,
  type Thread,
} from "@taller/db";
import type { CollabHost } from "@taller/collab";
import { readCanvas } from "@taller/editor-schema/canvas";
import type { StudyAnchorReader } from "@taller/editor-schema/anchors";
import { isUuid } from "../http/validate";
import { authorizeDocument, type DocumentAccess } from "./access";
import type { PersonRecord } from "../presenters/people";

/** A thread as seen by one actor: the thread, its document and project, the actor's role. */
export interface ThreadAccess extends DocumentAccess {
  thread: Thread;
}

/** A comment as seen by one actor: the comment and its thread's access. */
export interface CommentAccess extends ThreadAccess {
  comment: Comment;
}

const threadNotFound = () => new DomainError("thread_not_found", "No existe el hilo o no tienes acceso a él.");
const commentNotFound = () => new DomainError("comment_not_found", "No existe el comentario o no tienes acceso a él.");

/** Same decision as the thread's document, but a thread that cannot be seen is `thread_not_found`. */
async function throughDocument<T>(db: Executor, actor: Actor, documentId: string, action: ProjectAction, notFound: () => DomainError, then: (access: DocumentAccess) => T): Promise<T> {
  try {
    return then(await authorizeDocument(db, actor, documentId, action));
  } catch (error) {
    if (error instanceof DomainError && error.code === "document_not_found") throw notFound();
    throw error;
  }
}

/** Loads a thread and authorizes an action on it through its document's project (404 `thread_not_found`). */
export async function authorizeThread(db: Executor, actor: Actor, threadId: string, action: ProjectAction): Promise<ThreadAccess> {
  if (!isUuid(threadId)) throw threadNotFound();
  const [thread] = await db.select().from(threads).where(eq(threads.id, threadId));
  if (!thread) throw threadNotFound();
  return throughDocument(db, actor, thread.documentId, action, threadNotFound, (access) => ({ ...access, thread }));
}

/** Loads a comment and authorizes an action on it through its thread (404 `comment_not_found`). */
export async function authorizeComment(db: Executor, actor: Actor, commentId: string, action: ProjectAction): Promise<CommentAccess> {
  if (!isUuid(commentId)) throw commentNotFound();
  const [row] = await db.select({ comment: comments, thread: threads }).from(comments).innerJoin(threads, eq(threads.id, comments.threadId)).where(eq(comments.id, commentId));
  if (!row) throw commentNotFound();
  return throughDocument(db, actor, row.thread.documentId, action, commentNotFound, (access) => ({ ...access, thread: row.thread, comment: row.comment }));
}

/** A thread with its comments, oldest first. */
export interface ThreadRecord {
  thread: Thread;
  comments: Comment[];
}

/** Threads with their comments and the people they name (openers, resolvers, authors). */
export interface ThreadListing {
  records: ThreadRecord[];
  people: Map<string, PersonRecord>;
}

/** The people with these ids, with their agency. */
export async function peopleByIds(db: Executor, ids: Iterable<string>): Promise<Map<string, PersonRecord>> {
  const wanted = [...new Set(ids)];
  const people = new Map<string, PersonRecord>();
  if (wanted.length === 0) return people;
  const rows = await db
    .select({ id: users.id, name: users.name, org: { id: organizations.id, name: organizations.name, shortName: organizations.shortName } })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(inArray(users.id, wanted));
  for (const row of rows) people.set(row.id, row);
  return people;
}

/** A document's threads (optionally one status) or the given threads, oldest first, with comments and people. */
export async function loadThreads(db: Executor, where: { documentId: string; status?: ThreadStatus | undefined } | { threadIds: string[] }): Promise<ThreadListing> {
  const condition =
    "threadIds" in where
      ? inArray(threads.id, where.threadIds)
      : and(eq(threads.documentId, where.documentId), where.status ? eq(threads.status, where.status) : undefined);
  const threadRows = await db.select().from(threads).where(condition).orderBy(asc(threads.createdAt), asc(threads.id));
  if (threadRows.length === 0) return { records: [], people: new Map() };
  const commentRows = await db
    .select()
    .from(comments)
    .where(
      inArray(
        comments.threadId,
        threadRows.map((t) => t.id),
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id));
  const byThread = new Map<string, Comment[]>(threadRows.map((t) => [t.id, []]));
  for (const c of commentRows) byThread.get(c.threadId)!.push(c);
  const ids = new Set<string>();
  for (const t of threadRows) {
    ids.add(t.openedBy);
    if (t.resolvedBy) ids.add(t.resolvedBy);
  }
  for (const c of commentRows) ids.add(c.authorId);
  return { records: threadRows.map((thread) => ({ thread, comments: byThread.get(thread.id)! })), people: await peopleByIds(db, ids) };
}

/** One thread with its comments and people (after a command). */
export async function loadThread(db: Executor, threadId: string): Promise<ThreadListing> {
  return loadThreads(db, { threadIds: [threadId] });
}

/** The earlier bodies of a comment, oldest first. */
export async function commentRevisionsOf(db: Executor, commentId: string): Promise<{ body: string; replacedAt: Date }[]> {
  return db
    .select({ body: commentRevisions.body, replacedAt: commentRevisions.replacedAt })
    .from(commentRevisions)
    .where(eq(commentRevisions.commentId, commentId))
    .orderBy(asc(commentRevisions.replacedAt), asc(commentRevisions.id));
}

/** The ids of a project's members. */
export async function memberIds(db: Executor, projectId: string): Promise<Set<string>> {
  const rows = await db.select({ userId: projectMembers.userId }).from(projectMembers).where(eq(projectMembers.projectId, projectId));
  return new Set(rows.map((r) => r.userId));
}

// ---------------------------------------------------------------------------------------------
// Anchors against the live document

/** The collab host's way in to a live document. */
export type LiveDocuments = Pick<CollabHost, "withDoc">;

/**
 * Anchor readers of live studies, kept while their document does not change. Resolving anchors
 * needs a private copy of the document (y-tiptap may write to what it reads) and the editor's
 * ProseMirror view of it; building both from scratch costs as much as loading the document, and
 * every member's browser lists the threads again after each comment. So each of the last few
 * studies keeps its copy, brought up to date with only what changed since (an incremental update),
 * and its reader, reused as long as the live document saw no update. Big documents are not kept.
 */
const READER_CACHE_SIZE = 8;
const READER_CACHE_MAX_BYTES = 4 * 1024 * 1024;

interface CachedReader {
  /** Identifies the live Y.Doc (a room reloaded later is another doc) and counts its updates. */
  version: { updates: number };
  updates: number;
  copy: Y.Doc;
  reader: StudyAnchorReader;
  /** Bytes of state and updates applied to the copy: how big it is, roughly. */
  bytes: number;
}

const readers = new Map<string, CachedReader>();
const docVersions = new WeakMap<Y.Doc, { updates: number }>();

function versionOf(doc: Y.Doc): { updates: number } {
  let version = docVersions.get(doc);
  if (version === undefined) {
    const counter = { updates: 0 };
    doc.on("update", () => {
      counter.updates++;
    });
    docVersions.set(doc, counter);
    version = counter;
  }
  return version;
}

/**
 * Runs `use` with the anchor reader of a live study as it is now (see above). `use` runs
 * synchronously inside the collab host's `withDoc`, so no other request updates the cached copy
 * while it reads.
 */
export async function withStudyReader<T>(live: LiveDocuments, collabName: string, use: (reader: StudyAnchorReader) => T): Promise<T> {
  const { anchorReaderOnCopy } = await import("@taller/editor-schema/anchors");
  return live.withDoc(collabName, (doc) => {
    const version = versionOf(doc);
    const cached = readers.get(collabName);
    readers.delete(collabName);
    if (cached && cached.version === version && cached.updates === version.updates) {
      readers.set(collabName, cached);
      return use(cached.reader);
    }
    let copy: Y.Doc;
    let bytes: number;
    if (cached && cached.version === version) {
      copy = cached.copy;
      const diff = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(copy));
      Y.applyUpdate(copy, diff);
      bytes = cached.bytes + diff.length;
    } else {
      cached?.copy.destroy();
      copy = new Y.Doc();
      const state = Y.encodeStateAsUpdate(doc);
      Y.applyUpdate(copy, state);
      bytes = state.length;
    }
    const reader = anchorReaderOnCopy(copy);
    const result = use(reader);
    if (bytes <= READER_CACHE_MAX_BYTES) {
      readers.set(collabName, { version, updates: version.updates, copy, reader, bytes });
      while (readers.size > READER_CACHE_SIZE) {
        const [oldest, entry] = readers.entries().next().value!;
        readers.delete(oldest);
        entry.copy.destroy();
      }
    } else {
      copy.destroy();
    }
    return result;
  });
}

const invalidAnchor = (message: string) => new DomainError("invalid_anchor", message);

/**
 * Checks a new thread's anchor against the live document and returns what is stored: a text
 * anchor's positions must resolve in the study's text to a non-empty range (its quote is computed
 * here, never taken from the client); a canvas anchor's shape (or page) must exist on the canvas. Text
 * anchors only on texts, canvas anchors only on canvases (400 `invalid_anchor` otherwise).
 */
export async function resolveNewAnchor(live: LiveDocuments, document: StudyDocument, anchor: AnchorInput): Promise<StoredAnchor> {
  if (anchor.type === "text") {
    if (document.kind !== "text") throw invalidAnchor("Un comentario sobre texto solo puede anclarse en un documento de texto.");
    const result = await withStudyReader(live, document.collabName, (reader) => reader.range(anchor.start, anchor.end));
    if (result.status !== "ok") {
      throw invalidAnchor(result.status === "collapsed" ? "La selección está vacía." : "La selección no corresponde a este documento.");
    }
    return { type: "text", start: anchor.start, end: anchor.end, quote: result.quote };
  }
  if (document.kind !== "canvas") throw invalidAnchor("Un comentario sobre el lienzo solo puede anclarse en un lienzo.");
  if (anchor.shapeId !== undefined) {
    const shapeId = anchor.shapeId;
    const exists = await live.withDoc(document.collabName, (doc) => isShape(readCanvas(doc).records[shapeId]));
    if (!exists) throw invalidAnchor("La figura no existe en este lienzo.");
  }
  if (anchor.pageId !== undefined) {
    const pageId = anchor.pageId;
    const exists = await live.withDoc(document.collabName, (doc) => isPage(readCanvas(doc).records[pageId]));
    if (!exists) throw invalidAnchor("La página no existe en este lienzo.");
  }
  return {
    type: "canvas",
    ...(anchor.shapeId !== undefined ? { shapeId: anchor.shapeId } : {}),
    ...(anchor.point !== undefined ? { point: anchor.point } : {}),
    ...(anchor.region !== undefined ? { region: anchor.region } : {}),
    ...(anchor.pageId !== undefined ? { pageId: anchor.pageId } : {}),
  };
}

function isShape(record: unknown): boolean {
  return typeof record === "object" && record !== null && (record as { typeName?: unknown }).typeName === "shape";
}

function isPage(record: unknown): boolean {
  return typeof record === "object" && record !== null && (record as { typeName?: unknown }).typeName === "page";
}

/**
 * Which of a document's threads lost their anchor: text whose range collapsed or no longer
 * resolves (the anchored text was deleted), shapes no longer on the canvas. Reads the live
 * document once, and only when some thread needs it.
 */
export async function orphanedThreads(live: LiveDocuments, document: StudyDocument, list: readonly Thread[]): Promise<Set<string>> {
  const orphaned = new Set<string>();
  const text = list.filter((t) => t.anchor.type === "text");
  const shapes = list.filter((t) => t.anchor.type === "canvas" && t.anchor.shapeId !== undefined);
  if (text.length > 0) {
    if (document.kind !== "text") {
      for (const t of text) orphaned.add(t.id);
    } else {
      await withStudyReader(live, document.collabName, (reader) => {
        for (const t of text) {
          const anchor = t.anchor as Extract<StoredAnchor, { type: "text" }>;
          if (reader.range(anchor.start, anchor.end).status !== "ok") orphaned.add(t.id);
        }
      });
    }
  }
  if (shapes.length > 0) {
    const records = document.kind === "canvas" ? await live.withDoc(document.collabName, (doc) => readCanvas(doc).records) : {};
    for (const t of shapes) {
      const shapeId = (t.anchor as Extract<StoredAnchor, { type: "canvas" }>).shapeId!;
      if (!isShape(records[shapeId])) orphaned.add(t.id);
    }
  }
  return orphaned;
}
