// The study's coordination comments around the editor: «Comentar» (bar button, a bubble beside
// the selection, Ctrl+Alt+M) for anyone the server lets comment — read-only commenters and
// reviewers included —, the highlights (commentHighlights.ts), the threads panel in document
// order with jump-to-passage, and the deep link /documents/:id?thread=<id>.
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { useEditorState, type Editor } from "@tiptap/react";
import type { RelativePositionJson } from "@taller/domain/comments";
import type { OpenedDocument } from "../../api";
import { NewThreadComposer, ThreadsPanel, useLinkedThread, useThreads, type CommentThread } from "../comments";
import { anchorOfSelection, highlightRanges, jumpToThread, setHighlightThreads, type HighlightThread } from "./commentHighlights";

/** The event the highlights' click handler sends (the editor's extensions are built once per session). */
export const HIGHLIGHT_ACTIVATED = "comment-highlight";

type Pending = { anchor: { type: "text"; start: RelativePositionJson; end: RelativePositionJson }; quote: string };

/** The highlight id of the passage a comment is being written on. */
const PENDING_ID = "pending";

/** Wide enough for the panel as a column beside the page (below: a drawer over it). */
const COLUMN_QUERY = "(min-width: 80rem)";

function isWide(): boolean {
  return typeof window !== "undefined" && window.matchMedia(COLUMN_QUERY).matches;
}

