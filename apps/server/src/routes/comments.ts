import { Hono } from "hono";
import { commentBodySchema, threadCreateSchema, threadExportQuerySchema, threadListQuerySchema, threadResolveSchema, type Actor } from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { jsonBody, queryOf } from "../http/validate";
import { createThread, deleteComment, editComment, reopenThread, replyToThread, resolveThread } from "../commands/threads";
import type { DocumentAccess } from "../queries/access";
import { commentRevisionsOf, loadThread, loadThreads, orphanedThreads, resolveNewAnchor } from "../queries/threads";
import { presentThread, presentThreads } from "../presenters/threads";
import { exportThreads } from "../export/threads-export";

/**
 * Coordination comments: threads on a document (study text or canvas), replies, resolution,
 * edits and soft deletion of one's own comments, and the export of a document's threads. Every
 * change answers with the whole thread as it is now. Anchors are checked against the live
 * document (the collab host), and listings report the threads whose anchor was deleted.
 */
export function commentRoutes(deps: AppDeps) {
  const { db } = deps;
  const live = deps.realtime.host;
  const { documentAccess, threadAccess, commentAccess } = accessGuards(db);

  /** The thread as it is now, for the actor, with its anchor checked against the live document. */
  const currentThread = async (actor: Actor, access: Pick<DocumentAccess, "document" | "role">, threadId: string) => {
    const listing = await loadThread(db, threadId);
    const orphaned = await orphanedThreads(live, access.document, listing.records.map((r) => r.thread));
    return presentThread(actor, { role: access.role }, listing.records[0]!, listing.people, orphaned.has(threadId));
  };

  /** A document's threads, oldest first, for the actor. */
  const documentThreads = async (actor: Actor, access: DocumentAccess, status?: "open" | "resolved") => {
    const listing = await loadThreads(db, { documentId: access.document.id, status });
    const orphaned = await orphanedThreads(live, access.document, listing.records.map((r) => r.thread));
    return presentThreads(actor, { role: access.role }, listing, orphaned);
  };

  return new Hono<AppEnv>()
    .post("/documents/:id/threads", documentAccess("comment.create"), jsonBody(threadCreateSchema), async (c) => {
      const access = c.get("access");
      const actor = c.get("actor");
      const { anchor, body } = c.req.valid("json");
      const stored = await resolveNewAnchor(live, access.document, anchor);
      const thread = await createThread({ db, actor, access, input: { anchor: stored, body } });
      return c.json(await currentThread(actor, access, thread.id), 201);
    })
    .get("/documents/:id/threads", documentAccess("document.read"), queryOf(threadListQuerySchema), async (c) => {
      const { status } = c.req.valid("query");
      return c.json({ threads: await documentThreads(c.get("actor"), c.get("access"), status) });
    })
    .get("/documents/:id/threads/export", documentAccess("document.read"), queryOf(threadExportQuerySchema), async (c) => {
      const access = c.get("access");
      const { format } = c.req.valid("query");
      const file = exportThreads(access.document, await documentThreads(c.get("actor"), access), format);
      return c.body(file.body, 200, { "Content-Type": file.contentType, "Content-Disposition": file.disposition, "Cache-Control": "no-store" });
    })
    .post("/threads/:id/comments", threadAccess("comment.create"), jsonBody(commentBodySchema), async (c) => {
      const access = c.get("access");
      const actor = c.get("actor");
      await replyToThread({ db, actor, access, input: c.req.valid("json") });
      return c.json(await currentThread(actor, access, access.thread.id), 201);
    })
    .post("/threads/:id/resolve", threadAccess("comment.create"), jsonBody(threadResolveSchema), async (c) => {
      const access = c.get("access");
      const actor = c.get("actor");
      await resolveThread({ db, actor, access, input: c.req.valid("json") });
      return c.json(await currentThread(actor, access, access.thread.id));
    })
    .post("/threads/:id/reopen", threadAccess("comment.create"), async (c) => {
      const access = c.get("access");
      const actor = c.get("actor");
      await reopenThread({ db, actor, access, input: {} });
      return c.json(await currentThread(actor, access, access.thread.id));
    })
    .patch("/comments/:id", commentAccess("comment.create"), jsonBody(commentBodySchema), async (c) => {
      const access = c.get("access");
      const actor = c.get("actor");
      await editComment({ db, actor, access, input: c.req.valid("json") });
      return c.json(await currentThread(actor, access, access.thread.id));
    })
    .delete("/comments/:id", commentAccess("comment.create"), async (c) => {
      const access = c.get("access");
      const actor = c.get("actor");
      await deleteComment({ db, actor, access, input: {} });
      return c.json(await currentThread(actor, access, access.thread.id));
    })
    .get("/comments/:id/revisions", commentAccess("document.read"), async (c) => {
      const { comment } = c.get("access");
      // A deleted comment's earlier bodies are not shown: deleting it takes its words back.
      const revisions = comment.deletedAt !== null ? [] : await commentRevisionsOf(db, comment.id);
      return c.json({ revisions });
    });
}
