import { createHash } from "node:crypto";
import { DomainError } from "@taller/domain";
import { assets } from "@taller/db";
import { recordAudit } from "./audit";
import type { CommandProps } from "./props";
import type { DocumentAccess, ProjectAccess } from "../queries/access";

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

function detectImageType(bytes: Uint8Array): string | null {
  return SIGNATURES.find((s) => s.matches(bytes))?.type ?? null;
}

/**
 * Stores an image uploaded to a document, or to the project itself (progress report photos:
 * `document` absent), audited. The project's members may then read it.
 */
export async function uploadAsset({ db, actor, access, input: { bytes } }: CommandProps<{ bytes: Uint8Array }, DocumentAccess | ProjectAccess>) {
  const document = "document" in access ? access.document : null;
  const projectId = access.project.id;
  if (bytes.byteLength === 0) throw new DomainError("validation_failed", "La imagen está vacía.");
  const contentType = detectImageType(bytes);
  if (!contentType) throw new DomainError("unsupported_media_type", "Solo se aceptan imágenes PNG, JPEG, GIF o WebP.");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(assets)
      .values({ projectId, documentId: document?.id ?? null, uploadedBy: actor.userId, contentType, byteSize: bytes.byteLength, sha256, data: bytes })
      .returning({ id: assets.id, contentType: assets.contentType, byteSize: assets.byteSize, createdAt: assets.createdAt });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "asset.uploaded",
      subjectType: document ? "document" : "project",
      subjectId: document?.id ?? projectId,
      projectId,
      details: { assetId: row!.id, contentType, byteSize: bytes.byteLength, sha256 },
    });
    return row!;
  });
}
