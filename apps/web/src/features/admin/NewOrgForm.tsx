import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { organizationCreateSchema } from "@taller/domain/inputs";
import { ApiError, useCreateOrg, type OrgRef } from "../../api";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { maxLengthOf, setServerIssues } from "../../forms/validation";
import { useSchemaForm } from "../../forms/useSchemaForm";

type Draft = { name: string; shortName: string };
const emptyDraft: Draft = { name: "", shortName: "" };

/** A new organization; the admin page's list (and every other one) gets it from the mutation. */
export function NewOrgForm() {
  const { t } = useTranslation();
  const titleId = useId();
  const form = useSchemaForm(organizationCreateSchema, { defaultValues: emptyDraft });
  const { register, setError, errorText } = form;
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [created, setCreated] = useState<OrgRef | null>(null);
  const createOrg = useCreateOrg();

  function clearOutcome() {
    setCreated(null);
    setSubmitError(null);
  }

  // Checked with the domain's schema first (the first invalid field gets focus); the server's
  // issues land on the same fields.
  const handleSubmit = form.handleSubmit(async (input) => {
    clearOutcome();
    try {
      const org = await createOrg.mutateAsync(input);
      setCreated(org);
      form.reset(emptyDraft);
    } catch (error) {
      setSubmitError(error);
      if (error instanceof ApiError && error.code === "short_name_taken") {
        setError("shortName", { type: "server", message: error.code }, { shouldFocus: true });
      } else {
        setServerIssues(error, setError, ["name", "shortName"]);
      }
    }
  }, clearOutcome);
  const submitting = form.formState.isSubmitting;

  return (
    <form className="form subform" noValidate aria-labelledby={titleId} onSubmit={(event) => void handleSubmit(event)}>
      <h3 id={titleId} className="subheading">
        {t("admin.newOrg")}
      </h3>
      {submitError ? <ErrorAlert error={submitError} /> : null}
      {created ? <Alert tone="success" title={t("admin.orgCreated", { name: created.name })} /> : null}
      <div className="form-row">
        <Field label={t("admin.orgName")} hint={t("admin.orgNameHint")} error={errorText("name")} required className="grow">
          {(control) => <input {...control} {...register("name")} type="text" autoComplete="off" />}
        </Field>
        <Field label={t("admin.orgShortName")} hint={t("admin.orgShortNameHint")} error={errorText("shortName")} required>
          {(control) => <input {...control} {...register("shortName")} type="text" autoComplete="off" maxLength={maxLengthOf(organizationCreateSchema, "shortName")} size={10} />}
        </Field>
      </div>
      <div>
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? t("admin.creating") : t("admin.createOrg")}
        </button>
      </div>
    </form>
  );
}
