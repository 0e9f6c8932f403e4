import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyInSlices, documentFromStorage, loadDocument, splitInWorker, SPLIT_FROM_BYTES } from "./load-document";
import { prng } from "./testing";

/**
 * A stored log as the host writes it: every update of several authors editing concurrently
 * (text with formatting and deletions, a map, nested XML elements), exchanged at random moments
 * so that origins cross clients in both directions.
 */
function concurrentLog(seed: number, authors: number, edits: number): Uint8Array[] {
  const random = prng(seed);
  const docs = Array.from({ length: authors }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = 100 + i;
    return doc;
  });
  const log: Uint8Array[] = [];
  const inbox = docs.map(() => [] as Uint8Array[]);
  docs.forEach((doc, i) =>
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === "remote") return;
      log.push(update);
      inbox.forEach((box, j) => j !== i && box.push(update));
    }),
  );
  for (let step = 0; step < edits; step++) {
    const i = Math.floor(random() * authors);
    const doc = docs[i]!;
    if (random() < 0.3) {
      for (const update of inbox[i]!.splice(0)) Y.applyUpdate(doc, update, "remote");
    }
    const text = doc.getText("text");
    const roll = random();
    if (roll < 0.55 || text.length < 10) {
      const at = Math.floor(random() * (text.length + 1));
      text.insert(at, "abcdefghij".slice(0, 1 + Math.floor(random() * 10)), random() < 0.2 ? { bold: true } : {});
    } else if (roll < 0.8) {
      const at = Math.floor(random() * (text.length - 1));
      text.delete(at, 1 + Math.floor(random() * Math.min(5, text.length - at - 1)));
    } else if (roll < 0.9) {
      doc.getMap("meta").set(`k${Math.floor(random() * 20)}`, step);
    } else {
      const fragment = doc.getXmlFragment("body");
      if (fragment.length > 0 && random() < 0.3) fragment.delete(Math.floor(random() * fragment.length), 1);
      else {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText(`p${step}`)]);
        fragment.insert(Math.floor(random() * (fragment.length + 1)), [paragraph]);
      }
    }
  }
  return log;
}

function content(doc: Y.Doc) {
  return {
    text: doc.getText("text").toDelta(),
    meta: doc.getMap("meta").toJSON(),
    body: doc.getXmlFragment("body").toString(),
    stateVector: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((a, b) => a[0] - b[0]),
  };
}

describe("loading a stored document in pieces", () => {
  it.each([1, 2, 3, 4, 5])("gives the same document as the stored updates, never leaving structs pending (seed %i)", async (seed) => {
    const log = concurrentLog(seed, 4, 3_000);
    const expected = documentFromStorage(log);
    // Tiny pieces, so that nearly every piece depends on structs of other clients.
    const pieces = await splitInWorker(log, { maxStructs: 7, maxLength: 40, maxRanges: 5 });
    expect(pieces).not.toBeNull();
    expect(pieces!.length).toBeGreaterThan(50);
    const doc = new Y.Doc({ gc: true });
    for (const piece of pieces!) {
      Y.applyUpdate(doc, piece);
      expect(doc.store.pendingStructs).toBeNull();
      expect(doc.store.pendingDs).toBeNull();
    }
    expect(content(doc)).toEqual(content(expected));
    expect(
      Y.equalDeleteSets(Y.createDeleteSetFromStructStore(doc.store), Y.createDeleteSetFromStructStore(expected.store)),
    ).toBe(true);
  });

  it("keeps the event loop turning while it integrates a big document, and ends with the same content", async () => {
    // One author's long history: tens of thousands of one-character structs.
    const source = new Y.Doc();
    const text = source.getText("text");
    const random = prng(7);
    for (let i = 0; i < 60_000; i++) {
      if (text.length > 20 && random() < 0.3) text.delete(Math.floor(random() * (text.length - 1)), 1);
      else text.insert(Math.floor(random() * (text.length + 1)), "x");
    }
    const stored = [Y.encodeStateAsUpdate(source)];
    expect(stored[0]!.byteLength).toBeGreaterThan(SPLIT_FROM_BYTES);
    const pieces = (await splitInWorker(stored))!;
    expect(pieces.length).toBeGreaterThan(3);

    const order: string[] = [];
    const doc = new Y.Doc({ gc: true });
    const applying = applyInSlices(doc, pieces).then(() => order.push("document built"));
    // Scheduled once integration started: it runs first only if integration yields the loop.
    setImmediate(() => order.push("timer fired"));
    await applying;
    expect(order).toEqual(["timer fired", "document built"]);
    expect(doc.getText("text").toString()).toBe(text.toString());
    // And the whole path, worker included, gives the same text.
    expect((await loadDocument(stored)).getText("text").toString()).toBe(text.toString());
  });

  it("rejects a corrupt stored update, as applying it would", async () => {
    const bytes = new Uint8Array(SPLIT_FROM_BYTES + 10).fill(0xff);
    await expect(loadDocument([bytes])).rejects.toThrow();
  });
});
