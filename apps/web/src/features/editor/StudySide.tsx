import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import type { Participant } from "../../collab/useDocumentSession";
import { Outline } from "./Outline";
import { PresenceList } from "./PresenceList";

/** Below this width the side panel does not fit beside the page: it becomes a drawer (text first). */
const NARROW = "(max-width: 64rem)";

function subscribe(onChange: () => void) {
  const query = window.matchMedia(NARROW);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** Whether the editor is laid out for a narrow screen (phone, tablet, a narrow window). */
export function useNarrowEditor(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(NARROW).matches);
}

/**
 * The sticky bar's height as `--study-bar-height` on the editor, so a heading reached from the
 * outline lands below the bar (scroll-margin-top in editor.css) and the save status stays in view.
 */
export function useStickyBarHeight<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const bar = ref.current;
    const editor = bar?.parentElement;
    if (!bar || !editor) return;
    const observer = new ResizeObserver(() => editor.style.setProperty("--study-bar-height", `${bar.offsetHeight}px`));
    observer.observe(bar);
    return () => observer.disconnect();
  }, []);
  return ref;
}

/** Beside the page on a wide screen: who is in the document and its sections. */
export function StudySide({ participants, editor }: { participants: Participant[]; editor: Editor }) {
  return (
    <aside className="study-side">
      <PresenceList participants={participants} />
      <Outline editor={editor} />
    </aside>
  );
}

/**
 * On a narrow screen the same panel opens from «Esquema y participantes» in the sticky bar: a
 * modal dialog (focus moves in and stays, Esc closes, focus returns to the button). Choosing a
 * section closes it and moves to that heading.
 */
export function StudySideDrawer({ participants, editor }: { participants: Participant[]; editor: Editor }) {
  const { t } = useTranslation("editor");
  const { t: tApp } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const dialogId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <>
      <button
        type="button"
        className="button button-secondary button-small study-side-toggle"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={dialogId}
        onClick={() => setOpen(true)}
      >
        <svg className="study-comment-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <path d="M3 5h14M3 10h10M3 15h7" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        {t("side.open")}
      </button>
      <dialog
        ref={dialogRef}
        id={dialogId}
        className="dialog study-side-drawer"
        aria-labelledby={titleId}
        // Esc (the dialog's cancel) and the × both go through the state.
        onClose={() => setOpen(false)}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{t("side.open")}</h2>
          <button type="button" className="button button-icon-only" onClick={() => setOpen(false)} aria-label={tApp("common.close")}>
            <span aria-hidden="true">×</span>
          </button>
        </header>
        {open ? (
          <div className="study-side-drawer-body">
            <PresenceList participants={participants} />
            <Outline editor={editor} onNavigate={() => dialogRef.current?.close()} />
          </div>
        ) : null}
      </dialog>
    </>
  );
}
