// Test support (exported as "@taller/editor-schema/testing"): the update a change makes, as a
// client sends it, and a tldraw shape record that passes the canvas validator.
import * as Y from "yjs";

/** The update `change` makes on a copy of `base` (`base` itself stays as it is). */
export function updateOn(base: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

/** A tldraw geo shape (a 100×100 rectangle on `parentId`) with every prop tldraw's schema requires. */
export function geoShape(
  id: string,
  options: { parentId?: string; x?: number; y?: number; props?: Record<string, unknown> } = {},
): Record<string, unknown> & { id: string; props: Record<string, unknown> } {
  return {
    id,
    typeName: "shape",
    type: "geo",
    x: options.x ?? 10,
    y: options.y ?? 20,
    rotation: 0,
    index: "a1",
    parentId: options.parentId ?? "page:p1",
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      w: 100, h: 100, geo: "rectangle", dash: "draw", growY: 0, url: "", scale: 1, flipX: false, flipY: false, color: "black",
      labelColor: "black", fill: "none", size: "m", font: "draw", align: "middle", verticalAlign: "middle",
      richText: { type: "doc", content: [{ type: "paragraph" }] },
      ...options.props,
    },
  };
}
