import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ACCOUNT_NAME_MIN_LENGTH } from "@taller/domain/inputs";
import type { AdminUser, Organization } from "../../api";
import { useUpdateUser } from "../../api/accounts";
import { ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { OrgOptions } from "../../components/Options";
import { serverIssues } from "../../forms/validation";
import { issueText, type FieldIssue } from "../auth/fieldIssue";
import { AdminFormDialog } from "./AdminDialog";

/**
 * «Editar»: a person's name, agency and admin flag. Only what changed is sent; the list takes the
 * server's answer, and `onSaved` is called only once the server has it. One's own admin flag is
 * shown but cannot be unticked (the server refuses it too).
 */
export function EditUserDialog({
  user,
  orgs,
  isSelf,
  onClose,
  onSaved,
}: {
  user: AdminUser;
  orgs: Organization[];
  isSelf: boolean;
  onClose: () => void;
  onSaved: (user: AdminUser) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(user.name);
  const [orgId, setOrgId] = useState(user.orgId);
  const [isAdmin, setIsAdmin] = useState(user.isAdmin);
  const [nameError, setNameError] = useState<FieldIssue | undefined>();
  const nameRef = useRef<HTMLInputElement>(null);
  const adminId = useId();
  const adminHintId = useId();
  const update = useUpdateUser();

  function submit() {
    update.reset();
    const trimmed = name.trim();
    if (trimmed.length < ACCOUNT_NAME_MIN_LENGTH) {
      setNameError({ validation: trimmed ? "too_short" : "required", limit: ACCOUNT_NAME_MIN_LENGTH });
      nameRef.current?.focus();
      return;
    }
    setNameError(undefined);
    const patch = {
      ...(trimmed !== user.name ? { name: trimmed } : {}),
      ...(orgId !== user.orgId ? { orgId } : {}),
      ...(isAdmin !== user.isAdmin ? { isAdmin } : {}),
    };
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { userId: user.id, patch },
      {
        onSuccess: (saved) => onSaved(saved),
        onError: (error) => {
          const issue = serverIssues(error).find((candidate) => candidate.path === "name");
          if (issue) {
            setNameError({ validation: issue.code });
            nameRef.current?.focus();
          }
        },
      },
    );
  }

  return (
    <AdminFormDialog open title={t("adminUsers.editTitle", { name: user.name })} submitLabel={update.isPending ? t("adminUsers.saving") : t("adminUsers.save")} busy={update.isPending} onSubmit={submit} onClose={onClose}>
      {update.isError ? <ErrorAlert error={update.error} /> : null}
      <p className="muted small">{user.email}</p>
      <Field label={t("admin.userName")} error={issueText(t, nameError)} required>
        {(control) => <input {...control} ref={nameRef} type="text" autoComplete="off" value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <Field label={t("adminUsers.columnOrg")} required>
        {(control) => (
          <select {...control} value={orgId} onChange={(event) => setOrgId(event.target.value)}>
            <OrgOptions orgs={orgs} />
          </select>
        )}
      </Field>
      <div className="checkbox">
        <input
          id={adminId}
          type="checkbox"
          checked={isAdmin}
          disabled={isSelf && user.isAdmin}
          aria-describedby={isSelf && user.isAdmin ? adminHintId : undefined}
          onChange={(event) => setIsAdmin(event.target.checked)}
        />
        <label htmlFor={adminId}>{t("adminUsers.isAdmin")}</label>
      </div>
      {isSelf && user.isAdmin ? (
        <p id={adminHintId} className="muted small">
          {t("adminUsers.ownAdminHint")}
        </p>
      ) : null}
    </AdminFormDialog>
  );
}