export function useStudyComments({ editor, document, events }: { editor: Editor; document: OpenedDocument; events: EventTarget }) {
  const { t } = useTranslation("comments");
  // The deep link the page was opened with (later selections also write ?thread=, without jumping).
  const { openedWith, selectedId, select } = useLinkedThread();
  const canComment = document.abilities.comment;
  const [panelOpen, setPanelOpen] = useState(() => Boolean(openedWith) || isWide());
  // Crossing the width: a column opens beside the page, a drawer starts closed.
  useEffect(() => {
    const query = window.matchMedia(COLUMN_QUERY);
    const onChange = () => setPanelOpen(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState("");
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const threads = useThreads(document.id);

  // Highlights: open threads, and the selected one whatever its status.
  const list = useMemo(() => threads.data?.threads ?? [], [threads.data]);
  useEffect(() => {
    const highlight: HighlightThread[] = list
      .filter((thread) => thread.anchor.type === "text")
      .map((thread) => ({
        id: thread.id,
        start: thread.anchor.type === "text" ? thread.anchor.start : null,
        end: thread.anchor.type === "text" ? thread.anchor.end : null,
        paint: thread.status === "open",
      }));
    // The passage of the comment being written stays marked while the composer has the focus.
    if (pending) highlight.push({ id: PENDING_ID, start: pending.anchor.start, end: pending.anchor.end, paint: true, pending: true });
    setHighlightThreads(editor, highlight, selectedId);
  }, [editor, list, selectedId, pending]);

  // Where each passage is now: the panel's order and its orphaned group follow the live text.
  const layout = useEditorState({
    editor,
    selector: ({ editor: live }) => {
      const { ready, ranges } = highlightRanges(live.state);
      return { ready, positions: Object.fromEntries([...ranges].map(([id, range]) => [id, range ? range.from : null])) as Record<string, number | null> };
    },
  });
  const position = useCallback(
    (thread: CommentThread) => (layout.ready && thread.id in layout.positions ? layout.positions[thread.id]! : thread.anchor.orphaned ? null : 0),
    [layout],
  );
  const isOrphaned = useCallback(
    (thread: CommentThread) => (layout.ready && thread.id in layout.positions ? layout.positions[thread.id] === null : thread.anchor.orphaned),
    [layout],
  );


  // A click on a highlight shows its thread.
  useEffect(() => {
    const onActivate = (event: Event) => {
      select((event as CustomEvent<string>).detail);
      setPanelOpen(true);
    };
    events.addEventListener(HIGHLIGHT_ACTIVATED, onActivate);
    return () => events.removeEventListener(HIGHLIGHT_ACTIVATED, onActivate);
  }, [events, select]);

  const jump = useCallback(
    (thread: CommentThread) => {
      if (!jumpToThread(editor, thread.id)) setNotice(t("panel.orphanedHint"));
      // In a drawer the passage is under the panel: make room.
      else if (!isWide()) setPanelOpen(false);
    },
    [editor, t],
  );

  // Once the threads and the text are here, jump to the linked thread once.
  const linkedDone = useRef(false);
  useEffect(() => {
    if (linkedDone.current || !openedWith || !layout.ready) return;
    const thread = list.find((candidate) => candidate.id === openedWith);
    if (!thread || !(thread.id in layout.positions)) return;
    linkedDone.current = true;
    if (layout.positions[thread.id] !== null && isWide()) jumpToThread(editor, thread.id);
  }, [openedWith, layout, list, editor]);

  function startComment() {
    if (!canComment) return;
    const anchor = anchorOfSelection(editor.state);
    if (!anchor) {
      // Readers have no text cursor: say how to select from the keyboard too.
      const how = editor.isEditable ? "" : ` ${t("editor.readerHint")}`;
      setNotice(editor.state.selection.empty ? `${t("editor.selectFirst")}${how}` : t("editor.quoteUnavailable"));
      return;
    }
    setNotice("");
    setPending({ anchor: { type: "text", start: anchor.start as RelativePositionJson, end: anchor.end as RelativePositionJson }, quote: anchor.quote });
    setPanelOpen(true);
  }

  function created(thread: CommentThread) {
    setPending(null);
    select(thread.id);
    setNotice(t("live.created"));
    // The passage is now a highlight: drop the selection so the bubble goes.
    const { to } = editor.state.selection;
    if (!editor.isEditable) window.getSelection()?.removeAllRanges();
    editor.commands.setTextSelection(to);
  }

  function cancelComposer() {
    setPending(null);
    editor.commands.focus(null, { scrollIntoView: false });
  }

  function togglePanel() {
    setPanelOpen((open) => !open);
  }

  function closePanel() {
    setPanelOpen(false);
    toggleRef.current?.focus();
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey && event.altKey && !event.metaKey && (event.key === "m" || event.key === "M" || event.code === "KeyM")) {
      event.preventDefault();
      startComment();
    }
  };

  const openCount = list.filter((thread) => thread.status === "open").length;

  const commentButton = canComment ? (
    <button
      type="button"
      className="button button-secondary button-small study-comment-button"
      aria-keyshortcuts="Control+Alt+M"
      title={t("editor.commentShortcut")}
      // Keep the text's selection while clicking.
      onMouseDown={(event) => event.preventDefault()}
      onClick={startComment}
    >
      <CommentIcon />
      {t("editor.comment")}
    </button>
  ) : null;

  const panelToggle = (
    <button
      ref={toggleRef}
      type="button"
      className="button button-ghost button-small study-comments-toggle"
      aria-expanded={panelOpen}
      aria-controls={panelOpen ? panelId : undefined}
      onClick={togglePanel}
    >
      <span aria-hidden="true">{t("panel.toggle")}</span>
      <span aria-hidden="true" className="study-comments-count">
        {openCount}
      </span>
      <span className="visually-hidden">{t("panel.toggleCount", { count: openCount })}</span>
    </button>
  );

  const panel = panelOpen ? (
    <div
      className="study-comments"
      onKeyDown={(event) => {
        if (event.key === "Escape" && !isWide() && !event.defaultPrevented) {
          event.preventDefault();
          closePanel();
        }
      }}
    >
      <ThreadsPanel
        id={panelId}
        documentId={document.id}
        selectedId={selectedId}
        onSelect={select}
        onJump={jump}
        position={position}
        isOrphaned={isOrphaned}
        onClose={closePanel}
        composer={
          pending ? (
            <NewThreadComposer key={JSON.stringify(pending.anchor)} documentId={document.id} anchor={pending.anchor} quote={pending.quote} onCreated={created} onCancel={cancelComposer} />
          ) : null
        }
      />
    </div>
  ) : null;

  const noticeRegion = (
    <p className={notice ? "study-comment-notice" : "visually-hidden"} role="status">
      {notice}
    </p>
  );

  return { canComment, panelOpen, setPanelOpen, commentButton, panelToggle, panel, noticeRegion, onKeyDown, startComment, pending: pending !== null };
}

/** The «Comentar» bubble beside the end of a selection (inside the page column, which is its frame). */
export function CommentBubble({ editor, frame, hidden, onComment }: { editor: Editor; frame: RefObject<HTMLElement | null>; hidden: boolean; onComment: () => void }) {
  const { t } = useTranslation("comments");
  const selection = useEditorState({
    editor,
    selector: ({ editor: live }) => {
      const { from, to, empty } = live.state.selection;
      return { from, to, empty: empty || live.state.doc.textBetween(from, to, " ", " ").trim() === "" };
    },
  });
  const button = useRef<HTMLButtonElement>(null);
  const show = !selection.empty && !hidden;

  // Placed below the selection's end, inside the frame (DOM measurements, written to the DOM).
  useLayoutEffect(() => {
    const container = frame.current;
    const element = button.current;
    if (!show || !container || !element || editor.isDestroyed) return;
    const measure = () => {
      try {
        const end = editor.view.coordsAtPos(selection.to, -1);
        const box = container.getBoundingClientRect();
        const left = Math.min(Math.max(end.left - box.left - 20, 8), Math.max(box.width - element.offsetWidth - 8, 8));
        element.style.top = `${end.bottom - box.top + 6}px`;
        element.style.left = `${left}px`;
        element.hidden = false;
      } catch {
        element.hidden = true;
      }
    };
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [editor, frame, selection, show]);

  if (!show) return null;
  return (
    <button
      ref={button}
      type="button"
      className="study-comment-bubble"
      hidden
      aria-keyshortcuts="Control+Alt+M"
      onMouseDown={(event) => event.preventDefault()}
      onClick={onComment}
    >
      <CommentIcon />
      {t("editor.comment")}
    </button>
  );
}

function CommentIcon() {
  return (
    <svg className="study-comment-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M3 4.5h14v9H8l-4 3v-3H3z" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinejoin="round" />
    </svg>
  );
}
