import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AdminUser } from "../../api";
import { useResetPassword } from "../../api/accounts";
import { Alert, ErrorAlert } from "../../components/Alert";

/**
 * «Restablecer contraseña»: asks first (the person's sessions end at once), then shows the
 * one-time password the server answered, with a copy button and the warning that it will not be
 * shown again. The password lives only in this dialog: closing it forgets it.
 */
export function ResetPasswordDialog({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const passwordId = useId();
  const warningId = useId();
  const reset = useResetPassword();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const temporaryPassword = reset.data?.temporaryPassword ?? null;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    }
  }, []);
  useEffect(() => {
    if (temporaryPassword) passwordRef.current?.select();
  }, [temporaryPassword]);

  async function copy() {
    if (!temporaryPassword) return;
    try {
      await navigator.clipboard.writeText(temporaryPassword);
      setCopied("yes");
    } catch {
      passwordRef.current?.select();
      setCopied("failed");
    }
  }

  return (
    <dialog
      ref={ref}
      className="dialog dialog-small admin-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{temporaryPassword ? t("adminUsers.temporaryTitle", { name: user.name }) : t("adminUsers.resetTitle", { name: user.name })}</h2>
      </header>
      {temporaryPassword ? (
        <>
          <div className="dialog-body">
            <p id={bodyId}>{t("adminUsers.temporaryIntro")}</p>
            <div className="field">
              <label htmlFor={passwordId} className="field-label">
                {t("adminUsers.temporaryLabel")}
              </label>
              <div className="temporary-password">
                <input ref={passwordRef} id={passwordId} className="temporary-password-value" type="text" readOnly value={temporaryPassword} spellCheck={false} aria-describedby={warningId} />
                <button type="button" className="button button-secondary" onClick={() => void copy()}>
                  {t("adminUsers.copy")}
                </button>
              </div>
            </div>
            <Alert tone="info" role="status">
              <p id={warningId}>
                <strong>{t("adminUsers.temporaryWarning")}</strong>
              </p>
              {copied ? <p>{copied === "yes" ? t("adminUsers.copied") : t("adminUsers.copyFailed")}</p> : null}
            </Alert>
          </div>
          <footer className="dialog-footer">
            <button type="button" className="button button-primary" onClick={onClose}>
              {t("adminUsers.done")}
            </button>
          </footer>
        </>
      ) : (
        <>
          <div className="dialog-body">
            <p id={bodyId}>{t("adminUsers.resetBody")}</p>
            {reset.isError ? <ErrorAlert error={reset.error} /> : null}
          </div>
          <footer className="dialog-footer">
            <button ref={cancelRef} type="button" className="button button-secondary" onClick={onClose}>
              {t("common.cancel")}
            </button>
            <button type="button" className="button button-danger" disabled={reset.isPending} onClick={() => reset.mutate(user.id)}>
              {reset.isPending ? t("adminUsers.resetWorking") : t("adminUsers.resetConfirm")}
            </button>
          </footer>
        </>
      )}
    </dialog>
  );
}
