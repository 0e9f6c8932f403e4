import { commentAbilities, threadAbilities, type Actor, type ProjectSubject } from "@taller/domain";
import type { Comment, StoredAnchor, Thread } from "@taller/db";
import type { ThreadListing, ThreadRecord } from "../queries/threads";
import { presentPerson, type PersonRecord } from "./people";

function personOf(people: Map<string, PersonRecord>, id: string) {
  const person = people.get(id);
  if (!person) throw new Error(`person ${id} not loaded`);
  return presentPerson(person);
}

/** A thread's anchor as the API shows it: what was stored, and whether it lost its place. */
export function presentAnchor(anchor: StoredAnchor, orphaned: boolean) {
  if (anchor.type === "text") {
    return { type: "text" as const, start: anchor.start, end: anchor.end, quote: anchor.quote, orphaned };
  }
  return {
    type: "canvas" as const,
    ...(anchor.shapeId !== undefined ? { shapeId: anchor.shapeId } : {}),
    ...(anchor.point !== undefined ? { point: anchor.point } : {}),
    ...(anchor.region !== undefined ? { region: anchor.region } : {}),
    ...(anchor.pageId !== undefined ? { pageId: anchor.pageId } : {}),
    orphaned,
  };
}

/** A comment: a deleted one keeps its place with an empty body (the web shows «comentario eliminado»). */
export function presentComment(actor: Actor, subject: ProjectSubject, comment: Comment, people: Map<string, PersonRecord>) {
  const deleted = comment.deletedAt !== null;
  return {
    id: comment.id,
    threadId: comment.threadId,
    body: deleted ? "" : comment.body,
    author: personOf(people, comment.authorId),
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    deleted,
    abilities: commentAbilities(actor, subject, { authorId: comment.authorId, deleted }),
  };
}

/** The one API shape of a thread (lists, creation, after every change). */
export function presentThread(actor: Actor, subject: ProjectSubject, record: ThreadRecord, people: Map<string, PersonRecord>, orphaned: boolean) {
  const t: Thread = record.thread;
  return {
    id: t.id,
    documentId: t.documentId,
    projectId: t.projectId,
    status: t.status,
    anchor: presentAnchor(t.anchor, orphaned),
    openedBy: personOf(people, t.openedBy),
    createdAt: t.createdAt,
    resolvedBy: t.resolvedBy ? personOf(people, t.resolvedBy) : null,
    resolvedAt: t.resolvedAt,
    resolutionNote: t.resolutionNote,
    comments: record.comments.map((c) => presentComment(actor, subject, c, people)),
    abilities: threadAbilities(actor, subject, { openedBy: t.openedBy, status: t.status }),
  };
}

/** Every thread of a listing, in its order. */
export function presentThreads(actor: Actor, subject: ProjectSubject, listing: ThreadListing, orphaned: ReadonlySet<string>) {
  return listing.records.map((record) => presentThread(actor, subject, record, listing.people, orphaned.has(record.thread.id)));
}

export type ThreadView = ReturnType<typeof presentThread>;
