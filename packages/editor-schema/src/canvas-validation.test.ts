import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas } from "@tldraw/tlschema";
import { CANVAS_FIELD, CANVAS_META_FIELD, canvasStore, readCanvas } from "./canvas";
import { validateCanvasUpdate } from "./canvas-validation";
import { geoShape, updateOn } from "./testing";

/**
 * The canvas validator on updates written through YKeyValue, as the web binding writes them.
 * (apps/web/src/features/canvas/yjsBinding.validation.test.ts checks the real binding with
 * tldraw's own store and shape defaults against it.)
 */

const schema = createTLSchema({ shapes: defaultShapeSchemas, bindings: defaultBindingSchemas }).serialize();
const documentRecord = { id: "document:document", typeName: "document", gridSize: 10, name: "", meta: {} };
const page = { id: "page:p1", typeName: "page", name: "Página 1", index: "a1", meta: {} };
const geo = (id: string, props: Record<string, unknown> = {}) => geoShape(id, { props });

/** A server copy holding the initial canvas an editor writes (document, page, schema). */
function setup() {
  const server = new Y.Doc();
  const first = new Y.Doc();
  first.transact(() => {
    const kv = canvasStore(first);
    kv.set(documentRecord.id, documentRecord);
    kv.set(page.id, page);
    first.getMap(CANVAS_META_FIELD).set("schema", schema);
  });
  const initial = Y.encodeStateAsUpdate(first);
  expect(validateCanvasUpdate(server, initial)).toBeNull();
  Y.applyUpdate(server, initial);
  return server;
}

function deliver(server: Y.Doc, update: Uint8Array) {
  const before = Y.encodeStateAsUpdate(server);
  const refusal = validateCanvasUpdate(server, update);
  expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  if (refusal === null) Y.applyUpdate(server, update);
  return refusal;
}

describe("canvas update validation", () => {
  it("accepts records added, moved (overwritten) and deleted through YKeyValue", () => {
    const server = setup();
    expect(deliver(server, updateOn(server, (doc) => canvasStore(doc).set("shape:a", geo("shape:a"))))).toBeNull();
    expect(deliver(server, updateOn(server, (doc) => canvasStore(doc).set("shape:a", { ...geo("shape:a"), x: 300 })))).toBeNull();
    expect(deliver(server, updateOn(server, (doc) => canvasStore(doc).delete("shape:a")))).toBeNull();
    expect(readCanvas(server)).toEqual({ records: { [documentRecord.id]: documentRecord, [page.id]: page }, skipped: [] });
  });

  it("accepts records of an older tldraw, migrating them first", () => {
    const server = new Y.Doc();
    const old = { ...schema, sequences: { ...schema.sequences, "com.tldraw.shape.geo": 11 } };
    const update = updateOn(server, (doc) => {
      canvasStore(doc).set("shape:a", geo("shape:a"));
      doc.getMap(CANVAS_META_FIELD).set("schema", old);
    });
    expect(deliver(server, update)).toBeNull();
  });

  const refused: [string, (doc: Y.Doc) => void, RegExp][] = [
    ["a null entry", (doc) => doc.getArray(CANVAS_FIELD).push([null]), /canvas entry is null/],
    ["an entry without a record", (doc) => doc.getArray(CANVAS_FIELD).push([{ key: "shape:x", val: null }]), /has no record/],
    ["an entry without a key", (doc) => doc.getArray(CANVAS_FIELD).push([{ val: geo("shape:x") }]), /key is not a string/],
    ["a record under another key", (doc) => canvasStore(doc).set("shape:y", geo("shape:x")), /has another id/],
    ["an unknown record type", (doc) => canvasStore(doc).set("evil:x", { id: "evil:x", typeName: "evil" }), /unknown type evil/],
    ["a session record", (doc) => canvasStore(doc).set("camera:x", { id: "camera:x", typeName: "camera", x: 0, y: 0, z: 1, meta: {} }), /not a document record/],
    ["an id of another type", (doc) => canvasStore(doc).set("page:x", { ...geo("page:x") }), /does not match its type/],
    ["invalid shape props", (doc) => canvasStore(doc).set("shape:x", geo("shape:x", { w: "ancho" })), /is invalid: .*props\.w/],
    ["an unknown shape type", (doc) => canvasStore(doc).set("shape:x", { ...geo("shape:x"), type: "iframe" }), /is invalid/],
    ["a Y type in the array", (doc) => doc.getArray(CANVAS_FIELD).push([new Y.Map()]), /Map in the canvas/],
    ["another root", (doc) => doc.getMap("shapes").set("a", 1), /a canvas has no root "shapes"/],
    ["another metadata key", (doc) => doc.getMap(CANVAS_META_FIELD).set("x", 1), /metadata has no key x/],
    ["a schema that is not one", (doc) => doc.getMap(CANVAS_META_FIELD).set("schema", { evil: true }), /not a tldraw schema/],
    [
      "a schema newer than the server's",
      (doc) => doc.getMap(CANVAS_META_FIELD).set("schema", { ...schema, sequences: { ...schema.sequences, "com.tldraw.shape.geo": 999 } }),
      /can migrate from/,
    ],
  ];
  for (const [name, change, detail] of refused) {
    it(`refuses ${name}`, () => {
      const server = setup();
      const refusal = deliver(server, updateOn(server, change));
      expect(refusal?.reason).toBe("invalid_content");
      expect(refusal?.detail).toMatch(detail);
    });
  }

  it("refuses text typed into a root named like the canvas", () => {
    const server = setup();
    const other = new Y.Doc();
    other.getText(CANVAS_FIELD).insert(0, "x");
    expect(deliver(server, Y.encodeStateAsUpdate(other))?.detail).toMatch(/ContentString in the canvas/);
  });

  it("reads a stored canvas holding entries that are not records (stored before validation)", () => {
    const doc = setup();
    doc.getArray(CANVAS_FIELD).push([null, 3, { key: 4, val: {} }, { key: "shape:x" }, { key: "__proto__", val: { id: "__proto__" } }]);
    const { records, skipped } = readCanvas(doc);
    expect(Object.keys(records).sort()).toEqual(["__proto__", documentRecord.id, page.id]);
    expect(skipped).toEqual(["4 canvas entries that are not records"]);
  });
});
