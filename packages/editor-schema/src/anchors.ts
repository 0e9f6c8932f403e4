import * as Y from "yjs";
import type { Node } from "@tiptap/pm/model";
import { initProseMirrorDoc, relativePositionToAbsolutePosition } from "@tiptap/y-tiptap";
import { STUDY_FIELD } from "./extensions";
import { studySchema } from "./server";

/**
 * Comment anchors in a study's text: a range given by two Yjs relative positions
 * (`Y.relativePositionToJSON`, as the editor's y-tiptap binding makes them from a selection with
 * `absolutePositionToRelativePosition`), resolved to ProseMirror positions exactly as that binding
 * does (`initProseMirrorDoc` + `relativePositionToAbsolutePosition`), so the server's quote and the
 * editor's highlight cover the same text.
 *
 * Reading works on a copy of the document: y-tiptap's reader deletes, from the Y.Doc it reads,
 * elements the schema cannot build, and that write must never reach a live room from a GET.
 */

/** y-tiptap's map from Yjs types to the ProseMirror nodes built from them. */
type ProsemirrorMapping = ReturnType<typeof initProseMirrorDoc>["mapping"];

/** Longest quote kept with a thread; longer selections are cut and end with "…". */
export const QUOTE_MAX_LENGTH = 500;

/** A relative position as JSON (`Y.relativePositionToJSON`); its shape is checked by the caller. */
export interface RelativePositionLike {
  type?: { client: number; clock: number } | undefined;
  tname?: string | undefined;
  item?: { client: number; clock: number } | undefined;
  assoc?: number | undefined;
}

/**
 * What a text anchor is in the document now: a range with its text (`ok`); a range that collapsed
 * because the anchored text was deleted (`collapsed`, positions still meaningful); or positions that
 * do not resolve in this document at all (`unresolved`: unknown items, another type, a deleted block).
 */
export type TextRangeResolution =
  | { status: "ok"; from: number; to: number; quote: string }
  | { status: "collapsed"; from: number; to: number }
  | { status: "unresolved" };

/** The study's text as the editor sees it, for resolving any number of anchors against one state. */
export interface StudyAnchorReader {
  /** The ProseMirror document the editor would build from this state. */
  readonly doc: Node;
  /** One relative position as a ProseMirror position, or null when it does not resolve. */
  position(json: RelativePositionLike): number | null;
  /** A range: both ends, in order, and the quote. */
  range(start: RelativePositionLike, end: RelativePositionLike): TextRangeResolution;
}

/** A quote of a range: its text (blocks joined by a space), cut at QUOTE_MAX_LENGTH with "…". */
export function quoteOf(doc: Node, from: number, to: number): string {
  const text = doc.textBetween(from, to, " ", " ").replace(/\s+/g, " ").trim();
  if (text.length <= QUOTE_MAX_LENGTH) return text;
  // Do not cut a surrogate pair in two.
  let cut = QUOTE_MAX_LENGTH - 1;
  if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? "")) cut--;
  return `${text.slice(0, cut)}…`;
}

/**
 * A reader over a study's state: a Y.Doc (copied, never written) or its encoded state
 * (`Y.encodeStateAsUpdate`, e.g. taken inside the collab host's `withDoc`).
 */
export function studyAnchorReader(source: Y.Doc | Uint8Array): StudyAnchorReader {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, source instanceof Uint8Array ? source : Y.encodeStateAsUpdate(source));
  return anchorReaderOnCopy(copy);
}

/**
 * A reader over a Y.Doc that is a private copy of a study (nobody else's document): y-tiptap may
 * write to it while reading (it deletes elements the schema cannot build). For callers that keep a
 * copy up to date themselves, e.g. with `Y.encodeStateAsUpdate(live, Y.encodeStateVector(copy))`.
 */
export function anchorReaderOnCopy(copy: Y.Doc): StudyAnchorReader {
  let fragment: Y.XmlFragment | null = null;
  let doc: Node;
  let mapping: ProsemirrorMapping = new Map();
  try {
    fragment = copy.getXmlFragment(STUDY_FIELD);
    const init = initProseMirrorDoc(fragment, studySchema());
    doc = init.doc;
    mapping = init.mapping;
  } catch {
    // The root is not a fragment (or cannot be read as a study): no anchor resolves in it.
    fragment = null;
    doc = studySchema().topNodeType.createAndFill()!;
  }

  const position = (json: RelativePositionLike): number | null => {
    if (fragment === null) return null;
    try {
      const given = (value: unknown) => value !== undefined && value !== null;
      if (given(json.tname) && json.tname !== STUDY_FIELD) return null;
      if (!given(json.tname) && !given(json.type) && !given(json.item)) return null;
      const rel = Y.createRelativePositionFromJSON(json);
      const decoded = Y.createAbsolutePositionFromRelativePosition(rel, copy);
      if (decoded === null) return null;
      const type = decoded.type;
      if (type !== fragment && !Y.isParentOf(fragment, type._item)) return null;
      // A position inside a deleted block (or deleted text node) no longer has a place.
      for (let t: Y.AbstractType<unknown> = type; t !== fragment; t = t._item!.parent as Y.AbstractType<unknown>) {
        if (t._item === null || t._item.deleted) return null;
      }
      let absolute: number | null;
      if (type instanceof Y.XmlText) {
        // Measured from the end of its text node: y-tiptap calls an item-based position that lands
        // at the very start of the document "misresolved" (null), which would refuse a selection
        // of the first word; the end of the same text node is a type-based position it resolves.
        const endOfText = Y.createRelativePositionFromTypeIndex(type, type.length);
        const end = relativePositionToAbsolutePosition(copy, fragment, endOfText, mapping);
        absolute = end === null ? null : end - type.length + decoded.index;
      } else {
        absolute = relativePositionToAbsolutePosition(copy, fragment, rel, mapping);
      }
      if (absolute === null || absolute < 0 || absolute > doc.content.size) return null;
      return absolute;
    } catch {
      return null;
    }
  };

  return {
    doc,
    position,
    range(start, end) {
      const from = position(start);
      const to = position(end);
      if (from === null || to === null) return { status: "unresolved" };
      if (to <= from) return { status: "collapsed", from, to };
      const quote = quoteOf(doc, from, to);
      if (quote === "") return { status: "collapsed", from, to };
      return { status: "ok", from, to, quote };
    },
  };
}
