// Threads for the pure modules' tests (not part of the app bundle: only *.test.ts import it).
import type { CommentPerson, CommentThread, ThreadComment } from "../../api/comments";

export const op = { id: "o-op", name: "Obras Públicas", shortName: "OP" };
export const implan = { id: "o-implan", name: "Instituto Municipal de Planeación", shortName: "IMPLAN" };
export const jorge: CommentPerson = { id: "22222222-2222-4222-8222-222222222222", name: "Jorge Ibarra Quintero", org: op };
export const andres: CommentPerson = { id: "11111111-1111-4111-8111-111111111111", name: "Andrés Soto Villanueva", org: implan };
export const lucia: CommentPerson = { id: "44444444-4444-4444-8444-444444444444", name: "Lucía Méndez Arriaga", org: implan };

let n = 0;
export function comment(author: CommentPerson, body: string, createdAt: string, extra: Partial<ThreadComment> = {}): ThreadComment {
  n++;
  return { id: `c${n}`, threadId: "", body, author, createdAt, editedAt: null, deleted: false, abilities: { edit: false, delete: false }, ...extra };
}

export function thread(id: string, comments: ThreadComment[], extra: Partial<CommentThread> = {}): CommentThread {
  return {
    id,
    documentId: "d1",
    projectId: "p1",
    status: "open",
    anchor: { type: "text", start: {}, end: {}, quote: "texto", orphaned: false },
    openedBy: comments[0]!.author,
    createdAt: comments[0]!.createdAt,
    resolvedBy: null,
    resolvedAt: null,
    resolutionNote: null,
    comments: comments.map((c) => ({ ...c, threadId: id })),
    abilities: { reply: true, resolve: false, reopen: false },
    ...extra,
  };
}
