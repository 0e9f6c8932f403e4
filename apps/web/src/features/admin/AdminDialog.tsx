import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";
import { DialogFooter, DialogHeader } from "../../components/Dialog";

/**
 * A form in a native modal <dialog> for the admin page (focus contained, Escape closes, focus
 * returns to the opener): title, the fields, «Cancelar» and the submit button. Mounted while
 * `open`; the caller decides what the form holds.
 */
export function AdminFormDialog({
  open,
  title,
  submitLabel,
  busy,
  onSubmit,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog admin-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <form
          noValidate
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            onSubmit();
          }}
        >
          <DialogHeader titleId={titleId} title={title} onClose={onClose} />
          <div className="dialog-body">{children}</div>
          <DialogFooter onCancel={onClose} submitLabel={submitLabel} busy={busy} />
        </form>
      ) : null}
    </dialog>
  );
}
