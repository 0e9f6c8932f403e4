import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, fieldErrorsOf, useCreateOrg, type OrgRef } from "../../api";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";

type Errors = { name?: string | undefined; shortName?: string | undefined };

/** A new organization; the admin page's list (and every other one) gets it from the mutation. */
export function NewOrgForm() {
  const { t } = useTranslation();
  const titleId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const shortNameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [shortName, setShortName] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [created, setCreated] = useState<OrgRef | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const createOrg = useCreateOrg();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    setSubmitError(null);
    const found: Errors = {};
    if (name.trim().length < 2) found.name = t("admin.orgNameRequired");
    if (shortName.trim().length < 2) found.shortName = t("admin.orgShortNameRequired");
    setErrors(found);
    if (found.name || found.shortName) {
      (found.name ? nameRef : shortNameRef).current?.focus();
      return;
    }
    setSubmitting(true);
    try {
      const org = await createOrg.mutateAsync({ name: name.trim(), shortName: shortName.trim() });
      setCreated(org);
      setName("");
      setShortName("");
    } catch (error) {
      const server = fieldErrorsOf(error);
      const shortNameTaken = error instanceof ApiError && error.code === "short_name_taken";
      const serverErrors: Errors = {
        name: server.name,
        shortName: shortNameTaken ? t("errors.short_name_taken") : server.shortName,
      };
      setErrors(serverErrors);
      setSubmitError(error);
      if (serverErrors.name || serverErrors.shortName) (serverErrors.name ? nameRef : shortNameRef).current?.focus();
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form className="form subform" noValidate aria-labelledby={titleId} onSubmit={(event) => void handleSubmit(event)}>
      <h3 id={titleId} className="subheading">
        {t("admin.newOrg")}
      </h3>
      {submitError ? <ErrorAlert error={submitError} /> : null}
      {created ? <Alert tone="success" title={t("admin.orgCreated", { name: created.name })} /> : null}
      <div className="form-row">
        <Field label={t("admin.orgName")} hint={t("admin.orgNameHint")} error={errors.name} required className="grow">
          {(control) => (
            <input {...control} ref={nameRef} type="text" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label={t("admin.orgShortName")} hint={t("admin.orgShortNameHint")} error={errors.shortName} required>
          {(control) => (
            <input
              {...control}
              ref={shortNameRef}
              type="text"
              autoComplete="off"
              maxLength={30}
              size={10}
              value={shortName}
              onChange={(e) => setShortName(e.target.value)}
            />
          )}
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
