// What of the canvas's comments lives outside tldraw: the composer that opens beside a picked spot,
// the threads panel beside the canvas (a drawer on narrow screens) and its toggle. The panel and
// the composer are the comments feature's (features/comments); this module gives them the canvas's
// anchors: numbers, live orphaned state, the camera jump.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useValue, type Editor, type TLShapeId } from "tldraw";
import { NewThreadComposer, ThreadsPanel, type CommentThread } from "../../comments";
import type { CanvasCommentsState } from "./CanvasComments";
import { commentToolOf } from "./CommentTool";
import { placeOnEditor } from "./model";

/** Gap (px) between the spot and the composer, and between the composer and the surface's edges. */
const GAP = 14;
const EDGE = 8;
/** Below this surface width the composer docks at the bottom of the canvas. */
const DOCK_BELOW = 560;
const PANEL_ID = "canvas-comments-panel";
/** Where the panel is a drawer (canvas.css). */
const NARROW = "(max-width: 60rem)";

function focusPin(threadId: string) {
  document.querySelector<HTMLElement>(`.canvas-pin[data-thread-id="${CSS.escape(threadId)}"]`)?.focus();
}

/** The composer for a picked spot, beside it (docked at the bottom of the canvas on narrow screens). */
export function DraftComposer({ editor, comments }: { editor: Editor | null; comments: CanvasCommentsState }) {
  const { t } = useTranslation("canvas");
  const tool = editor ? commentToolOf(editor) : undefined;
  const draft = useValue("comment draft", () => tool?.draft.get() ?? null, [tool]);
  const spot = useValue(
    "comment draft on screen",
    () => {
      if (!editor || !draft) return null;
      // Beside what is commented: right of the region, right of the shape at the pin's height.
      const place = placeOnEditor(editor, draft.anchor, comments.memory);
      const region = draft.anchor.region;
      const shapeBounds = draft.anchor.shapeId ? editor.getShapePageBounds(draft.anchor.shapeId as TLShapeId) : undefined;
      const point = place?.point ?? draft.at;
      const at = region ? { x: region.x + region.w, y: region.y } : shapeBounds ? { x: shapeBounds.maxX, y: point.y } : point;
      const screen = editor.pageToViewport(at);
      const viewport = editor.getViewportScreenBounds();
      return { x: screen.x, y: screen.y, w: viewport.w, h: viewport.h };
    },
    [editor, draft, comments.memory],
  );
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 336, h: 260 });
  const open = draft !== null;
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setSize({ w: element.offsetWidth, h: element.offsetHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [open]);

  if (!editor || !tool || !draft || !spot) return null;
  const cancel = () => {
    tool.clearDraft();
    editor.getContainer().focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      cancel();
    }
  };
  const created = (thread: CommentThread) => {
    // Back to selecting (the tool's hint goes); «c» picks the next spot.
    tool.clearDraft();
    editor.setCurrentTool("select");
    comments.select(thread.id, { openPanel: false });
    // The new pin takes the focus: the person stays where they were working.
    requestAnimationFrame(() => focusPin(thread.id));
  };
  // Beside the spot, on the side with room, kept inside the surface.
  const docked = spot.w < DOCK_BELOW;
  const right = spot.x + GAP;
  const left = right + size.w <= spot.w - EDGE ? right : spot.x - GAP - size.w;
  const style = docked
    ? undefined
    : {
        left: Math.max(EDGE, Math.min(left, spot.w - size.w - EDGE)),
        top: Math.max(EDGE, Math.min(spot.y - 24, spot.h - size.h - EDGE)),
      };
  const kind = draft.anchor.shapeId ? "draftShape" : draft.anchor.region ? "draftRegion" : "draftPoint";
  return (
    <div ref={box} className={`canvas-composer${docked ? " is-docked" : ""}`} style={style} role="dialog" aria-label={t(`comments.${kind}`)} onKeyDown={onKeyDown}>
      <p className="canvas-composer-where">{t(`comments.${kind}`)}</p>
      <NewThreadComposer documentId={comments.documentId} anchor={draft.anchor} onCreated={created} onCancel={cancel} />
    </div>
  );
}

/** The panel's toggle in the canvas bar (shown on narrow screens, where the panel is a drawer). */
export function CanvasCommentsToggle({ comments }: { comments: CanvasCommentsState }) {
  const { t } = useTranslation("canvas");
  const open = comments.threads.filter((n) => n.thread.status === "open").length;
  return (
    <button
      type="button"
      className="button button-secondary button-small canvas-comments-toggle"
      aria-expanded={comments.panelOpen}
      aria-controls={PANEL_ID}
      onClick={() => comments.setPanelOpen(!comments.panelOpen)}
    >
      {t("comments.showPanel", { count: open })}
    </button>
  );
}

