import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A dialog's title (the dialog is labelled by `titleId`) and, when it can be closed, the × button. */
export function DialogHeader({ titleId, title, onClose }: { titleId: string; title: ReactNode; onClose?: () => void }) {
  const { t } = useTranslation();
  return (
    <header className="dialog-header">
      <h2 id={titleId}>{title}</h2>
      {onClose ? (
        <button type="button" className="button button-icon-only" onClick={onClose} aria-label={t("common.close")}>
          <span aria-hidden="true">×</span>
        </button>
      ) : null}
    </header>
  );
}

/** A dialog form's actions: whatever comes first (e.g. "remove"), cancel, and the submit button. */
export function DialogFooter({
  onCancel,
  submitLabel,
  busy,
  children,
}: {
  onCancel: () => void;
  submitLabel: string;
  /** While the submission runs the submit button is disabled. */
  busy?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <footer className="dialog-footer">
      {children}
      <button type="button" className="button button-secondary" onClick={onCancel}>
        {t("common.cancel")}
      </button>
      <button type="submit" className="button button-primary" disabled={busy}>
        {submitLabel}
      </button>
    </footer>
  );
}
