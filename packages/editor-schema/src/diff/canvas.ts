/**
 * Canvas diff of two versions (tldraw record maps, as `readCanvas` gives them), from the EARLIER
 * to the LATER. Shapes are matched by their record id (tldraw keeps ids across moves, edits and
 * undo), so no alignment library is needed: a shape is added, removed, moved (only its place
 * changed: x, y, rotation or parent) or changed (its props or other fields changed; it may have
 * moved too). Geometry is given both as stored (relative to the parent) and on the page, so a
 * reader can draw the earlier place of a moved or removed shape over the later canvas.
 */

export type ShapeStatus = "added" | "removed" | "moved" | "changed";

/** Where a shape is: on its page (parents' offsets and rotations applied) with its size from props. */
export interface ShapeGeometry {
  /** Top-left corner on the page. */
  x: number;
  y: number;
  /** Rotation on the page, radians. */
  rotation: number;
  /** Size from props (w/h, geo's growY added); null for shapes without one (draw, line, arrow). */
  w: number | null;
  h: number | null;
  parentId: string;
  /** The page it is on (null when its parent chain does not reach a page). */
  pageId: string | null;
}

export interface ShapeChange {
  id: string;
  /** tldraw shape type: geo, text, note, arrow, draw, frame, image… */
  shapeType: string;
  status: ShapeStatus;
  /** Its text (label, note, text shape, frame name), the later one when both exist; null without text. */
  label: string | null;
  before: ShapeGeometry | null;
  after: ShapeGeometry | null;
  /** Moved: x, y, rotation or parent changed (also true for a changed shape that moved). */
  moved: boolean;
  /** Props whose values differ (changed shapes): "color", "w", "richText"… */
  changedProps: string[];
  /** Other fields that differ, besides props and place: "index" (stacking), "opacity", "isLocked", "meta"… */
  changedFields: string[];
}

export interface CanvasDiffSummary {
  added: number;
  removed: number;
  moved: number;
  changed: number;
  /** Other records that changed: pages, bindings (arrows attached to shapes), assets. */
  pages: { added: number; removed: number; changed: number };
  bindings: { added: number; removed: number; changed: number };
}

export interface CanvasDiff {
  shapes: ShapeChange[];
  summary: CanvasDiffSummary;
}

type RecordLike = Record<string, unknown> & { id?: unknown; typeName?: unknown };
type RecordMap = Record<string, unknown>;

const PLACE_FIELDS = new Set(["x", "y", "rotation", "parentId"]);
const IGNORED_FIELDS = new Set(["id", "typeName", "props", "type"]);

function isRecord(value: unknown): value is RecordLike {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values (key order does not matter). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return false;
}

const num = (value: unknown, fallback = 0): number => (typeof value === "number" && Number.isFinite(value) ? value : fallback);

function recordsOfType(map: RecordMap, typeName: string): Map<string, RecordLike> {
  const out = new Map<string, RecordLike>();
  for (const [id, value] of Object.entries(map ?? {})) if (isRecord(value) && value.typeName === typeName) out.set(id, value);
  return out;
}

/** Plain text of tldraw rich text (a ProseMirror-like doc), or of a plain `text`/`name` prop. */
function richTextOf(value: unknown): string {
  if (!isRecord(value)) return "";
  if (typeof value.text === "string") return value.text;
  const content = Array.isArray(value.content) ? value.content : [];
  const sep = value.type === "doc" ? "\n" : "";
  return content.map(richTextOf).join(sep);
}

export function shapeLabel(shape: RecordLike): string | null {
  const props = isRecord(shape.props) ? shape.props : {};
  const text = (richTextOf(props.richText) || (typeof props.text === "string" ? props.text : "") || (typeof props.name === "string" ? props.name : "")).trim();
  return text === "" ? null : text;
}

function size(shape: RecordLike): { w: number | null; h: number | null } {
  const props = isRecord(shape.props) ? shape.props : {};
  const scale = num(props.scale, 1);
  if (typeof props.w === "number" && typeof props.h === "number") return { w: props.w * scale, h: (props.h + num(props.growY)) * scale };
  // A note is a 200×200 square in tldraw, grown by growY.
  if (shape.type === "note") return { w: 200 * scale, h: (200 + num(props.growY)) * scale };
  if (typeof props.w === "number") return { w: props.w * scale, h: null };
  return { w: null, h: null };
}