/** Each thread's anchor as the canvas sees it now (a string, so useValue re-renders only on a change). */
function useLiveAnchorStates(editor: Editor | null, comments: CanvasCommentsState): Map<string, "placed" | "orphaned" | "unplaced"> {
  const { threads, memory } = comments;
  const encoded = useValue(
    "comment anchor states",
    () => {
      if (!editor) return "";
      return threads
        .map(({ thread, anchor }) => {
          const place = placeOnEditor(editor, anchor, memory);
          return `${thread.id}=${!place ? "unplaced" : place.orphaned ? "orphaned" : "placed"}`;
        })
        .join(";");
    },
    [editor, threads, memory],
  );
  return useMemo(() => {
    const states = new Map<string, "placed" | "orphaned" | "unplaced">();
    for (const entry of encoded ? encoded.split(";") : []) {
      const [id, state] = entry.split("=") as [string, "placed" | "orphaned" | "unplaced"];
      states.set(id, state);
    }
    return states;
  }, [encoded]);
}

/** The threads panel beside the canvas (a drawer on narrow screens). */
export function CanvasCommentsPanel({ editor, comments, canComment }: { editor: Editor | null; comments: CanvasCommentsState; canComment: boolean }) {
  const { t } = useTranslation("canvas");
  const { t: tComments } = useTranslation("comments");
  const states = useLiveAnchorStates(editor, comments);
  const { threads, setShowResolved, setPanelOpen, jump, select } = comments;
  const numbers = useMemo(() => new Map(threads.map((n) => [n.thread.id, n.number])), [threads]);

  // The canvas knows live whether a shape is there (an undo brings it back); the server's flag is
  // what it knew when it listed the threads, used until the canvas is open.
  const isOrphaned = useCallback((thread: CommentThread) => {
    const state = states.get(thread.id);
    return state ? state !== "placed" : thread.anchor.orphaned;
  }, [states]);
  const position = useCallback((thread: CommentThread) => numbers.get(thread.id) ?? null, [numbers]);
  const describeAnchor = useCallback(
    (thread: CommentThread) => {
      const number = numbers.get(thread.id);
      if (thread.anchor.type !== "canvas" || number === undefined) return null;
      const state = states.get(thread.id);
      const where =
        state === "unplaced"
          ? t("comments.anchorUnplaced")
          : state === "orphaned" || (!state && thread.anchor.orphaned)
            ? t("comments.anchorOrphaned")
            : thread.anchor.shapeId
              ? t("comments.anchorShape")
              : thread.anchor.region
                ? t("comments.anchorRegion")
                : t("comments.anchorPoint");
      return (
        <p className="canvas-thread-anchor">
          <span className={`canvas-thread-number${state && state !== "placed" ? " is-orphaned" : ""}`} aria-hidden="true">
            {number}
          </span>
          <span className="visually-hidden">{t("comments.anchorNumber", { number })}: </span>
          {where}
        </p>
      );
    },
    [numbers, states, t],
  );
  const onJump = useCallback(
    (thread: CommentThread) => {
      if (!jump(thread.id)) return;
      // On a phone the drawer covers the canvas: close it to show the pin, which takes the focus
      // once the camera has arrived.
      if (window.matchMedia(NARROW).matches) setPanelOpen(false);
      window.setTimeout(() => focusPin(thread.id), 360);
    },
    [jump, setPanelOpen],
  );
  const onStatusChange = useCallback((status: "open" | "resolved" | "all") => setShowResolved(status !== "open"), [setShowResolved]);
  const onSelect = useCallback((threadId: string | null) => select(threadId, { openPanel: false }), [select]);
  const close = useCallback(() => {
    setPanelOpen(false);
    document.querySelector<HTMLElement>(".canvas-comments-toggle")?.focus();
  }, [setPanelOpen]);
  // The drawer covers the page on a phone: opening it takes the focus into it (a pin's thread, or
  // its close button), closing it gives it back to the toggle (close above).
  const wrapper = useRef<HTMLDivElement>(null);
  const { panelOpen, selectedId } = comments;
  useEffect(() => {
    if (!panelOpen || !window.matchMedia(NARROW).matches) return;
    const root = wrapper.current;
    const card = selectedId ? root?.querySelector<HTMLElement>(`.thread-card[data-thread-id="${CSS.escape(selectedId)}"] button`) : null;
    (card ?? root?.querySelector<HTMLElement>(".comments-panel-close"))?.focus();
  }, [panelOpen, selectedId]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && comments.panelOpen && window.matchMedia(NARROW).matches) {
      event.stopPropagation();
      close();
    }
  };

  return (
    <div ref={wrapper} className="canvas-comments-panel" onKeyDown={onKeyDown}>
      <ThreadsPanel
        documentId={comments.documentId}
        id={PANEL_ID}
        selectedId={comments.selectedId}
        onSelect={onSelect}
        onJump={onJump}
        jumpLabel={tComments("thread.jumpShape")}
        position={position}
        isOrphaned={isOrphaned}
        describeAnchor={describeAnchor}
        orphanedGroup={{ title: t("comments.orphanedGroupTitle"), hint: t("comments.orphanedGroupHint") }}
        orphanedLabel={t("comments.orphaned")}
        emptyHint={canComment ? t("comments.emptyHint") : t("comments.emptyReadOnly")}
        onStatusChange={onStatusChange}
        onClose={close}
      />
    </div>
  );
}
