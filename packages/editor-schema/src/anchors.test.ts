import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { absolutePositionToRelativePosition, initProseMirrorDoc, prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { QUOTE_MAX_LENGTH, studyAnchorReader, type RelativePositionLike } from "./anchors";
import { STUDY_FIELD } from "./extensions";
import { seedStudyTemplate, studySchema } from "./server";

const SENTENCE = "El derecho de vía del libramiento norte no está liberado.";

/** A study like the server holds it: the template plus a paragraph with `text` under the first heading. */
function study(text = SENTENCE): Y.Doc {
  const doc = new Y.Doc();
  seedStudyTemplate(doc);
  const paragraph = new Y.XmlElement("paragraph");
  const xmlText = new Y.XmlText();
  paragraph.insert(0, [xmlText]);
  doc.transact(() => {
    doc.getXmlFragment(STUDY_FIELD).insert(1, [paragraph]);
    xmlText.insert(0, text);
  });
  return doc;
}

/** The paragraph's XmlText (the one inserted by `study`). */
function sentenceText(doc: Y.Doc): Y.XmlText {
  return (doc.getXmlFragment(STUDY_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlText;
}

/**
 * What a browser sends: it has its own replica of the document, builds the editor's view of it
 * with y-tiptap (the binding's mapping) and turns the selection of `word` into relative positions.
 */
function clientAnchor(serverDoc: Y.Doc, word: string): { start: RelativePositionLike; end: RelativePositionLike; from: number; to: number } {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(serverDoc));
  const fragment = client.getXmlFragment(STUDY_FIELD);
  const { doc, mapping } = initProseMirrorDoc(fragment, studySchema());
  let from = -1;
  doc.descendants((node, pos) => {
    if (from < 0 && node.isText && node.text!.includes(word)) from = pos + node.text!.indexOf(word);
  });
  if (from < 0) throw new Error(`${word} not in the document`);
  const to = from + word.length;
  const rel = (pos: number) => Y.relativePositionToJSON(absolutePositionToRelativePosition(pos, fragment, mapping)) as RelativePositionLike;
  return { start: rel(from), end: rel(to), from, to };
}

/** Applies a change made on a peer replica, as the room receives it. */
function edit(doc: Y.Doc, change: (peer: Y.Doc) => void): void {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(peer);
  change(peer);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, before));
}

