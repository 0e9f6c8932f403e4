// The canvas's comment threads as the pins use them: numbered, with their anchor in the geometry's
// terms, and placed on the page (reactively, from tldraw's store: a pin follows its shape whoever
// moves it, here or through Yjs).
import type { Editor, TLPageId, TLShapeId } from "tldraw";
import type { CommentThread } from "../../../api/comments";
import { shapeFrame } from "./CommentTool";
import type { NumberedThread } from "./threads";
import { focusBox, placePin, type CanvasAnchor, type LastKnownPlaces, type PinPlace, type Rect, type Vec2 } from "./geometry";

export { numberThreads, type NumberedThread } from "./threads";

/**
 * Where an anchor is on the editor's pages now (null: nowhere this canvas knows, e.g. a point or
 * region on a page since deleted).
 */
export function placeOnEditor(editor: Editor, anchor: CanvasAnchor, memory: LastKnownPlaces<string>): (PinPlace & { scope?: string }) | null {
  const shape = anchor.shapeId ? editor.getShape(anchor.shapeId as TLShapeId) : undefined;
  const pageId = shape ? editor.getAncestorPageId(shape) : undefined;
  if (!anchor.shapeId && anchor.pageId && !editor.getPage(anchor.pageId as TLPageId)) return null;
  return placePin(anchor, shape && pageId ? { frame: shapeFrame(editor, shape), scope: pageId } : undefined, memory);
}

/** A pin as drawn: viewport coordinates (the canvas surface's), and what it marks. */
export interface PlacedPin {
  id: string;
  number: number;
  thread: CommentThread;
  x: number;
  y: number;
  region?: Rect;
  orphaned: boolean;
}

/** Margin (screen px) beyond the viewport within which pins are still drawn. */
const OFFSCREEN_MARGIN = 24;

/**
 * The pins on the current page, in viewport coordinates. Reads the camera, the shapes and the
 * current page, so inside `useValue` it reruns whenever any of them changes. Pins out of view are
 * left out (so Tab never lands on one nobody can see); the panel lists every thread.
 */
export function placePins(editor: Editor, threads: readonly NumberedThread[], memory: LastKnownPlaces<string>): PlacedPin[] {
  const pageId = editor.getCurrentPageId();
  const zoom = editor.getZoomLevel();
  const viewport = editor.getViewportScreenBounds();
  const pins: PlacedPin[] = [];
  for (const { thread, number, anchor } of threads) {
    const place = placeOnEditor(editor, anchor, memory);
    if (!place || (place.scope !== undefined && place.scope !== pageId)) continue;
    const at = editor.pageToViewport(place.point);
    const region = place.region ? regionOnViewport(editor, place.region, zoom) : undefined;
    const visible = region ? intersects(region, viewport.w, viewport.h) : inside(at, viewport.w, viewport.h);
    if (!visible) continue;
    pins.push({ id: thread.id, number, thread, x: at.x, y: at.y, ...(region ? { region } : {}), orphaned: place.orphaned });
  }
  return pins;
}

export function regionOnViewport(editor: Editor, region: Rect, zoom = editor.getZoomLevel()): Rect {
  const corner = editor.pageToViewport({ x: region.x, y: region.y });
  return { x: corner.x, y: corner.y, w: region.w * zoom, h: region.h * zoom };
}

function inside(p: Vec2, w: number, h: number): boolean {
  return p.x >= -OFFSCREEN_MARGIN && p.y >= -OFFSCREEN_MARGIN && p.x <= w + OFFSCREEN_MARGIN && p.y <= h + OFFSCREEN_MARGIN;
}

function intersects(r: Rect, w: number, h: number): boolean {
  return r.x + r.w >= -OFFSCREEN_MARGIN && r.y + r.h >= -OFFSCREEN_MARGIN && r.x <= w + OFFSCREEN_MARGIN && r.y <= h + OFFSCREEN_MARGIN;
}

function prefersReducedMotion(): boolean {
  return typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches === true;
}

/**
 * Moves the camera to a thread's pin (to its page first): a region is framed whole, a point is
 * centred at no less than the current zoom's readable size. False when the anchor has no place.
 */
export function jumpTo(editor: Editor, anchor: CanvasAnchor, memory: LastKnownPlaces<string>): boolean {
  const place = placeOnEditor(editor, anchor, memory);
  if (!place) return false;
  if (place.scope && place.scope !== editor.getCurrentPageId() && editor.getPage(place.scope as TLPageId)) editor.setCurrentPage(place.scope as TLPageId);
  const animation = prefersReducedMotion() ? undefined : { duration: 320 };
  const zoom = editor.getZoomLevel();
  if (place.region) {
    const box = focusBox(place, 24 / zoom);
    editor.zoomToBounds(box, { targetZoom: Math.max(zoom, 1), inset: 64, ...(animation ? { animation } : {}) });
  } else {
    if (zoom < 0.5) editor.setCamera({ ...editor.getCamera(), z: 1 });
    editor.centerOnPoint(place.point, animation ? { animation } : undefined);
  }
  return true;
}
