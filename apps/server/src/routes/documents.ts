import { Hono } from "hono";
import { z } from "zod";
import type { StudyDocument } from "@taller/db";
import type { AppEnv } from "../http/env";
import { readJson } from "../http/validate";
import { actorOf, authorizeDocument } from "../queries/access";
import { renameDocument } from "../commands/documents";
import type { AppDeps } from "../app";

/** The API shape of a document. */
export function documentView(d: StudyDocument) {
  return {
    id: d.id,
    projectId: d.projectId,
    kind: d.kind,
    title: d.title,
    collabName: d.collabName,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

const renameSchema = z.strictObject({ title: z.string().trim().min(1).max(200) });

/** Routes addressed by document id (deep links open a document without knowing its project). */
export function documentRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get("/:id", async (c) => {
      const { document, role } = await authorizeDocument(db, actorOf(c.get("user")), c.req.param("id"), "document.read");
      return c.json({ ...documentView(document), myRole: role });
    })
    .patch("/:id", async (c) => {
      const actor = actorOf(c.get("user"));
      await authorizeDocument(db, actor, c.req.param("id"), "document.rename");
      const { title } = await readJson(c, renameSchema);
      return c.json(documentView(await renameDocument(db, actor, c.req.param("id"), title)));
    });
}
