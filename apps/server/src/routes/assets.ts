import { Hono } from "hono";
import { DomainError } from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { isUuid } from "../http/validate";
import { authorizeProject } from "../queries/access";
import { findAsset } from "../queries/assets";
import { uploadAsset } from "../commands/assets";

/** Largest image accepted (bytes). */
export const MAX_ASSET_BYTES = 10 * 1024 * 1024;

const assetNotFound = () => new DomainError("not_found", "No existe la imagen o no tienes acceso a ella.");

/** Image upload for a document (editors) and download (project members). */
export function assetRoutes(deps: AppDeps) {
  const { db } = deps;
  const { documentAccess } = accessGuards(db);
  return new Hono<AppEnv>()
    .post("/documents/:id/assets", documentAccess("document.edit"), async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const asset = await uploadAsset({ db, actor: c.get("actor"), access: c.get("access"), input: { bytes } });
      return c.json({ ...asset, url: `/api/assets/${asset.id}` }, 201);
    })
    .get("/assets/:id", async (c) => {
      // Addressed by asset, not project: the project comes from the asset, and an asset of a
      // project the actor cannot see is simply not found.
      const id = c.req.param("id");
      if (!isUuid(id)) throw assetNotFound();
      const asset = await findAsset(db, id);
      if (!asset) throw assetNotFound();
      try {
        await authorizeProject(db, c.get("actor"), asset.projectId, "document.read");
      } catch (error) {
        if (error instanceof DomainError && error.code === "project_not_found") throw assetNotFound();
        throw error;
      }
      // Assets never change (new upload, new id); private: only members may see them.
      return c.body(Buffer.from(asset.data), 200, {
        "Content-Type": asset.contentType,
        "Cache-Control": "private, max-age=31536000, immutable",
        "Content-Disposition": "inline",
        "X-Content-Type-Options": "nosniff",
      });
    });
}