describe("text anchors", () => {
  it("resolves a client's selection to the same positions and quotes the text", () => {
    const doc = study();
    const anchor = clientAnchor(doc, "derecho de vía");
    const result = studyAnchorReader(doc).range(anchor.start, anchor.end);
    expect(result).toEqual({ status: "ok", from: anchor.from, to: anchor.to, quote: "derecho de vía" });
  });

  it("resolves a selection made with Y.createRelativePositionFromTypeIndex on the text node", () => {
    const doc = study();
    const text = sentenceText(doc);
    const start = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 3));
    const end = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 17, -1));
    const result = studyAnchorReader(Y.encodeStateAsUpdate(doc)).range(start, end);
    expect(result).toMatchObject({ status: "ok", quote: "derecho de vía" });
  });

  it("resolves a selection of the document's very first characters", () => {
    const doc = study();
    const first = (doc.getXmlFragment(STUDY_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const start = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(first, 0));
    const end = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(first, 2, -1));
    const result = studyAnchorReader(doc).range(start, end);
    expect(result).toMatchObject({ status: "ok", from: 1, to: 3, quote: first.toString().slice(0, 2) });
  });

  it("follows an insertion before the anchored text", () => {
    const doc = study();
    const anchor = clientAnchor(doc, "derecho de vía");
    edit(doc, (peer) => sentenceText(peer).insert(0, "Nota: "));
    const result = studyAnchorReader(doc).range(anchor.start, anchor.end);
    expect(result).toEqual({ status: "ok", from: anchor.from + 6, to: anchor.to + 6, quote: "derecho de vía" });
  });

  it("follows a new paragraph inserted before it", () => {
    const doc = study();
    const anchor = clientAnchor(doc, "libramiento norte");
    edit(doc, (peer) => {
      const paragraph = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      peer.getXmlFragment(STUDY_FIELD).insert(0, [paragraph]);
      text.insert(0, "Antecedentes.");
    });
    expect(studyAnchorReader(doc).range(anchor.start, anchor.end)).toMatchObject({ status: "ok", quote: "libramiento norte", from: anchor.from + 15 });
  });

  it("collapses when the anchored text is deleted", () => {
    const doc = study();
    const anchor = clientAnchor(doc, "derecho de vía");
    edit(doc, (peer) => sentenceText(peer).delete(3, "derecho de vía".length));
    expect(studyAnchorReader(doc).range(anchor.start, anchor.end)).toMatchObject({ status: "collapsed" });
  });

  it("does not resolve once the whole paragraph is deleted", () => {
    const doc = study();
    const anchor = clientAnchor(doc, "derecho de vía");
    edit(doc, (peer) => peer.getXmlFragment(STUDY_FIELD).delete(1, 1));
    expect(studyAnchorReader(doc).range(anchor.start, anchor.end)).toEqual({ status: "unresolved" });
  });

  it("refuses garbage, foreign and inverted positions", () => {
    const doc = study();
    const reader = studyAnchorReader(doc);
    const good = clientAnchor(doc, "derecho de vía");
    const foreign = { item: { client: 123_456_789, clock: 0 }, assoc: 0 };
    const future = { item: { client: doc.clientID, clock: 1_000_000 }, assoc: 0 };
    expect(reader.range(foreign, good.end)).toEqual({ status: "unresolved" });
    expect(reader.range(good.start, future)).toEqual({ status: "unresolved" });
    expect(reader.range({ tname: "tldraw", assoc: 0 }, good.end)).toEqual({ status: "unresolved" });
    expect(reader.range({}, good.end)).toEqual({ status: "unresolved" });
    expect(reader.range({ type: { client: 1, clock: 1 } }, good.end)).toEqual({ status: "unresolved" });
    expect(reader.range(good.end, good.start)).toMatchObject({ status: "collapsed" });
    expect(reader.range(good.start, good.start)).toMatchObject({ status: "collapsed" });
  });

  it("never throws on arbitrary positions, and whatever resolves lies inside the document", () => {
    const doc = study();
    const reader = studyAnchorReader(doc);
    const size = reader.doc.content.size;
    const clients = [doc.clientID, ...Array.from(doc.store.clients.keys()), 0, 1, 2 ** 32 - 1];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const id = () => ({ client: clients[random(clients.length)]!, clock: random(3) === 0 ? random(1_000_000) : random(200) });
    const positionOf = (): RelativePositionLike => {
      const p: RelativePositionLike = { assoc: random(3) - 1 };
      const pick = random(4);
      if (pick === 0) p.item = id();
      else if (pick === 1) p.type = id();
      else if (pick === 2) p.tname = ["default", "tldraw", "x", ""][random(4)]!;
      else Object.assign(p, { item: id(), type: id(), tname: "default" });
      return p;
    };
    let resolved = 0;
    for (let i = 0; i < 2_000; i++) {
      const a = positionOf();
      const position = reader.position(a);
      if (position !== null) {
        resolved++;
        expect(position >= 0 && position <= size).toBe(true);
      }
      const result = reader.range(a, positionOf());
      expect(["ok", "collapsed", "unresolved"]).toContain(result.status);
    }
    // Some of them land in the text (small clocks of the document's clients).
    expect(resolved).toBeGreaterThan(50);
  });

  it("refuses positions in another root of the document", () => {
    const doc = study();
    const other = doc.getText("notes");
    other.insert(0, "otra cosa");
    const start = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(other, 1));
    const end = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(other, 4));
    expect(studyAnchorReader(doc).range(start, end)).toEqual({ status: "unresolved" });
  });

  it("never writes to the document it reads", () => {
    const doc = study();
    // An element the schema cannot build: y-tiptap's reader would delete it from the Y.Doc it reads.
    doc.transact(() => doc.getXmlFragment(STUDY_FIELD).insert(0, [new Y.XmlElement("blink")]));
    const before = Y.encodeStateAsUpdate(doc);
    const anchor = clientAnchor(study(), "derecho de vía");
    studyAnchorReader(doc).range(anchor.start, anchor.end);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it("cuts long quotes", () => {
    const doc = new Y.Doc();
    doc.transact(() => prosemirrorJSONToYXmlFragment(studySchema(), { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "a".repeat(2_000) }] }] }, doc.getXmlFragment(STUDY_FIELD)));
    const text = (doc.getXmlFragment(STUDY_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const result = studyAnchorReader(doc).range(
      Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0)),
      Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 2_000)),
    );
    expect(result.status).toBe("ok");
    const quote = (result as { quote: string }).quote;
    expect(quote.length).toBe(QUOTE_MAX_LENGTH);
    expect(quote.endsWith("…")).toBe(true);
  });
});
