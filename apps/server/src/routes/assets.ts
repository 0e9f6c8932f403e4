import { createHash } from "node:crypto";
import { Hono } from "hono";
import { DomainError } from "@taller/domain";
import { assets } from "@taller/db";
import { eq } from "@taller/db/sql";
import type { AppEnv } from "../http/env";
import { isUuid } from "../http/validate";
import { actorOf, authorizeDocument, authorizeProject } from "../queries/access";
import { recordAudit } from "../commands/audit";
import type { AppDeps } from "../app";

/** Largest image accepted (bytes). */
export const MAX_ASSET_BYTES = 10 * 1024 * 1024;

/**
 * Raster image types accepted, recognised by their first bytes rather than by what the client
 * claims. SVG is refused: it can carry script.
 */
const SIGNATURES: { type: string; matches: (b: Uint8Array) => boolean }[] = [
  { type: "image/png", matches: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { type: "image/jpeg", matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: "image/gif", matches: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 },
  {
    type: "image/webp",
    matches: (b) => b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50,
  },
];

export function detectImageType(bytes: Uint8Array): string | null {
  return SIGNATURES.find((s) => s.matches(bytes))?.type ?? null;
}

const assetNotFound = () => new DomainError("not_found", "No existe la imagen o no tiene acceso a ella.");

/** Image upload for a document (editors) and download (project members). */
export function assetRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .post("/documents/:id/assets", async (c) => {
      const actor = actorOf(c.get("user"));
      const { document } = await authorizeDocument(db, actor, c.req.param("id"), "document.edit");
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength === 0) throw new DomainError("validation_failed", "La imagen está vacía.");
      const contentType = detectImageType(bytes);
      if (!contentType) {
        throw new DomainError("unsupported_media_type", "Solo se aceptan imágenes PNG, JPEG, GIF o WebP.");
      }
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const asset = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(assets)
          .values({ projectId: document.projectId, documentId: document.id, uploadedBy: actor.userId, contentType, byteSize: bytes.byteLength, sha256, data: bytes })
          .returning({ id: assets.id, contentType: assets.contentType, byteSize: assets.byteSize, createdAt: assets.createdAt });
        await recordAudit(tx, {
          actorId: actor.userId,
          action: "asset.uploaded",
          subjectType: "document",
          subjectId: document.id,
          projectId: document.projectId,
          details: { assetId: row!.id, contentType, byteSize: bytes.byteLength, sha256 },
        });
        return row!;
      });
      return c.json({ ...asset, url: `/api/assets/${asset.id}` }, 201);
    })
    .get("/assets/:id", async (c) => {
      const id = c.req.param("id");
      if (!isUuid(id)) throw assetNotFound();
      const [asset] = await db.select().from(assets).where(eq(assets.id, id));
      if (!asset) throw assetNotFound();
      try {
        await authorizeProject(db, actorOf(c.get("user")), asset.projectId, "document.read");
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
