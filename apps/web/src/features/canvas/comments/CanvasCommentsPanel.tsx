// What of the canvas's comments lives outside tldraw: the composer that opens beside a picked spot,
// the threads panel beside the canvas (a drawer on narrow screens) and its toggle.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useValue, type Editor } from "tldraw";
import { useCreateThread } from "../../../api/comments";
import type { CanvasCommentsState } from "./CanvasComments";
import { commentToolOf, type CommentDraft } from "./CommentTool";
import { placeOnEditor } from "./model";

/** Gap (px) between the spot and the composer, and between the composer and the surface's edges. */
const GAP = 14;
const EDGE = 8;

/** The composer for a picked spot, beside it (at the bottom of the canvas on narrow screens). */
export function DraftComposer({ editor, comments }: { editor: Editor | null; comments: CanvasCommentsState }) {
  const { t } = useTranslation("canvas");
  const tool = editor ? commentToolOf(editor) : undefined;
  const draft = useValue("comment draft", () => tool?.draft.get() ?? null, [tool]);
  const spot = useValue(
    "comment draft on screen",
    () => {
      if (!editor || !draft) return null;
      const place = placeOnEditor(editor, draft.anchor, comments.memory);
      const at = draft.anchor.region ? { x: draft.anchor.region.x + draft.anchor.region.w, y: draft.anchor.region.y } : (place?.point ?? draft.at);
      const screen = editor.pageToViewport(at);
      const viewport = editor.getViewportScreenBounds();
      return { x: screen.x, y: screen.y, w: viewport.w, h: viewport.h };
    },
    [editor, draft, comments.memory],
  );
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 320, h: 200 });
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setSize({ w: element.offsetWidth, h: element.offsetHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [draft]);

  if (!editor || !tool || !draft || !spot) return null;
  const close = () => {
    tool.clearDraft();
    editor.getContainer().focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
    }
  };
  // Beside the spot, on the side with room; kept inside the surface.
  const narrow = spot.w < 560;
  const left = spot.x + GAP + size.w <= spot.w - EDGE ? spot.x + GAP : spot.x - GAP - size.w;
  const style = narrow
    ? undefined
    : {
        left: Math.max(EDGE, Math.min(left, spot.w - size.w - EDGE)),
        top: Math.max(EDGE, Math.min(spot.y - 24, spot.h - size.h - EDGE)),
      };
  const kind = draft.anchor.shapeId ? "draftShape" : draft.anchor.region ? "draftRegion" : "draftPoint";
  return (
    <div ref={box} className={`canvas-composer${narrow ? " is-docked" : ""}`} style={style} role="dialog" aria-label={t(`comments.${kind}`)} onKeyDown={onKeyDown}>
      <ComposerBody key={draftKey(draft)} documentId={comments.documentId} draft={draft} title={t(`comments.${kind}`)} onDone={(id) => {
        tool.clearDraft();
        comments.select(id);
      }} onCancel={close} />
    </div>
  );
}

function draftKey(draft: CommentDraft): string {
  return draft.anchor.shapeId ?? (draft.anchor.region ? "region" : "point");
}

/** Interim composer (replaced by the comments feature's NewThreadComposer). */
function ComposerBody({ documentId, draft, title, onDone, onCancel }: { documentId: string; draft: CommentDraft; title: string; onDone: (id: string) => void; onCancel: () => void }) {
  const create = useCreateThread(documentId);
  const [body, setBody] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ anchor: draft.anchor, body }, { onSuccess: (thread) => onDone(thread.id) });
      }}
    >
      <label>
        {title}
        <textarea ref={input} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      <button type="submit" className="button button-small">Enviar</button>
      <button type="button" className="button button-secondary button-small" onClick={onCancel}>Cancelar</button>
    </form>
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
      aria-controls="canvas-comments-panel"
      onClick={() => comments.setPanelOpen(!comments.panelOpen)}
    >
      {t("comments.showPanel", { count: open })}
    </button>
  );
}

/** The threads panel beside the canvas. */
export function CanvasCommentsPanel({ editor, comments }: { editor: Editor | null; comments: CanvasCommentsState }) {
  const { t } = useTranslation("canvas");
  void editor;
  return (
    <aside id="canvas-comments-panel" className="canvas-comments-panel" aria-label={t("comments.panel")}>
      <div className="canvas-comments-panel-head">
        <button type="button" className="button button-secondary button-small canvas-comments-close" onClick={() => comments.setPanelOpen(false)}>
          {t("comments.hidePanel")}
        </button>
      </div>
      <ul>
        {comments.threads.map((n) => (
          <li key={n.thread.id}>
            <button type="button" onClick={() => comments.jump(n.thread.id)}>
              {n.number}. {n.thread.comments[0]?.body}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
