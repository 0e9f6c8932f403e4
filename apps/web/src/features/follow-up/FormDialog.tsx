import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { DialogHeader } from "../../components/Dialog";

export interface DialogControl {
  close: () => void;
}

/**
 * A form in a native modal <dialog> (focus contained, Escape closes, focus returns to the opener),
 * opened by the button `trigger` renders. The form is mounted anew at each opening, so it starts
 * from the current data, and unmounted when the dialog closes.
 */
export function FormDialog({
  title,
  trigger,
  className = "",
  children,
}: {
  title: string;
  trigger: (open: () => void) => ReactNode;
  className?: string;
  children: (control: DialogControl) => ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // The opening's number (0: closed); each opening mounts a fresh form.
  const [opening, setOpening] = useState(0);
  const [nextOpening, setNextOpening] = useState(1);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (opening > 0 && !dialog.open) dialog.showModal();
    else if (opening === 0 && dialog.open) dialog.close();
  }, [opening]);

  const open = () => {
    setOpening(nextOpening);
    setNextOpening((n) => n + 1);
  };
  const close = () => setOpening(0);

  return (
    <>
      {trigger(open)}
      <dialog ref={ref} className={`dialog follow-up-dialog ${className}`.trim()} aria-labelledby={titleId} onClose={close}>
        <DialogHeader titleId={titleId} title={title} onClose={close} />
        {opening > 0 ? <div key={opening}>{children({ close })}</div> : null}
      </dialog>
    </>
  );
}

/** A FormDialog opened by a small «+ …» button, the way each follow-up card offers to add a row. */
export function AddDialog({
  title,
  label,
  children,
}: {
  title: string;
  label: string;
  children: (control: DialogControl) => ReactNode;
}) {
  return (
    <FormDialog
      title={title}
      trigger={(open) => (
        <button type="button" className="button button-secondary button-small" onClick={open} aria-haspopup="dialog">
          <span aria-hidden="true" className="button-icon">
            +
          </span>
          {label}
        </button>
      )}
    >
      {children}
    </FormDialog>
  );
}

/** A FormDialog opened by a row's «Editar» link (`ariaLabel` names the row for screen readers). */
export function EditDialog({
  title,
  label,
  ariaLabel,
  className,
  children,
}: {
  title: string;
  label: string;
  ariaLabel: string;
  className?: string;
  children: (control: DialogControl) => ReactNode;
}) {
  return (
    <FormDialog
      title={title}
      {...(className ? { className } : {})}
      trigger={(open) => (
        <button type="button" className="button button-link" onClick={open} aria-haspopup="dialog" aria-label={ariaLabel}>
          {label}
        </button>
      )}
    >
      {children}
    </FormDialog>
  );
}
