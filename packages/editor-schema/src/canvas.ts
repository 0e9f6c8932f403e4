import type * as Y from "yjs";
import { YKeyValue } from "y-utility/y-keyvalue";

/**
 * How a tldraw canvas lives in a Y.Doc: one Y.Array of `{ key, val }` entries under `tldraw`,
 * used through y-utility's YKeyValue. Unlike a Y.Map, overwriting a key does not keep the old
 * value in the document, so a shape dragged a thousand times does not grow the canvas a
 * thousand-fold. Keys are tldraw record ids, values the records.
 */
export const CANVAS_FIELD = "tldraw";

export type CanvasEntry = { key: string; val: unknown };

/** The live key-value view the web canvas binds tldraw's store to. */
export function canvasStore(doc: Y.Doc): YKeyValue<unknown> {
  return new YKeyValue(doc.getArray<CanvasEntry>(CANVAS_FIELD));
}

/**
 * The canvas as a plain record map, read without modifying the document (YKeyValue's
 * constructor would delete duplicate entries, a write). When a key appears twice, the later
 * entry wins, as in YKeyValue.
 */
export function canvasRecords(doc: Y.Doc): Record<string, unknown> {
  const records: Record<string, unknown> = {};
  for (const entry of doc.getArray<CanvasEntry>(CANVAS_FIELD).toArray()) records[entry.key] = entry.val;
  return records;
}
