// The «Comentar» tool: a tldraw tool (a StateNode) that picks where a new comment goes. It only
// reads the canvas (never writes to the store), so it runs in tldraw's read-only mode too, which is
// what commenters and reviewers have.
//
//   click a shape      → {shapeId, point: fraction of the shape's bounds}
//   click empty canvas → {point, pageId} (page coordinates, on the current page)
//   drag               → {region, pageId} (page coordinates, on the current page)
//   Enter              → the one selected shape (its middle), or the middle of the view
//   Escape             → drops the spot being placed; a second Escape goes back to selecting
//
// The picked spot is the tool's `draft` (an atom the React layer watches to open the composer).
import { StateNode, atom, type Editor, type TLKeyboardEventInfo, type TLPointerEventInfo, type TLShape } from "tldraw";
import { fractionOnShape, pagePoint, regionFromDrag, type CanvasAnchor, type Rect, type ShapeFrame, type Vec2 } from "./geometry";

export const COMMENT_TOOL_ID = "taller-comment";

/** A spot picked for a new thread: its anchor and the page point the composer opens beside. */
export interface CommentDraft {
  anchor: CanvasAnchor;
  at: Vec2;
}

/** Screen pixels the pointer may move and still be a click. */
const DRAG_THRESHOLD_PX = 6;
/** Screen pixels around a shape's edge that still hit it. */
const HIT_MARGIN_PX = 4;

/** What the geometry needs of a shape, read from the editor. */
export function shapeFrame(editor: Editor, shape: TLShape): ShapeFrame {
  const transform = editor.getShapePageTransform(shape);
  const bounds = editor.getShapeGeometry(shape).bounds;
  return { transform, bounds: { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h } };
}

export class CommentTool extends StateNode {
  static override id = COMMENT_TOOL_ID;
  static override isLockable = false;

  /** The spot the composer is open for. */
  readonly draft = atom<CommentDraft | null>("comment draft", null);
  /** The region being dragged out (page coordinates), for its outline. */
  readonly dragging = atom<Rect | null>("comment drag", null);
  private origin: Vec2 | null = null;

  override onEnter() {
    this.editor.setCursor({ type: "cross", rotation: 0 });
  }

  override onExit() {
    this.origin = null;
    this.dragging.set(null);
    this.draft.set(null);
  }

  override onPointerDown(info: TLPointerEventInfo) {
    if (info.button !== 0) return;
    this.origin = this.editor.inputs.getCurrentPagePoint().clone();
  }

  override onPointerMove() {
    if (!this.origin) return;
    const region = regionFromDrag(this.origin, this.editor.inputs.getCurrentPagePoint(), DRAG_THRESHOLD_PX / this.editor.getZoomLevel());
    this.dragging.set(region);
  }

  override onPointerUp() {
    const origin = this.origin;
    if (!origin) return;
    this.origin = null;
    this.dragging.set(null);
    const current = this.editor.inputs.getCurrentPagePoint();
    const region = regionFromDrag(origin, current, DRAG_THRESHOLD_PX / this.editor.getZoomLevel());
    if (region) {
      this.draft.set({ anchor: { type: "canvas", region, pageId: this.editor.getCurrentPageId() }, at: { x: region.x + region.w, y: region.y } });
      return;
    }
    this.pickAt(origin);
  }

  override onKeyDown(info: TLKeyboardEventInfo) {
    if (info.key === "Enter") this.pickWithoutPointer();
  }

  override onCancel() {
    if (this.origin || this.dragging.get() || this.draft.get()) {
      this.origin = null;
      this.dragging.set(null);
      this.draft.set(null);
    } else {
      this.editor.setCurrentTool("select");
    }
  }

  override onInterrupt() {
    this.origin = null;
    this.dragging.set(null);
  }

  /** Drops the spot (the composer was closed or the thread was created). */
  clearDraft() {
    this.draft.set(null);
  }

  private pickAt(point: Vec2) {
    const { editor } = this;
    const shape = editor.getShapeAtPoint(point, {
      hitInside: true,
      hitFrameInside: true,
      hitLabels: true,
      renderingOnly: true,
      margin: HIT_MARGIN_PX / editor.getZoomLevel(),
    });
    if (shape) {
      this.draft.set({
        anchor: { type: "canvas", shapeId: shape.id, point: fractionOnShape(point, shapeFrame(editor, shape)) },
        at: point,
      });
    } else {
      this.draft.set({ anchor: { type: "canvas", point: pagePoint(point), pageId: editor.getCurrentPageId() }, at: point });
    }
  }

  /** Keyboard: the only selected shape (its middle), else the middle of what is on screen. */
  private pickWithoutPointer() {
    const { editor } = this;
    const selected = editor.getOnlySelectedShape();
    if (selected) {
      const bounds = editor.getShapePageBounds(selected);
      this.draft.set({ anchor: { type: "canvas", shapeId: selected.id, point: { x: 0.5, y: 0.5 } }, at: bounds ? bounds.center : editor.getViewportPageBounds().center });
      return;
    }
    const centre = editor.getViewportPageBounds().center;
    this.draft.set({ anchor: { type: "canvas", point: pagePoint(centre), pageId: editor.getCurrentPageId() }, at: centre });
  }
}

/** The comment tool of an editor (registered through Tldraw's `tools`). */
export function commentToolOf(editor: Editor): CommentTool | undefined {
  return editor.getStateDescendant<CommentTool>(COMMENT_TOOL_ID);
}
