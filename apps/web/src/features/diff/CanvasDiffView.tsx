// The canvas diff: the LATER canvas drawn read-only by tldraw (its own local store, never bound to
// the live document), with the earlier places of removed and moved shapes added as faint copies
// ("ghosts"), and an overlay marking every change with its status in words. A legend counts the
// changes; the list beside it is the text alternative, and choosing an item zooms to that shape.
// This module (and tldraw) loads only when a canvas diff is shown.
import "tldraw/tldraw.css";
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Box, Tldraw, createShapeId, createTLStore, defaultBindingUtils, defaultShapeUtils, useEditor, useValue } from "tldraw";
import type { Editor, TLComponents, TLRecord, TLShapeId, TLStore } from "tldraw";
import { getAssetUrlsByImport } from "@tldraw/assets/imports.vite";
import { useQuery } from "@tanstack/react-query";
import { queries } from "../../api";
import type { CanvasVersionDiff, ShapeChange } from "../../api/diffs";
import { Alert } from "../../components/Alert";

const assetUrls = getAssetUrlsByImport();
const STATUSES = ["added", "moved", "changed", "removed"] as const;

/** The id of the faint copy showing where a shape was in the earlier version. */
const ghostIdOf = (id: string): TLShapeId => createShapeId(`diff-ghost-${id.replace(/^shape:/, "")}`);

interface DiffCanvasState {
  changes: ShapeChange[];
  selected: string | null;
  labelOf: (change: ShapeChange) => string;
}
const DiffContext = createContext<DiffCanvasState | null>(null);

/** The later records plus ghosts of removed and moved shapes at their earlier place on the page. */
function buildRecords(diff: CanvasVersionDiff, withGhosts: boolean): Record<string, TLRecord> {
  const records = { ...(diff.later as unknown as Record<string, TLRecord>) };
  if (!withGhosts) return records;
  const pages = Object.values(records).filter((r) => r.typeName === "page");
  for (const change of diff.shapes) {
    if (!change.before || (change.status !== "removed" && !change.moved)) continue;
    const earlier = (diff.earlierShapes as unknown as Record<string, TLRecord | undefined>)[change.id];
    if (!earlier || earlier.typeName !== "shape") continue;
    const pageId = pages.some((p) => p.id === change.before!.pageId) ? change.before.pageId! : pages[0]?.id;
    if (!pageId) continue;
    const ghost = {
      ...earlier,
      id: ghostIdOf(change.id),
      parentId: pageId,
      x: change.before.x,
      y: change.before.y,
      rotation: change.before.rotation,
      opacity: 0.3,
      isLocked: true,
      index: "a0",
      meta: { diffGhostOf: change.id },
    } as unknown as TLRecord;
    records[ghost.id] = ghost;
  }
  return records;
}

function loadStore(diff: CanvasVersionDiff): TLStore | null {
  for (const withGhosts of [true, false]) {
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
    try {
      store.loadStoreSnapshot({ store: buildRecords(diff, withGhosts), schema: store.schema.serialize() });
      return store;
    } catch (error) {
      console.error("[diff] could not load the canvas records", error);
      store.dispose();
    }
  }
  return null;
}

/** Page bounds of a change as drawn: the shape now, or the ghost of where it was. */
function boundsOf(editor: Editor, change: ShapeChange, which: "now" | "before"): Box | null {
  const id = which === "before" || change.status === "removed" ? ghostIdOf(change.id) : (change.id as TLShapeId);
  const drawn = editor.getShape(id) ? editor.getShapePageBounds(id) : undefined;
  if (drawn) return drawn;
  const geometry = which === "before" || change.status === "removed" ? change.before : change.after;
  return geometry ? new Box(geometry.x, geometry.y, geometry.w ?? 40, geometry.h ?? 40) : null;
}

const pageOf = (change: ShapeChange) => (change.after ?? change.before)?.pageId ?? null;

