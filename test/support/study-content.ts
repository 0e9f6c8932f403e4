import * as Y from "yjs";
import { STUDY_FIELD } from "@taller/editor-schema";

/**
 * Valid content for tests that write into documents through the real server, which refuses
 * updates that break a document's shape (packages/editor-schema/src/validation.ts): text goes
 * into an XmlText inside a paragraph of the study's fragment, canvas entries are tldraw records.
 */

/** Appends a paragraph holding an XmlText (with `initial` in it) to `doc`'s study fragment; returns the text. */
export function appendParagraph(doc: Y.Doc, initial = ""): Y.XmlText {
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.transact(() => {
    const fragment = doc.getXmlFragment(STUDY_FIELD);
    fragment.insert(fragment.length, [paragraph]);
    if (initial) text.insert(0, initial);
  });
  return text;
}

/** The study fragment's top-level nodes as `nodeName:text` (text of their XmlText children; "?" for anything else). */
export function outline(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment(STUDY_FIELD)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? `${node.nodeName}:${node.toArray().map((c) => (c instanceof Y.XmlText ? c.toString() : "?")).join("")}` : "?"));
}

/** Texts of the study's paragraphs, in order. */
export function paragraphTexts(doc: Y.Doc): string[] {
  return outline(doc).flatMap((line) => (line.startsWith("paragraph:") ? [line.slice("paragraph:".length)] : []));
}

/** The text of the paragraph that client `clientID` created in `doc`'s study fragment, if any. */
export function paragraphOf(doc: Y.Doc, clientID: number): Y.XmlText | undefined {
  for (const node of doc.getXmlFragment(STUDY_FIELD).toArray()) {
    if (node instanceof Y.XmlElement && node.nodeName === "paragraph" && node._item?.id.client === clientID) {
      const text = node.get(0);
      if (text instanceof Y.XmlText) return text;
    }
  }
  return undefined;
}

/** The text of the last paragraph of `doc`'s study fragment (e.g. one a peer appended). */
export function lastParagraph(doc: Y.Doc): Y.XmlText | undefined {
  const fragment = doc.getXmlFragment(STUDY_FIELD);
  const last = fragment.get(fragment.length - 1);
  const text = last instanceof Y.XmlElement && last.nodeName === "paragraph" ? last.get(0) : undefined;
  return text instanceof Y.XmlText ? text : undefined;
}

/**
 * A shared paragraph for replaying a trace into a study: `base` (authored by a fixed clientID)
 * creates it, `text(doc)` finds its XmlText in any document that has `base`.
 */
export function traceParagraph(clientID = 999_999): { base: Uint8Array; text: (doc: Y.Doc) => Y.Text } {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  appendParagraph(doc);
  return {
    base: Y.encodeStateAsUpdate(doc),
    text: (target) => {
      const text = paragraphOf(target, clientID);
      if (text === undefined) throw new Error("the trace paragraph is not in this document");
      return text;
    },
  };
}

/** A canvas entry `{ key, val }` holding a valid tldraw page record with id `page:<name>`. */
export function pageEntry(name: string): { key: string; val: Record<string, unknown> } {
  const id = `page:${name}`;
  return { key: id, val: { id, typeName: "page", name, index: "a1", meta: {} } };
}
