// Where a canvas comment's pin goes. Pure functions (no tldraw import), so the geometry is
// unit-tested without an editor: the canvas passes in what tldraw knows of a shape (its page
// transform and its bounds in its own space) and gets page coordinates back.
//
// A pin on a shape is stored as a FRACTION of the shape's own bounds (0,0 its top-left corner,
// 1,1 its bottom-right, in the shape's local space before its rotation): the pin keeps its place
// on the shape when the shape moves, rotates or is resized. See canvasAnchorSchema in
// packages/domain/src/comments.ts.

export interface Vec2 {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** An affine transform as tldraw's `Mat`: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

/** What the geometry needs of a shape: its page transform and its bounds in its own space. */
export interface ShapeFrame {
  transform: Affine;
  bounds: Rect;
}

/** The canvas anchor as the server stores it (packages/domain canvasAnchorSchema). */
export interface CanvasAnchor {
  type: "canvas";
  shapeId?: string;
  point?: Vec2;
  region?: Rect;
  /** The tldraw page of a point or region (absent on older threads: any page). */
  pageId?: string;
}

/** Digits kept of a fraction (4 decimals: a tenth of a pixel on a 1000-unit shape). */
const FRACTION_DIGITS = 4;
/** Digits kept of a page coordinate. */
const PAGE_DIGITS = 2;

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  // `+ 0` turns -0 into 0 (JSON and equality read better).
  return Math.round(value * factor) / factor + 0;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

export function applyAffine(m: Affine, p: Vec2): Vec2 {
  return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
}

/** The inverse transform, or null when the transform flattens the plane (a zero-scale shape). */
export function invertAffine(m: Affine): Affine | null {
  const det = m.a * m.d - m.b * m.c;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null;
  return {
    a: m.d / det,
    b: -m.b / det,
    c: -m.c / det,
    d: m.a / det,
    e: (m.c * m.f - m.d * m.e) / det,
    f: (m.b * m.e - m.a * m.f) / det,
  };
}

/**
 * A page point as a fraction of the shape's bounds (clamped to the shape: a click in the hit
 * margin just outside its edge pins to the edge). A shape with no width (or height) gives 0.5 on
 * that axis: its middle.
 */
export function fractionOnShape(page: Vec2, frame: ShapeFrame): Vec2 {
  const inverse = invertAffine(frame.transform);
  const { bounds } = frame;
  if (!inverse) return { x: 0.5, y: 0.5 };
  const local = applyAffine(inverse, page);
  const fx = bounds.w > 0 ? clamp01((local.x - bounds.x) / bounds.w) : 0.5;
  const fy = bounds.h > 0 ? clamp01((local.y - bounds.y) / bounds.h) : 0.5;
  return { x: round(fx, FRACTION_DIGITS), y: round(fy, FRACTION_DIGITS) };
}

/** Where a fraction of the shape's bounds is on the page now. */
export function pageFromFraction(fraction: Vec2, frame: ShapeFrame): Vec2 {
  const { bounds } = frame;
  const local = { x: bounds.x + fraction.x * bounds.w, y: bounds.y + fraction.y * bounds.h };
  return applyAffine(frame.transform, local);
}

/**
 * The region a drag from `a` to `b` covers (page coordinates), or null when it is too small to be
 * a region (`minSize` page units on both axes: a click with a shaky hand is a click).
 */
export function regionFromDrag(a: Vec2, b: Vec2, minSize: number): Rect | null {
  const w = Math.abs(b.x - a.x);
  const h = Math.abs(b.y - a.y);
  if (w < minSize && h < minSize) return null;
  // The schema wants a positive width and height: a drag along one axis still has some of the other.
  return {
    x: round(Math.min(a.x, b.x), PAGE_DIGITS),
    y: round(Math.min(a.y, b.y), PAGE_DIGITS),
    w: round(Math.max(w, 1), PAGE_DIGITS),
    h: round(Math.max(h, 1), PAGE_DIGITS),
  };
}

/** A page point as the anchor stores it. */
export function pagePoint(p: Vec2): Vec2 {
  return { x: round(p.x, PAGE_DIGITS), y: round(p.y, PAGE_DIGITS) };
}

/** Where an anchor's pin goes on the page, and what it marks. */
export interface PinPlace {
  /** The pin's tip, in page coordinates. */
  point: Vec2;
  /** The marked rectangle of a region anchor (page coordinates). */
  region?: Rect;
  /** The anchor's shape is gone: the pin stays where the shape last was. */
  orphaned: boolean;
}

/**
 * The last place each shape's pins were seen, so a deleted shape's pins stay where it was. Keyed
 * by shape id and the fraction (two pins on one shape are two places). `scope` is whatever the
 * caller needs to show the pin only in the right context (the page the shape was on).
 */
export class LastKnownPlaces<Scope = string> {
  private readonly places = new Map<string, { point: Vec2; scope: Scope }>();

  private static key(shapeId: string, fraction: Vec2): string {
    return `${shapeId}|${fraction.x}|${fraction.y}`;
  }

  remember(shapeId: string, fraction: Vec2, point: Vec2, scope: Scope): void {
    this.places.set(LastKnownPlaces.key(shapeId, fraction), { point, scope });
  }

  recall(shapeId: string, fraction: Vec2): { point: Vec2; scope: Scope } | undefined {
    return this.places.get(LastKnownPlaces.key(shapeId, fraction));
  }
}

/**
 * Where an anchor's pin goes now. `shape` is the anchor shape's frame and scope (its page) when the
 * shape exists, undefined when it does not (deleted, or not loaded): then the pin is orphaned and
 * stays at the last place this canvas saw it, or has no place (null) if it never saw it.
 * A point or region anchor has its place on its page: scope is its `pageId` (as the caller's
 * Scope), or undefined on older anchors without one (any page).
 */
export function placePin<Scope>(
  anchor: CanvasAnchor,
  shape: { frame: ShapeFrame; scope: Scope } | undefined,
  memory: LastKnownPlaces<Scope>,
): (PinPlace & { scope?: Scope }) | null {
  if (anchor.shapeId) {
    const fraction = anchor.point ?? { x: 0.5, y: 0.5 };
    if (shape) {
      const point = pageFromFraction(fraction, shape.frame);
      memory.remember(anchor.shapeId, fraction, point, shape.scope);
      return { point, orphaned: false, scope: shape.scope };
    }
    const last = memory.recall(anchor.shapeId, fraction);
    return last ? { point: last.point, orphaned: true, scope: last.scope } : null;
  }
  if (anchor.region) {
    // The pin sits on the region's top-left corner, its bubble above and to the right of it.
    return { point: { x: anchor.region.x, y: anchor.region.y }, region: anchor.region, orphaned: false, ...pageScope<Scope>(anchor) };
  }
  if (anchor.point) return { point: anchor.point, orphaned: false, ...pageScope<Scope>(anchor) };
  return null;
}

function pageScope<Scope>(anchor: CanvasAnchor): { scope?: Scope } {
  return anchor.pageId !== undefined ? { scope: anchor.pageId as Scope } : {};
}

/** The page rectangle a camera jump should show for a pin (a small box around a point). */
export function focusBox(place: PinPlace, pad: number): Rect {
  if (place.region) {
    const { x, y, w, h } = place.region;
    return { x: x - pad, y: y - pad, w: w + 2 * pad, h: h + 2 * pad };
  }
  return { x: place.point.x - pad, y: place.point.y - pad, w: 2 * pad, h: 2 * pad };
}
