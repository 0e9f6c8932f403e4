import { imageSize } from "image-size";
import { and, eq, inArray } from "@taller/db/sql";
import { assets, type Executor } from "@taller/db";

// image-size (2.1.0, Node >= 18, no dependencies) reads a picture's dimensions from its header for
// PNG, JPEG, GIF, WebP and more: DOCX must state each image's size, and a hand-written parser of
// JPEG markers would be code to maintain for nothing.

/** An image of a study, read from Taller's asset storage, ready to embed. */
export interface EmbeddedImage {
  bytes: Uint8Array;
  contentType: string;
  /** Pixels, from the file itself (DOCX needs them; PDF scales to the page). */
  width: number;
  height: number;
}

const ASSET_PATH = /^\/api\/assets\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * The asset id an image `src` points at, or null. The editor stores `/api/assets/<id>`; an
 * absolute URL is accepted only for its path (the host is not trusted, it is never fetched).
 */
export function assetIdOf(src: unknown): string | null {
  if (typeof src !== "string") return null;
  let path: string;
  try {
    path = new URL(src, "http://taller.invalid").pathname;
  } catch {
    return null;
  }
  return ASSET_PATH.exec(path)?.[1]?.toLowerCase() ?? null;
}

/** Every image `src` of a ProseMirror JSON tree. */
export function imageSources(node: unknown, out: string[] = []): string[] {
  if (node === null || typeof node !== "object") return out;
  const n = node as { type?: unknown; attrs?: { src?: unknown }; content?: unknown };
  if (n.type === "image" && typeof n.attrs?.src === "string") out.push(n.attrs.src);
  if (Array.isArray(n.content)) for (const child of n.content) imageSources(child, out);
  return out;
}

/**
 * The images of a study's content, keyed by their `src`, read server-side from the asset table —
 * never fetched by URL — and only from the document's own project (an image of another project
 * in pasted content is not exported, as its reader could not see it either). Images whose bytes
 * are not a readable picture are left out; renderers then write the image's alt text instead.
 */
export async function loadStudyImages(db: Executor, projectId: string, content: unknown): Promise<Map<string, EmbeddedImage>> {
  const bySrc = new Map<string, string>();
  for (const src of imageSources(content)) {
    const id = assetIdOf(src);
    if (id) bySrc.set(src, id);
  }
  const out = new Map<string, EmbeddedImage>();
  const ids = [...new Set(bySrc.values())];
  if (ids.length === 0) return out;
  const rows = await db
    .select({ id: assets.id, contentType: assets.contentType, data: assets.data })
    .from(assets)
    .where(and(inArray(assets.id, ids), eq(assets.projectId, projectId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [src, id] of bySrc) {
    const row = byId.get(id);
    if (!row) continue;
    const bytes = new Uint8Array(row.data);
    try {
      const size = imageSize(bytes);
      if (!size.width || !size.height) continue;
      out.set(src, { bytes, contentType: row.contentType, width: size.width, height: size.height });
    } catch {
      // Not a picture image-size can read: the alt text stands for it.
    }
  }
  return out;
}
