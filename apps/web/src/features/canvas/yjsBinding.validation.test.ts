import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  AssetRecordType,
  createBindingId,
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  toRichText,
  type TLRecord,
  type TLShapeId,
} from "tldraw";
import { canvasStore } from "@taller/editor-schema";
import { validateCanvasUpdate } from "@taller/editor-schema/canvas-validation";
import { bindCanvas, loadCanvas } from "./yjsBinding";

/**
 * The server's canvas validator accepts what the web app's real canvas writes: tldraw's own
 * store (default shapes and bindings, as useCanvasStore creates it) bound to a Y.Doc by this
 * app's binding, every record built from tldraw's shape-util defaults and checked by the store.
 */

type Util = { type: string; prototype: { getDefaultProps(): Record<string, unknown> } };

function shape(type: string, id: TLShapeId, parentId: string, props: Record<string, unknown> = {}): TLRecord {
  const util = defaultShapeUtils.find((u) => (u as unknown as Util).type === type) as unknown as Util;
  const defaults = util.prototype.getDefaultProps.call(null);
  return { id, typeName: "shape", type, x: 40, y: 60, rotation: 0, index: "a1", parentId, isLocked: false, opacity: 1, meta: {}, props: { ...defaults, ...props } } as unknown as TLRecord;
}

describe("the web canvas binding writes only what the server's validator accepts", () => {
  it("initial canvas, every default shape, an arrow binding, an image asset, moves and deletes", () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on("update", (update: Uint8Array) => updates.push(update));
    const deliverAll = (step: string) => {
      for (const update of updates.splice(0)) {
        expect(validateCanvasUpdate(server, update), step).toBeNull();
        Y.applyUpdate(server, update);
      }
    };

    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
    const kv = canvasStore(client);
    expect(loadCanvas(store, client, kv, { canWrite: true, defaultPageName: "Página 1" })).toEqual({ ok: true });
    bindCanvas(store, client, kv, { canWrite: () => true, onIncompatible: () => expect.fail("incompatible") });
    deliverAll("initial document and page");

    const page = store.query.records("page").get()[0]!;
    const asset = AssetRecordType.create({
      id: AssetRecordType.createId("foto"),
      type: "image",
      props: { name: "foto.png", src: "/api/assets/abc", w: 640, h: 480, mimeType: "image/png", isAnimated: false },
      meta: {},
    });
    const frame = createShapeId("marco");
    const records: TLRecord[] = [asset];
    for (const util of defaultShapeUtils as unknown as Util[]) {
      if (util.type === "embed" || util.type === "video") continue; // not offered by the app
      const props: Record<string, unknown> =
        util.type === "image" ? { assetId: asset.id } : util.type === "text" || util.type === "note" ? { richText: toRichText("hola") } : {};
      records.push(shape(util.type, createShapeId(util.type), page.id, props));
    }
    records.push(shape("geo", createShapeId("dentro"), frame, { richText: toRichText("en el marco") }));
    store.put(records);
    deliverAll("every default shape");

    const arrow = createShapeId("arrow");
    const target = createShapeId("geo");
    store.put([
      {
        id: createBindingId("flecha"),
        typeName: "binding",
        type: "arrow",
        fromId: arrow,
        toId: target,
        meta: {},
        props: { ...(defaultBindingUtils[0] as unknown as Util).prototype.getDefaultProps.call(null), terminal: "end" },
      } as unknown as TLRecord,
    ]);
    deliverAll("arrow binding");

    const moved = store.get(target)!;
    store.put([{ ...moved, x: 400, y: 300 } as TLRecord]);
    store.remove([createShapeId("line")]);
    deliverAll("move and delete");

    expect(Object.keys(server.getArray("tldraw").toJSON()).length).toBeGreaterThan(10);
  });
});
