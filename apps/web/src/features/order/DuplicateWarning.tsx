import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../components/Alert";
import type { DuplicateName } from "../../api/order";

/**
 * The server's «already used» warning before creating (or renaming) something whose name is the
 * same as an existing one (case, accents and spaces aside): it names the existing item and asks
 * «Crear de todos modos» or «Cambiar el nombre». Announced at once (role=alert) and focused, so a
 * keyboard or screen-reader user meets the question where the form left them.
 */
export function DuplicateWarning({
  existing,
  what,
  confirmLabel,
  busy,
  onConfirm,
  onChangeName,
}: {
  existing: DuplicateName;
  what: "project" | "document";
  /** «Crear de todos modos» by default; renames say «Usar este título de todos modos». */
  confirmLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onChangeName: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const title =
    what === "project"
      ? existing?.name
        ? t("order.duplicate.project", { clave: existing.clave, name: existing.name })
        : t("order.duplicate.projectHidden")
      : t(existing?.archived ? "order.duplicate.documentArchived" : "order.duplicate.document", { title: existing?.title ?? "" });
  return (
    <div ref={ref} tabIndex={-1} className="duplicate-warning">
      <Alert tone="info" role="alert" title={title} className="alert-warning">
        <p>{t(what === "project" ? "order.duplicate.askProject" : "order.duplicate.askDocument")}</p>
        <div className="duplicate-actions">
          <button type="button" className="button button-primary button-small" onClick={onConfirm} disabled={busy}>
            {confirmLabel ?? t("order.duplicate.createAnyway")}
          </button>
          <button type="button" className="button button-secondary button-small" onClick={onChangeName}>
            {t("order.duplicate.changeName")}
          </button>
        </div>
      </Alert>
    </div>
  );
}
