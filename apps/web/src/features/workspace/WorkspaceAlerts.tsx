// Error messages for the codes the workspace meets (stage moves, members, documents). The app's
// <ErrorAlert> translates the general codes; these are translated here, in the workspace strings.
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api";
import { Alert, ErrorAlert } from "../../components/Alert";
import { unexpectedRequestId } from "../../components/errors";
import esWorkspace from "./i18n/es-MX.json";

type WorkspaceErrorCode = keyof typeof esWorkspace.errors;

function workspaceCode(error: unknown): WorkspaceErrorCode | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const code = error.code;
  return Object.hasOwn(esWorkspace.errors, code) ? (code as WorkspaceErrorCode) : undefined;
}

/** Like <ErrorAlert>, but knows the workspace's own conflict codes (last_owner, member_exists…). */
export function WorkspaceErrorAlert({
  error,
  title,
  onRetry,
  retryLabel,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  retryLabel?: string;
}) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const code = workspaceCode(error);
  // A known code is an expected refusal (last owner, duplicate member…): no folio unless a 5xx.
  const requestId = unexpectedRequestId(error, true);
  if (!code || !(error instanceof ApiError)) {
    return <ErrorAlert error={error} {...(title ? { title } : {})} {...(onRetry ? { onRetry } : {})} />;
  }
  return (
    <Alert tone="error" title={title ?? t(`errors.${code}`)}>
      {title ? <p>{t(`errors.${code}`)}</p> : null}
      {requestId ? <p className="muted small">{tApp("common.requestId", { id: requestId })}</p> : null}
      {onRetry ? (
        <button type="button" className="button button-secondary button-small" onClick={onRetry}>
          {retryLabel ?? tApp("common.retry")}
        </button>
      ) : null}
    </Alert>
  );
}
