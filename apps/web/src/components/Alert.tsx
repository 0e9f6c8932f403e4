import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "./errors";

type AlertProps = {
  tone: "error" | "success" | "info";
  title?: string | undefined;
  children?: ReactNode;
  className?: string;
  /** Overrides the tone's role, e.g. "alert" for information that must interrupt (a lost right). */
  role?: "alert" | "status";
};

/**
 * A message box. Errors use role="alert" (announced at once); success and info use role="status"
 * (announced politely) unless `role` says otherwise. Mount it with its content already in place
 * so screen readers read it.
 */
export function Alert({ tone, title, children, className, role }: AlertProps) {
  return (
    <div role={role ?? (tone === "error" ? "alert" : "status")} className={`alert alert-${tone} ${className ?? ""}`.trim()}>
      {title ? <p className="alert-title">{title}</p> : null}
      {children ? <div className="alert-body">{children}</div> : null}
    </div>
  );
}

/** An error alert for a failed API call, with the request id the support team can trace. */
export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  const described = describeError(t, error);
  return (
    <Alert tone="error" title={title ?? described.message}>
      {title ? <p>{described.message}</p> : null}
      {described.detail ? <p>{described.detail}</p> : null}
      {described.requestId ? <p className="muted small">{t("common.requestId", { id: described.requestId })}</p> : null}
      {onRetry ? (
        <button type="button" className="button button-secondary button-small" onClick={onRetry}>
          {t("common.retry")}
        </button>
      ) : null}
    </Alert>
  );
}
