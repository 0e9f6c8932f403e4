import type * as Y from "yjs";
import type { Node } from "@tiptap/pm/model";
import { updateYFragment } from "@tiptap/y-tiptap";
import { STUDY_FIELD } from "./extensions";
import { readStudy, studySchema } from "./server";
import { canvasStore, readCanvas } from "./canvas";

/**
 * Restoring a version as an EDIT of the live document (never by swapping its stored state): the
 * caller runs these on the room's Y.Doc (the collab host's `withDoc`), so the change is one Yjs
 * transaction that is persisted and reaches every connected client as a normal update.
 *
 * Only what differs is written. Text goes through y-tiptap's own `updateYFragment` — the function
 * the editor's binding uses to turn a ProseMirror state into Yjs — which keeps the unchanged
 * blocks on both ends, descends into blocks of the same type and rewrites a changed paragraph's
 * text by a character diff. A concurrent client's typing therefore merges into the restored text
 * instead of being duplicated next to a deleted-and-reinserted copy. Canvas records are set or
 * deleted one by one, and only those that differ.
 */

/** Deep equality of JSON values (object key order ignored), as RFC 8785 canonical forms compare. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((value, i) => sameJson(value, other[i]));
  }
  const left = Object.entries(a as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const right = b as Record<string, unknown>;
  if (left.length !== Object.values(right).filter((v) => v !== undefined).length) return false;
  return left.every(([key, value]) => Object.hasOwn(right, key) && sameJson(value, right[key]));
}

/** The ProseMirror document of a version's content, checked against the study schema (throws when it does not fit). */
export function studyNodeOf(content: unknown): Node {
  const node = studySchema().nodeFromJSON(content);
  node.check();
  return node;
}

/**
 * Makes the study in `doc` read as `content` (ProseMirror JSON of a version). Returns false, and
 * writes nothing, when it already does.
 */
export function restoreStudyContent(doc: Y.Doc, content: unknown, origin: unknown = null): boolean {
  if (sameJson(readStudy(doc).json, content)) return false;
  const target = studyNodeOf(content);
  const fragment = doc.getXmlFragment(STUDY_FIELD);
  doc.transact(() => updateYFragment(doc, fragment, target, { mapping: new Map(), isOMark: new Map() }), origin);
  return true;
}

/**
 * Makes the canvas in `doc` hold exactly `records` (a version's tldraw record map): records that
 * differ are set, records the version lacks are deleted, the rest is not touched. Returns false,
 * and writes nothing, when nothing differs. The records stay at the schema they were frozen with;
 * clients migrate them on arrival as they do every record (the canvas's stored schema is kept).
 */
export function restoreCanvasRecords(doc: Y.Doc, records: Record<string, unknown>, origin: unknown = null): boolean {
  const live = readCanvas(doc).records;
  const toSet = Object.entries(records).filter(([key, value]) => !Object.hasOwn(live, key) || !sameJson(live[key], value));
  const toDelete = Object.keys(live).filter((key) => !Object.hasOwn(records, key));
  if (toSet.length === 0 && toDelete.length === 0) return false;
  doc.transact(() => {
    // Built inside the transaction: YKeyValue's constructor drops duplicate entries (a write).
    const kv = canvasStore(doc);
    for (const key of toDelete) kv.delete(key);
    for (const [key, value] of toSet) kv.set(key, value);
  }, origin);
  return true;
}
