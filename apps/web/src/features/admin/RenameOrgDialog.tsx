import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ACCOUNT_NAME_MIN_LENGTH } from "@taller/domain/inputs";
import { ApiError, useUpdateOrg, type Organization } from "../../api";
import { ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { serverIssues } from "../../forms/validation";
import { issueText, type FieldIssue } from "../auth/fieldIssue";
import { AdminFormDialog } from "./AdminDialog";

const SHORT_NAME_MAX = 30;

/**
 * «Renombrar» an agency: its name and short name (unique, whatever the case: 409
 * `short_name_taken` puts the error on the field). Only what changed is sent; `onSaved` is called
 * once the server has it.
 */
export function RenameOrgDialog({ org, onClose, onSaved }: { org: Organization; onClose: () => void; onSaved: (org: Organization) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(org.name);
  const [shortName, setShortName] = useState(org.shortName);
  const [errors, setErrors] = useState<{ name?: FieldIssue | undefined; shortName?: FieldIssue | undefined }>({});
  const nameRef = useRef<HTMLInputElement>(null);
  const shortRef = useRef<HTMLInputElement>(null);
  const update = useUpdateOrg();

  const check = (value: string): FieldIssue | undefined =>
    value.length < ACCOUNT_NAME_MIN_LENGTH ? { validation: value ? "too_short" : "required", limit: ACCOUNT_NAME_MIN_LENGTH } : undefined;

  function submit() {
    update.reset();
    const next = { name: name.trim(), shortName: shortName.trim() };
    const found = { name: check(next.name), shortName: check(next.shortName) };
    setErrors(found);
    if (found.name || found.shortName) {
      (found.name ? nameRef : shortRef).current?.focus();
      return;
    }
    const patch = { ...(next.name !== org.name ? { name: next.name } : {}), ...(next.shortName !== org.shortName ? { shortName: next.shortName } : {}) };
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { orgId: org.id, patch },
      {
        onSuccess: onSaved,
        onError: (error) => {
          if (error instanceof ApiError && error.code === "short_name_taken") {
            setErrors({ shortName: { key: "errors.short_name_taken" } });
            shortRef.current?.focus();
            return;
          }
          const issues = serverIssues(error);
          const byField = {
            name: issues.find((issue) => issue.path === "name")?.code,
            shortName: issues.find((issue) => issue.path === "shortName")?.code,
          };
          setErrors({ name: byField.name ? { validation: byField.name } : undefined, shortName: byField.shortName ? { validation: byField.shortName } : undefined });
        },
      },
    );
  }

  const fieldError = errors.shortName !== undefined && update.error instanceof ApiError && update.error.code === "short_name_taken";
  return (
    <AdminFormDialog open title={t("adminUsers.renameOrgTitle", { name: org.name })} submitLabel={update.isPending ? t("adminUsers.saving") : t("adminUsers.save")} busy={update.isPending} onSubmit={submit} onClose={onClose}>
      {update.isError && !fieldError ? <ErrorAlert error={update.error} /> : null}
      <Field label={t("admin.orgName")} error={issueText(t, errors.name)} required>
        {(control) => <input {...control} ref={nameRef} type="text" autoComplete="off" maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <Field label={t("admin.orgShortName")} hint={t("admin.orgShortNameHint")} error={issueText(t, errors.shortName)} required>
        {(control) => <input {...control} ref={shortRef} type="text" autoComplete="off" maxLength={SHORT_NAME_MAX} size={10} value={shortName} onChange={(event) => setShortName(event.target.value)} />}
      </Field>
    </AdminFormDialog>
  );
}
