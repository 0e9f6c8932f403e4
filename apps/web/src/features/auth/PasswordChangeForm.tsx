import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@taller/domain/inputs";
import { ApiError } from "../../api";
import { useChangeOwnPassword } from "../../api/accounts";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { serverIssues } from "../../forms/validation";
import { issueText, type FieldIssue } from "./fieldIssue";

type Fields = "currentPassword" | "newPassword" | "confirm";

/**
 * Changing one's own password: the current one (or the temporary one after a reset), the new one
 * twice, with the rule said beside it. Checked here first (the rule, the two new ones equal), then by
 * the server, which verifies the current one: a wrong one is a plain message on its field (no request
 * folio: it is an expected answer). The success note appears only once the server has answered.
 */
export function PasswordChangeForm({ forced = false, titleId }: { forced?: boolean; titleId: string }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<Fields, string>>({ currentPassword: "", newPassword: "", confirm: "" });
  const [errors, setErrors] = useState<Partial<Record<Fields, FieldIssue>>>({});
  const [done, setDone] = useState(false);
  const refs = { currentPassword: useRef<HTMLInputElement>(null), newPassword: useRef<HTMLInputElement>(null), confirm: useRef<HTMLInputElement>(null) };
  const ruleId = useId();
  const change = useChangeOwnPassword();

  const set = (field: Fields) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  function fail(found: Partial<Record<Fields, FieldIssue>>) {
    setErrors(found);
    const first = (["currentPassword", "newPassword", "confirm"] as const).find((field) => found[field]);
    if (first) refs[first].current?.focus();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    change.reset();
    const found: Partial<Record<Fields, FieldIssue>> = {};
    if (!values.currentPassword) found.currentPassword = { validation: "required" };
    if (!values.newPassword) found.newPassword = { validation: "required" };
    else if (values.newPassword.length < PASSWORD_MIN_LENGTH) found.newPassword = { validation: "too_short", limit: PASSWORD_MIN_LENGTH };
    else if (values.newPassword === values.currentPassword) found.newPassword = { validation: "same_password" };
    if (!found.newPassword && values.confirm !== values.newPassword) found.confirm = { key: "account.mismatch" };
    if (Object.keys(found).length > 0) return fail(found);
    setErrors({});
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          setValues({ currentPassword: "", newPassword: "", confirm: "" });
          setDone(true);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === "wrong_password") {
            setValues((current) => ({ ...current, currentPassword: "" }));
            return fail({ currentPassword: { key: "errors.wrong_password" } });
          }
          const issues = serverIssues(error);
          const onField = (path: Fields) => issues.find((issue) => issue.path === path)?.code;
          const current = onField("currentPassword");
          const next = onField("newPassword");
          if (current || next) fail({ ...(current ? { currentPassword: { validation: current } } : {}), ...(next ? { newPassword: { validation: next, limit: PASSWORD_MIN_LENGTH } } : {}) });
        },
      },
    );
  }

  const fieldError = Object.keys(errors).length > 0;
  return (
    <form className="form" noValidate aria-labelledby={titleId} onSubmit={submit}>
      {change.isError && !fieldError ? <ErrorAlert error={change.error} /> : null}
      {done ? <Alert tone="success" title={t("account.changed")} /> : null}
      <Field label={forced ? t("account.forcedCurrent") : t("account.currentPassword")} error={issueText(t, errors.currentPassword)} required>
        {(control) => (
          <input {...control} ref={refs.currentPassword} type="password" autoComplete="current-password" maxLength={PASSWORD_MAX_LENGTH} value={values.currentPassword} onChange={(event) => set("currentPassword")(event.target.value)} />
        )}
      </Field>
      <p id={ruleId} className="muted small">
        {t("account.passwordRule", { count: PASSWORD_MIN_LENGTH })}
      </p>
      <Field label={t("account.newPassword")} error={issueText(t, errors.newPassword)} required>
        {(control) => (
          <input
            {...control}
            ref={refs.newPassword}
            aria-describedby={[ruleId, control["aria-describedby"]].filter(Boolean).join(" ")}
            type="password"
            autoComplete="new-password"
            maxLength={PASSWORD_MAX_LENGTH}
            value={values.newPassword}
            onChange={(event) => set("newPassword")(event.target.value)}
          />
        )}
      </Field>
      <Field label={t("account.confirmPassword")} error={issueText(t, errors.confirm)} required>
        {(control) => <input {...control} ref={refs.confirm} type="password" autoComplete="new-password" maxLength={PASSWORD_MAX_LENGTH} value={values.confirm} onChange={(event) => set("confirm")(event.target.value)} />}
      </Field>
      <div>
        <button type="submit" className="button button-primary" disabled={change.isPending}>
          {change.isPending ? t("account.submitting") : t("account.submit")}
        </button>
      </div>
    </form>
  );
}
