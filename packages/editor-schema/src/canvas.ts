import type * as Y from "yjs";
import { YKeyValue } from "y-utility/y-keyvalue";

/**
 * How a tldraw canvas lives in a Y.Doc: one Y.Array of `{ key, val }` entries under `tldraw`,
 * used through y-utility's YKeyValue. Unlike a Y.Map, overwriting a key does not keep the old
 * value in the document, so a shape dragged a thousand times does not grow the canvas a
 * thousand-fold. Keys are tldraw record ids, values the records.
 */
export const CANVAS_FIELD = "tldraw";

/**
 * Y.Map beside the records holding tldraw's serialized schema (key "schema"): the version the
 * records were written at, so a client with a newer tldraw migrates them on load.
 */
export const CANVAS_META_FIELD = "tldraw_meta";

export type CanvasEntry = { key: string; val: unknown };

/** The live key-value view the web canvas binds tldraw's store to. */
export function canvasStore(doc: Y.Doc): YKeyValue<unknown> {
  return new YKeyValue(doc.getArray<CanvasEntry>(CANVAS_FIELD));
}

/**
 * The canvas as a plain record map, read without modifying the document (YKeyValue's
 * constructor would delete duplicate entries, a write). When a key appears twice, the later
 * entry wins, as in YKeyValue. Entries that are not `{ key: string, val: object }` (documents
 * stored before updates were validated) are skipped and counted in `skipped`.
 */
export function readCanvas(doc: Y.Doc): { records: Record<string, unknown>; skipped: string[] } {
  let entries: unknown[];
  try {
    entries = doc.getArray<unknown>(CANVAS_FIELD).toArray();
  } catch {
    return { records: {}, skipped: [`root ${CANVAS_FIELD} is not an array`] };
  }
  // A Map, then fromEntries: a key such as "__proto__" stays an own property.
  const records = new Map<string, unknown>();
  let skipped = 0;
  for (const entry of entries) {
    const { key, val } = (typeof entry === "object" && entry !== null ? entry : {}) as { key?: unknown; val?: unknown };
    if (typeof key !== "string" || typeof val !== "object" || val === null || Array.isArray(val)) skipped++;
    else records.set(key, val);
  }
  return { records: Object.fromEntries(records), skipped: skipped === 0 ? [] : [`${skipped} canvas entries that are not records`] };
}
