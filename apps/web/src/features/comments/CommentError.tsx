import { useTranslation } from "react-i18next";
import { ApiError } from "../../api";
import { ErrorAlert, Alert } from "../../components/Alert";
import { unexpectedRequestId } from "../../components/errors";
import esMX from "./i18n/es-MX.json";

type CommentErrorCode = keyof typeof esMX.errors;

function commentCode(error: unknown): CommentErrorCode | null {
  if (!(error instanceof ApiError)) return null;
  return Object.hasOwn(esMX.errors, error.code) ? (error.code as CommentErrorCode) : null;
}

/**
 * A failed comment action in plain words: the comment codes (invalid_anchor, comment_deleted,
 * forbidden…) in this feature's words, anything else through the app's ErrorAlert.
 */
export function CommentError({ error }: { error: unknown }) {
  const { t } = useTranslation("comments");
  const { t: tApp } = useTranslation();
  const code = commentCode(error);
  if (!code) return <ErrorAlert error={error} />;
  // The comment codes are expected refusals: their folio only with a 5xx.
  const requestId = unexpectedRequestId(error, true);
  return (
    <Alert tone="error" title={t(`errors.${code}`)} className="comment-error">
      {requestId ? <p className="muted small">{tApp("common.requestId", { id: requestId })}</p> : null}
    </Alert>
  );
}
