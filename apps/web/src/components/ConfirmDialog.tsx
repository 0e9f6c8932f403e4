import { useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  /** Defaults to "Cancelar". */
  cancelLabel?: string;
  busy?: boolean;
  /** Extra class on the <dialog> (size, layout); without it the dialog is the small one. */
  className?: string;
  /** Shown under the body, only while the dialog is open (e.g. a list with a copy button). */
  children?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * A confirmation in a native modal <dialog> (focus contained, Escape cancels, focus returns to
 * the opener). The safe choice, "Cancelar", takes focus first.
 */
export function ConfirmDialog({ open, title, body, confirmLabel, cancelLabel, busy = false, className = "dialog-small", children, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog ${className}`}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
      </header>
      <div className="dialog-body">
        <p id={bodyId}>{body}</p>
        {open ? children : null}
      </div>
      <footer className="dialog-footer">
        <button ref={cancelRef} type="button" className="button button-secondary" onClick={onCancel}>
          {cancelLabel ?? t("common.cancel")}
        </button>
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </footer>
    </dialog>
  );
}
