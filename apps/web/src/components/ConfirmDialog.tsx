import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * A confirmation in a native modal <dialog> (focus contained, Escape cancels, focus returns to
 * the opener). The safe choice, "Cancelar", takes focus first.
 */
export function ConfirmDialog({ open, title, body, confirmLabel, busy = false, onConfirm, onCancel }: Props) {
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
      className="dialog dialog-small"
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
      </div>
      <footer className="dialog-footer">
        <button ref={cancelRef} type="button" className="button button-secondary" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </footer>
    </dialog>
  );
}
