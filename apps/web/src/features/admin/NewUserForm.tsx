import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { userCreateSchema } from "@taller/domain/inputs";
import { ApiError, useCreateUser, type AdminUser, type OrgRef } from "../../api";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { OrgOptions } from "../../components/Options";
import { limitOf, setServerIssues } from "../../forms/validation";
import { useSchemaForm } from "../../forms/useSchemaForm";

type Draft = { name: string; email: string; password: string; orgId: string; isAdmin: boolean };

const emptyDraft: Draft = { name: "", email: "", password: "", orgId: "", isAdmin: false };

/** A new account; the admin page's list gets it from the mutation. */
export function NewUserForm({ orgs }: { orgs: OrgRef[] }) {
  const { t } = useTranslation();
  const titleId = useId();
  // A pasted address often carries a space; the server takes the address as sent.
  const form = useSchemaForm(userCreateSchema, { defaultValues: emptyDraft, toInput: (draft: Draft) => ({ ...draft, email: draft.email.trim() }) });
  const { register, setError, errorText } = form;
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [created, setCreated] = useState<AdminUser | null>(null);
  const createUser = useCreateUser();

  function clearOutcome() {
    setCreated(null);
    setSubmitError(null);
  }

  // Checked with the domain's schema first (the first invalid field gets focus); the server's
  // issues land on the same fields.
  const handleSubmit = form.handleSubmit(async (input) => {
    clearOutcome();
    try {
      const user = await createUser.mutateAsync(input);
      setCreated(user);
      form.reset(emptyDraft);
    } catch (error) {
      setSubmitError(error);
      if (error instanceof ApiError && error.code === "email_taken") {
        setError("email", { type: "server", message: error.code }, { shouldFocus: true });
      } else {
        setServerIssues(error, setError, ["name", "email", "password", "orgId"]);
      }
    }
  }, clearOutcome);
  const submitting = form.formState.isSubmitting;

  return (
    <form className="form subform" noValidate aria-labelledby={titleId} onSubmit={(event) => void handleSubmit(event)}>
      <h3 id={titleId} className="subheading">
        {t("admin.newUser")}
      </h3>
      {submitError ? <ErrorAlert error={submitError} /> : null}
      {created ? <Alert tone="success" title={t("admin.userCreated", { name: created.name })} /> : null}
      <div className="form-row">
        <Field label={t("admin.userName")} error={errorText("name")} required className="grow">
          {(control) => <input {...control} {...register("name")} type="text" autoComplete="off" />}
        </Field>
        <Field label={t("admin.userEmail")} error={errorText("email")} required className="grow">
          {(control) => <input {...control} {...register("email")} type="email" autoComplete="off" spellCheck={false} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t("admin.userPassword")} hint={t("admin.userPasswordHint", { count: limitOf(userCreateSchema, "password", "too_short") })} error={errorText("password")} required className="grow">
          {(control) => <input {...control} {...register("password")} type="password" autoComplete="new-password" />}
        </Field>
        <Field label={t("admin.userOrg")} error={errorText("orgId")} required className="grow">
          {(control) => (
            <select {...control} {...register("orgId")}>
              <OrgOptions orgs={orgs} blank={t("admin.userOrgPlaceholder")} />
            </select>
          )}
        </Field>
      </div>
      <div className="checkbox">
        <input id={`${titleId}-admin`} type="checkbox" {...register("isAdmin")} />
        <label htmlFor={`${titleId}-admin`}>{t("admin.userIsAdmin")}</label>
      </div>
      <div>
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? t("admin.creating") : t("admin.createUser")}
        </button>
      </div>
    </form>
  );
}
