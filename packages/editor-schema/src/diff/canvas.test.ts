import { describe, expect, it } from "vitest";
import { geoShape } from "../testing";
import { diffCanvas } from "./canvas";

const page = { id: "page:p1", typeName: "page", name: "Planta", index: "a1", meta: {} };
const label = (text: string) => ({ richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] } });

/** A conceptual design of a bridge: the deck, two piers, a frame holding the ramp, and a note. */
function earlier(): Record<string, unknown> {
  const shapes = [
    geoShape("shape:tablero", { x: 0, y: 100, props: { w: 600, h: 40, ...label("Tablero") } }),
    geoShape("shape:pila1", { x: 100, y: 140, props: { w: 30, h: 120, ...label("Pila 1") } }),
    geoShape("shape:pila2", { x: 470, y: 140, props: { w: 30, h: 120, ...label("Pila 2") } }),
    { ...geoShape("shape:marco", { x: 700, y: 0, props: {} }), type: "frame", props: { w: 300, h: 200, name: "Rampa peatonal", color: "black" } },
    geoShape("shape:rampa", { parentId: "shape:marco", x: 20, y: 30, props: { w: 100, h: 50, ...label("Rampa") } }),
    geoShape("shape:caseta", { x: -200, y: 0, props: { w: 80, h: 80, ...label("Caseta de cobro") } }),
  ];
  return Object.fromEntries([[page.id, page], ...shapes.map((s) => [s.id, s])]);
}

describe("canvas diff of two versions", () => {
  it("finds nothing between a version and itself", () => {
    const diff = diffCanvas(earlier(), earlier());
    expect(diff.shapes).toEqual([]);
    expect(diff.summary).toEqual({ added: 0, removed: 0, moved: 0, changed: 0, pages: { added: 0, removed: 0, changed: 0 }, bindings: { added: 0, removed: 0, changed: 0 } });
  });

  it("tells added, removed, moved and changed shapes apart, with their geometry before and after", () => {
    const later = earlier();
    // Pila 2 moved 50 to the right; the deck got wider and blue; the toll booth is gone; a light post is new.
    later["shape:pila2"] = geoShape("shape:pila2", { x: 520, y: 140, props: { w: 30, h: 120, ...label("Pila 2") } });
    later["shape:tablero"] = geoShape("shape:tablero", { x: 0, y: 100, props: { w: 700, h: 40, color: "blue", ...label("Tablero") } });
    delete later["shape:caseta"];
    later["shape:poste"] = geoShape("shape:poste", { x: 300, y: 20, props: { w: 10, h: 80, ...label("Luminaria") } });
    const diff = diffCanvas(earlier(), later);

    expect(diff.summary).toMatchObject({ added: 1, removed: 1, moved: 1, changed: 1 });
    expect(diff.shapes.map((s) => [s.status, s.label])).toEqual([
      ["added", "Luminaria"],
      ["moved", "Pila 2"],
      ["changed", "Tablero"],
      ["removed", "Caseta de cobro"],
    ]);
    const moved = diff.shapes.find((s) => s.id === "shape:pila2")!;
    expect(moved).toMatchObject({
      shapeType: "geo",
      moved: true,
      changedProps: [],
      changedFields: [],
      before: { x: 470, y: 140, w: 30, h: 120, rotation: 0, parentId: "page:p1", pageId: "page:p1" },
      after: { x: 520, y: 140, w: 30, h: 120 },
    });
    const changed = diff.shapes.find((s) => s.id === "shape:tablero")!;
    expect(changed).toMatchObject({ moved: false, changedProps: ["color", "w"], changedFields: [], before: { w: 600 }, after: { w: 700 } });
    expect(diff.shapes.find((s) => s.status === "removed")).toMatchObject({ id: "shape:caseta", before: { x: -200, y: 0, w: 80, h: 80 }, after: null });
    expect(diff.shapes.find((s) => s.status === "added")).toMatchObject({ id: "shape:poste", before: null, after: { x: 300, y: 20 } });
  });

  it("gives page coordinates of a shape inside a frame, and counts moving the frame as moving the frame only", () => {
    const later = earlier();
    later["shape:marco"] = { ...(later["shape:marco"] as object), x: 750, y: 60 };
    const diff = diffCanvas(earlier(), later);
    expect(diff.shapes.map((s) => [s.id, s.status, s.label])).toEqual([["shape:marco", "moved", "Rampa peatonal"]]);
    // The ramp did not change its record, but on the page it sits inside the frame: 750 + 20, 60 + 30.
    const inFrame = diffCanvas(earlier(), { ...later, "shape:rampa": geoShape("shape:rampa", { parentId: "shape:marco", x: 20, y: 30, props: { w: 100, h: 50, ...label("Rampa ampliada") } }) });
    expect(inFrame.shapes.find((s) => s.id === "shape:rampa")).toMatchObject({
      status: "changed",
      changedProps: ["richText"],
      label: "Rampa ampliada",
      before: { x: 720, y: 30, parentId: "shape:marco", pageId: "page:p1" },
      after: { x: 770, y: 90 },
    });
  });

  it("reports a shape both moved and restyled as changed (moved: true), and stacking as a changed field", () => {
    const later = earlier();
    later["shape:pila1"] = { ...geoShape("shape:pila1", { x: 90, y: 140, props: { w: 30, h: 120, dash: "dashed", ...label("Pila 1") } }), index: "a5" };
    const [shape] = diffCanvas(earlier(), later).shapes;
    expect(shape).toMatchObject({ status: "changed", moved: true, changedProps: ["dash"], changedFields: ["index"] });
  });

  it("counts pages and bindings that changed", () => {
    const later = { ...earlier(), "page:p2": { ...page, id: "page:p2", name: "Alzado", index: "a2" }, "binding:b1": { id: "binding:b1", typeName: "binding", type: "arrow", fromId: "shape:a", toId: "shape:pila1", props: {}, meta: {} } };
    expect(diffCanvas(earlier(), later).summary).toMatchObject({ pages: { added: 1, removed: 0, changed: 0 }, bindings: { added: 1, removed: 0, changed: 0 } });
  });

  it("tolerates empty and missing record maps", () => {
    expect(diffCanvas(null, earlier()).summary).toMatchObject({ added: 6, removed: 0 });
    expect(diffCanvas(earlier(), {}).summary).toMatchObject({ added: 0, removed: 6 });
  });
});