/** Page geometry: apply each ancestor shape's offset and rotation, up to the page. */
export function shapeGeometry(shape: RecordLike, shapes: Map<string, RecordLike>): ShapeGeometry {
  let x = num(shape.x);
  let y = num(shape.y);
  let rotation = num(shape.rotation);
  let parentId = typeof shape.parentId === "string" ? shape.parentId : "";
  const seen = new Set<string>([String(shape.id)]);
  let pageId: string | null = null;
  for (;;) {
    if (parentId.startsWith("page:")) {
      pageId = parentId;
      break;
    }
    const parent = shapes.get(parentId);
    if (!parent || seen.has(parentId)) break;
    seen.add(parentId);
    const r = num(parent.rotation);
    const [cx, cy] = [Math.cos(r), Math.sin(r)];
    [x, y] = [num(parent.x) + x * cx - y * cy, num(parent.y) + x * cy + y * cx];
    rotation += r;
    parentId = typeof parent.parentId === "string" ? parent.parentId : "";
  }
  return { x, y, rotation, ...size(shape), parentId: typeof shape.parentId === "string" ? shape.parentId : "", pageId };
}

function countRecords(before: Map<string, RecordLike>, after: Map<string, RecordLike>) {
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const [id, record] of after) {
    const old = before.get(id);
    if (!old) counts.added++;
    else if (!same(old, record)) counts.changed++;
  }
  for (const id of before.keys()) if (!after.has(id)) counts.removed++;
  return counts;
}

/** The diff from `earlier` to `later` (tldraw record maps of two canvas versions). */
export function diffCanvas(earlier: RecordMap | null | undefined, later: RecordMap | null | undefined): CanvasDiff {
  const before = recordsOfType(earlier ?? {}, "shape");
  const after = recordsOfType(later ?? {}, "shape");
  const shapes: ShapeChange[] = [];
  const typeOf = (s: RecordLike) => (typeof s.type === "string" ? s.type : "unknown");

  for (const [id, now] of after) {
    const then = before.get(id);
    if (!then) {
      shapes.push({ id, shapeType: typeOf(now), status: "added", label: shapeLabel(now), before: null, after: shapeGeometry(now, after), moved: false, changedProps: [], changedFields: [] });
      continue;
    }
    if (same(then, now)) continue;
    const moved = [...PLACE_FIELDS].some((f) => !same(then[f], now[f]));
    const propsThen = isRecord(then.props) ? then.props : {};
    const propsNow = isRecord(now.props) ? now.props : {};
    const changedProps = [...new Set([...Object.keys(propsThen), ...Object.keys(propsNow)])].filter((k) => !same(propsThen[k], propsNow[k])).sort();
    const changedFields = [...new Set([...Object.keys(then), ...Object.keys(now)])]
      .filter((k) => !PLACE_FIELDS.has(k) && !IGNORED_FIELDS.has(k) && !same(then[k], now[k]))
      .concat(then.type !== now.type ? ["type"] : [])
      .sort();
    const changed = changedProps.length > 0 || changedFields.length > 0;
    shapes.push({
      id,
      shapeType: typeOf(now),
      status: changed ? "changed" : "moved",
      label: shapeLabel(now) ?? shapeLabel(then),
      before: shapeGeometry(then, before),
      after: shapeGeometry(now, after),
      moved,
      changedProps,
      changedFields,
    });
  }
  for (const [id, then] of before) {
    if (after.has(id)) continue;
    shapes.push({ id, shapeType: typeOf(then), status: "removed", label: shapeLabel(then), before: shapeGeometry(then, before), after: null, moved: false, changedProps: [], changedFields: [] });
  }

  const order: Record<ShapeStatus, number> = { added: 0, moved: 1, changed: 2, removed: 3 };
  shapes.sort((a, b) => order[a.status] - order[b.status] || (a.label ?? "\uffff").localeCompare(b.label ?? "\uffff", "es") || a.id.localeCompare(b.id));
  const count = (status: ShapeStatus) => shapes.filter((s) => s.status === status).length;
  return {
    shapes,
    summary: {
      added: count("added"),
      removed: count("removed"),
      moved: count("moved"),
      changed: count("changed"),
      pages: countRecords(recordsOfType(earlier ?? {}, "page"), recordsOfType(later ?? {}, "page")),
      bindings: countRecords(recordsOfType(earlier ?? {}, "binding"), recordsOfType(later ?? {}, "binding")),
    },
  };
}
