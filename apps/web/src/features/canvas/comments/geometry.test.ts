import { describe, expect, it } from "vitest";
import {
  LastKnownPlaces,
  focusBox,
  fractionOnShape,
  invertAffine,
  pageFromFraction,
  placePin,
  regionFromDrag,
  type Affine,
  type ShapeFrame,
  type Vec2,
} from "./geometry";

/** A shape's page transform as tldraw composes it: translate to (x, y), then rotate by `rotation` radians. */
function transform(x: number, y: number, rotation = 0, scale = 1): Affine {
  const cos = Math.cos(rotation) * scale;
  const sin = Math.sin(rotation) * scale;
  return { a: cos, b: sin, c: -sin, d: cos, e: x, f: y };
}

function rectangle(x: number, y: number, w: number, h: number, rotation = 0): ShapeFrame {
  return { transform: transform(x, y, rotation), bounds: { x: 0, y: 0, w, h } };
}

function close(actual: Vec2, expected: Vec2) {
  expect(actual.x).toBeCloseTo(expected.x, 6);
  expect(actual.y).toBeCloseTo(expected.y, 6);
}

describe("a pin on a shape", () => {
  it("is stored as a fraction of the shape's bounds and comes back to the same page point", () => {
    const shape = rectangle(100, 50, 200, 100);
    const fraction = fractionOnShape({ x: 150, y: 75 }, shape);
    expect(fraction).toEqual({ x: 0.25, y: 0.25 });
    close(pageFromFraction(fraction, shape), { x: 150, y: 75 });
  });

  it("follows the shape when it moves", () => {
    const fraction = fractionOnShape({ x: 150, y: 75 }, rectangle(100, 50, 200, 100));
    close(pageFromFraction(fraction, rectangle(400, -20, 200, 100)), { x: 450, y: 5 });
  });

  it("keeps its place on the shape when the shape is resized", () => {
    const fraction = fractionOnShape({ x: 250, y: 100 }, rectangle(100, 50, 200, 100)); // 3/4 across, half down
    close(pageFromFraction(fraction, rectangle(100, 50, 400, 40)), { x: 400, y: 70 });
  });

  it("turns with a rotated shape", () => {
    const fraction = { x: 1, y: 0 }; // the top-right corner
    // A 100×50 shape at (10, 20) turned a quarter clockwise (tldraw's y points down): its top edge points down the page.
    close(pageFromFraction(fraction, rectangle(10, 20, 100, 50, Math.PI / 2)), { x: 10, y: 120 });
    // And a click on the rotated shape gives the fraction back.
    expect(fractionOnShape({ x: 10, y: 120 }, rectangle(10, 20, 100, 50, Math.PI / 2))).toEqual({ x: 1, y: 0 });
    const centre = fractionOnShape({ x: -15, y: 70 }, rectangle(10, 20, 100, 50, Math.PI / 2));
    expect(centre).toEqual({ x: 0.5, y: 0.5 });
  });

  it("uses the shape's own bounds when they do not start at its origin (a line, a drawing)", () => {
    const line: ShapeFrame = { transform: transform(0, 0), bounds: { x: -50, y: -10, w: 100, h: 20 } };
    expect(fractionOnShape({ x: 0, y: 0 }, line)).toEqual({ x: 0.5, y: 0.5 });
    close(pageFromFraction({ x: 0, y: 1 }, line), { x: -50, y: 10 });
  });

  it("clamps a click in the hit margin to the shape's edge, and takes the middle of a flat shape", () => {
    expect(fractionOnShape({ x: 95, y: 160 }, rectangle(100, 50, 200, 100))).toEqual({ x: 0, y: 1 });
    const flat: ShapeFrame = { transform: transform(0, 0), bounds: { x: 0, y: 0, w: 100, h: 0 } };
    expect(fractionOnShape({ x: 30, y: 2 }, flat)).toEqual({ x: 0.3, y: 0.5 });
  });

  it("inverts transforms, and refuses a flattened one", () => {
    const m = transform(30, -40, 0.7, 2);
    const inverse = invertAffine(m)!;
    const p = { x: 12, y: 34 };
    const there = { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
    close({ x: inverse.a * there.x + inverse.c * there.y + inverse.e, y: inverse.b * there.x + inverse.d * there.y + inverse.f }, p);
    expect(invertAffine({ a: 0, b: 0, c: 0, d: 0, e: 1, f: 1 })).toBeNull();
  });
});

describe("a drag", () => {
  it("is a region in any direction, and a click when it barely moves", () => {
    expect(regionFromDrag({ x: 200, y: 150 }, { x: 50, y: 100 }, 8)).toEqual({ x: 50, y: 100, w: 150, h: 50 });
    expect(regionFromDrag({ x: 10, y: 10 }, { x: 13, y: 14 }, 8)).toBeNull();
    // Along one axis it still has a (minimal) height: the server wants positive sizes.
    expect(regionFromDrag({ x: 0, y: 0 }, { x: 100, y: 0 }, 8)).toEqual({ x: 0, y: 0, w: 100, h: 1 });
  });
});

describe("where a pin goes", () => {
  const fraction = { x: 0.5, y: 0.25 };
  const anchor = { type: "canvas" as const, shapeId: "shape:a", point: fraction };

  it("follows the shape, and stays at the last known place, orphaned, once the shape is gone", () => {
    const memory = new LastKnownPlaces();
    expect(placePin(anchor, { frame: rectangle(0, 0, 100, 100), scope: "page:1" }, memory)).toEqual({
      point: { x: 50, y: 25 },
      orphaned: false,
      scope: "page:1",
    });
    // Moved (by anyone: the canvas recomputes from the store).
    expect(placePin(anchor, { frame: rectangle(300, 200, 100, 100), scope: "page:1" }, memory)?.point).toEqual({ x: 350, y: 225 });
    // Deleted: the last place seen, marked orphaned.
    expect(placePin(anchor, undefined, memory)).toEqual({ point: { x: 350, y: 225 }, orphaned: true, scope: "page:1" });
    // Undo brings the shape back where it was: the pin is on it again.
    expect(placePin(anchor, { frame: rectangle(300, 200, 100, 100), scope: "page:1" }, memory)).toMatchObject({ orphaned: false });
  });

  it("has no place for a shape this canvas never saw", () => {
    expect(placePin(anchor, undefined, new LastKnownPlaces())).toBeNull();
  });

  it("remembers two pins on one shape apart", () => {
    const memory = new LastKnownPlaces();
    const other = { ...anchor, point: { x: 1, y: 1 } };
    placePin(anchor, { frame: rectangle(0, 0, 100, 100), scope: "p" }, memory);
    placePin(other, { frame: rectangle(0, 0, 100, 100), scope: "p" }, memory);
    expect(placePin(anchor, undefined, memory)?.point).toEqual({ x: 50, y: 25 });
    expect(placePin(other, undefined, memory)?.point).toEqual({ x: 100, y: 100 });
  });

  it("keeps a point or region on its own page (older anchors without one: any page)", () => {
    const memory = new LastKnownPlaces();
    const region = { x: 10, y: 20, w: 30, h: 40 };
    expect(placePin({ type: "canvas", point: { x: -5, y: 7 }, pageId: "page:b" }, undefined, memory)).toEqual({ point: { x: -5, y: 7 }, orphaned: false, scope: "page:b" });
    expect(placePin({ type: "canvas", region, pageId: "page:b" }, undefined, memory)).toEqual({ point: { x: 10, y: 20 }, region, orphaned: false, scope: "page:b" });
    expect(placePin({ type: "canvas", point: { x: -5, y: 7 } }, undefined, memory)).not.toHaveProperty("scope");
  });

  it("puts point and region anchors where they say, never orphaned", () => {
    const memory = new LastKnownPlaces();
    expect(placePin({ type: "canvas", point: { x: -5, y: 7 } }, undefined, memory)).toEqual({ point: { x: -5, y: 7 }, orphaned: false });
    const region = { x: 10, y: 20, w: 30, h: 40 };
    expect(placePin({ type: "canvas", region }, undefined, memory)).toEqual({ point: { x: 10, y: 20 }, region, orphaned: false });
    expect(focusBox({ point: { x: 10, y: 20 }, region, orphaned: false }, 5)).toEqual({ x: 5, y: 15, w: 40, h: 50 });
    expect(focusBox({ point: { x: 10, y: 20 }, orphaned: false }, 5)).toEqual({ x: 5, y: 15, w: 10, h: 10 });
  });
});