export default function CanvasDiffView({ diff, toLabel }: { diff: CanvasVersionDiff; toLabel: string }) {
  const { t, i18n } = useTranslation("diff");
  const store = useMemo(() => loadStore(diff), [diff]);
  useEffect(() => () => store?.dispose(), [store]);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const locale = i18n.language.startsWith("en") ? "en" : "es";
  // The deployment's tldraw license key, as the live canvas uses it (see DesignCanvas).
  const config = useQuery(queries.clientConfig());
  const licenseKey = config.status === "success" ? (config.data.tldrawLicenseKey ?? undefined) : undefined;

  const labelOf = useCallback(
    (change: ShapeChange) => {
      const type = t(`canvas.types.${change.shapeType}`, { defaultValue: t("canvas.types.other") });
      return `${type} «${change.label ?? t("canvas.unlabeled")}»`;
    },
    [t],
  );

  const onMount = useCallback(
    (mounted: Editor) => {
      mounted.updateInstanceState({ isReadonly: true });
      const first = diff.shapes.find((c) => pageOf(c));
      const pageId = first ? pageOf(first) : null;
      if (pageId && mounted.getPage(pageId as never)) mounted.setCurrentPage(pageId as never);
      mounted.zoomToFit();
      setEditor(mounted);
      return () => setEditor(null);
    },
    [diff],
  );

  const focusChange = (change: ShapeChange) => {
    setSelected(change.id);
    if (!editor) return;
    const pageId = pageOf(change);
    if (pageId && pageId !== editor.getCurrentPageId() && editor.getPage(pageId as never)) editor.setCurrentPage(pageId as never);
    let box = boundsOf(editor, change, "now");
    if (box && change.moved) {
      const before = boundsOf(editor, change, "before");
      if (before) box = Box.Common([box, before]);
    }
    if (box) editor.zoomToBounds(box.clone().expandBy(80), { animation: { duration: 200 }, targetZoom: 1 });
  };

  const state = useMemo<DiffCanvasState>(() => ({ changes: diff.shapes, selected, labelOf }), [diff.shapes, selected, labelOf]);
  const components = useMemo<TLComponents>(() => ({ InFrontOfTheCanvas: DiffMarks }), []);
  const { summary } = diff;
  const otherCount = (c: { added: number; removed: number; changed: number }) => t("canvas.othersCount", c);

  return (
    <div className="diff-canvas">
      <section className="diff-summary diff-canvas-summary" aria-label={t("canvas.summary")}>
        <h2 className="diff-subtitle">{t("canvas.summary")}</h2>
        {diff.shapes.length === 0 ? <p>{t("nothing")}</p> : null}
        <ul className="diff-legend" aria-label={t("canvas.legend")} data-testid="diff-legend">
          {STATUSES.map((status) => (
            <li key={status}>
              <span className={`diff-swatch diff-swatch-${status}`} aria-hidden="true" />
              {t(`canvas.count.${status}`, { count: summary[status] })}
            </li>
          ))}
        </ul>
        {summary.pages.added + summary.pages.removed + summary.pages.changed + summary.bindings.added + summary.bindings.removed + summary.bindings.changed > 0 ? (
          <p className="diff-muted">{t("canvas.others", { pages: otherCount(summary.pages), bindings: otherCount(summary.bindings) })}</p>
        ) : null}
      </section>
      <div className="diff-canvas-body">
        <div className="diff-canvas-surface" role="region" aria-label={t("canvas.region", { to: toLabel })}>
          {store ? (
            <DiffContext.Provider value={state}>
              <Tldraw store={store} licenseKey={licenseKey} assetUrls={assetUrls} locale={locale} hideUi autoFocus={false} onMount={onMount} components={components} />
            </DiffContext.Provider>
          ) : (
            <Alert tone="error">
              <p>{t("canvas.error")}</p>
            </Alert>
          )}
          {editor ? (
            <button type="button" className="button button-secondary button-small diff-fit" onClick={() => editor.zoomToFit({ animation: { duration: 200 } })}>
              {t("canvas.fit")}
            </button>
          ) : null}
        </div>
        {diff.shapes.length > 0 ? (
          <section className="diff-changes" aria-labelledby="diff-changes-title">
            <h3 id="diff-changes-title" className="diff-minor-title">
              {t("canvas.list")}
            </h3>
            <p className="diff-muted">{t("canvas.listHint")}</p>
            <ol>
              {diff.shapes.map((change) => (
                <li key={change.id}>
                  <button type="button" className={`diff-change diff-change-${change.status}`} aria-pressed={selected === change.id} onClick={() => focusChange(change)}>
                    <span className={`diff-status diff-status-${change.status}`}>{t(`canvas.status.${change.status}`)}</span>
                    <span className="diff-change-name">{labelOf(change)}</span>
                    {change.status === "changed" ? (
                      <span className="diff-change-detail">
                        {[
                          change.changedProps.length + change.changedFields.length > 0
                            ? t("canvas.props", { list: [...change.changedProps, ...change.changedFields].join(", ") })
                            : null,
                          change.moved ? t("canvas.movedToo") : null,
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                      </span>
                    ) : null}
                  </button>
                </li>
              ))}
            </ol>
          </section>
        ) : null}
      </div>
    </div>
  );
}

/** Outlines and status tags over the canvas (screen coordinates, following the camera). */
function DiffMarks() {
  const editor = useEditor();
  const state = useContext(DiffContext);
  const { t } = useTranslation("diff");
  const marks = useValue(
    "diff marks",
    () => {
      if (!state) return [];
      const pageId = editor.getCurrentPageId();
      const toViewport = (box: Box) => {
        const a = editor.pageToViewport({ x: box.x, y: box.y });
        const b = editor.pageToViewport({ x: box.maxX, y: box.maxY });
        return { x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y };
      };
      return state.changes.flatMap((change) => {
        if (pageOf(change) !== pageId) return [];
        const now = boundsOf(editor, change, "now");
        if (!now) return [];
        const before = change.moved ? boundsOf(editor, change, "before") : null;
        return [{ change, rect: toViewport(now), before: before ? toViewport(before) : null }];
      });
    },
    [editor, state],
  );
  if (!state) return null;
  return (
    <div className="diff-marks" aria-hidden="true">
      <svg className="diff-arrows">
        <defs>
          <marker id="diff-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0L10 5L0 10z" className="diff-arrowhead" />
          </marker>
        </defs>
        {marks.map(({ change, rect, before }) => {
          const line = before ? edgeToEdge(before, rect) : null;
          return line ? <line key={change.id} {...line} className="diff-arrow" markerEnd="url(#diff-arrowhead)" /> : null;
        })}
      </svg>
      {marks.map(({ change, rect, before }) => (
        <div key={change.id}>
          {before ? <div className="diff-mark diff-mark-before" style={{ transform: `translate(${before.x - 4}px, ${before.y - 4}px)`, width: before.w + 8, height: before.h + 8 }} /> : null}
          <div
            className={`diff-mark diff-mark-${change.status}${state.selected === change.id ? " is-selected" : ""}`}
            style={{ transform: `translate(${rect.x - 4}px, ${rect.y - 4}px)`, width: rect.w + 8, height: rect.h + 8 }}
          >
            <span className={`diff-mark-tag diff-status-${change.status}`}>{t(`canvas.status.${change.status}`)}</span>
          </div>
        </div>
      ))}
    </div>
  );
}

type Rect = { x: number; y: number; w: number; h: number };

/** The arrow from where a shape was to where it is, from edge to edge (not over the shapes' text); null when they overlap. */
function edgeToEdge(from: Rect, to: Rect): { x1: number; y1: number; x2: number; y2: number } | null {
  const [ax, ay, bx, by] = [from.x + from.w / 2, from.y + from.h / 2, to.x + to.w / 2, to.y + to.h / 2];
  const [dx, dy] = [bx - ax, by - ay];
  const length = Math.hypot(dx, dy);
  if (length === 0) return null;
  // Fraction of the centre-to-centre line inside a rectangle of half-size (hw, hh), plus a gap of 6 px.
  const inside = (r: Rect) => Math.min(Math.abs(dx) > 0 ? r.w / 2 / Math.abs(dx) : Infinity, Math.abs(dy) > 0 ? r.h / 2 / Math.abs(dy) : Infinity) + 6 / length;
  const [t1, t2] = [inside(from), 1 - inside(to)];
  if (t2 <= t1) return null;
  return { x1: ax + dx * t1, y1: ay + dy * t1, x2: ax + dx * t2, y2: ay + dy * t2 };
}
