import * as Y from "yjs";
import { CANVAS_FIELD } from "@taller/editor-schema/canvas";
import type { StateVector } from "./save-status";

/**
 * What this browser holds that storage does not: the content of the local Y.Doc whose ids lie
 * beyond what the server is known to hold (`uncovered`: client → first clock not known stored,
 * from SaveLedger.uncovered or a persisted baseline). Read-only walks over Yjs items, so listing
 * never changes the document. Deletions leave no item of their own and cannot be listed; the
 * caller says "other changes" when the ledger knows of refused or unacknowledged messages.
 */
export type UnsavedItem =
  /** Text inserted into one block of a study (the parts that are new, joined by « … »). */
  | { kind: "text"; text: string }
  /** A canvas record added or changed: its type (tldraw shape type, "page"…) and its text, if any. */
  | { kind: "shape"; type: string; text: string };

export type DocumentKind = "text" | "canvas";

/**
 * The XmlFragment a study lives in: `STUDY_FIELD` of @taller/editor-schema, repeated here because
 * that module brings TipTap with it (the app shell must stay light). unsaved.test.ts checks both agree.
 */
export const STUDY_FIELD_NAME = "default";

export function documentKindOf(collabName: string): DocumentKind | null {
  if (collabName.startsWith("doc.")) return "text";
  if (collabName.startsWith("board.")) return "canvas";
  return null;
}

/** Items of a Yjs type in document order (including deleted ones: callers check `deleted`). */
function* itemsOf(type: { _start: Y.Item | null }): Generator<Y.Item> {
  for (let item = type._start; item !== null; item = item.right) yield item;
}

/** How many of the item's units (characters, entries) are beyond the known-stored clock. */
function newFrom(item: Y.Item, uncovered: StateVector): number | null {
  const from = uncovered.get(item.id.client);
  if (from === undefined) return null;
  const end = item.id.clock + item.length;
  if (end <= from) return null;
  return Math.max(0, from - item.id.clock);
}

/** The new text inside one block (XmlElement or XmlText), in order, with gaps shown as « … ». */
function newTextOf(type: { _start: Y.Item | null }, uncovered: StateVector, pieces: string[], state: { gap: boolean }): void {
  for (const item of itemsOf(type)) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentString) {
      const offset = newFrom(item, uncovered);
      if (offset === null) {
        if (content.str.trim()) state.gap = true;
        continue;
      }
      if (state.gap && pieces.length > 0) pieces.push(" … ");
      state.gap = offset > 0;
      pieces.push(content.str.slice(offset));
    } else if (content instanceof Y.ContentType) {
      newTextOf(content.type, uncovered, pieces, state);
    }
  }
}

/** Unsaved insertions of a study: one entry per top-level block that holds new text. */
export function unsavedStudyText(doc: Y.Doc, field: string, uncovered: StateVector): UnsavedItem[] {
  if (uncovered.size === 0) return [];
  const result: UnsavedItem[] = [];
  for (const item of itemsOf(doc.getXmlFragment(field))) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const pieces: string[] = [];
    newTextOf(item.content.type, uncovered, pieces, { gap: false });
    const text = pieces
      .join("")
      .split(" … ")
      .map((part) => part.trim())
      .filter(Boolean)
      .join(" … ");
    if (text) result.push({ kind: "text", text });
  }
  return result;
}

function plainText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(plainText).join("");
  if (value && typeof value === "object") {
    const node = value as { text?: unknown; content?: unknown; type?: unknown };
    const inner = (typeof node.text === "string" ? node.text : "") + plainText(node.content);
    return node.type === "paragraph" ? `${inner}\n` : inner;
  }
  return "";
}

/** Unsaved canvas records (added or changed shapes and pages), latest entry per record. */
export function unsavedCanvasRecords(doc: Y.Doc, uncovered: StateVector): UnsavedItem[] {
  if (uncovered.size === 0) return [];
  const byKey = new Map<string, UnsavedItem>();
  for (const item of itemsOf(doc.getArray(CANVAS_FIELD))) {
    if (item.deleted || !(item.content instanceof Y.ContentAny)) continue;
    const offset = newFrom(item, uncovered);
    if (offset === null) continue;
    for (const entry of item.content.arr.slice(offset) as { key?: unknown; val?: unknown }[]) {
      if (typeof entry?.key !== "string") continue;
      const val = (entry.val ?? {}) as { type?: unknown; name?: unknown; props?: { text?: unknown; richText?: unknown } };
      if (entry.key.startsWith("shape:")) {
        const type = typeof val.type === "string" ? val.type : "other";
        const text = plainText(val.props?.richText ?? val.props?.text).trim();
        byKey.set(entry.key, { kind: "shape", type, text });
      } else if (entry.key.startsWith("page:")) {
        byKey.set(entry.key, { kind: "shape", type: "page", text: typeof val.name === "string" ? val.name : "" });
      }
    }
  }
  return [...byKey.values()];
}

export function unsavedItems(doc: Y.Doc, kind: DocumentKind, studyField: string, uncovered: StateVector): UnsavedItem[] {
  return kind === "text" ? unsavedStudyText(doc, studyField, uncovered) : unsavedCanvasRecords(doc, uncovered);
}
