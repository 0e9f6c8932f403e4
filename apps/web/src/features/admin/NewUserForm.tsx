import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, fieldErrorsOf, useCreateUser, type AdminUser, type OrgRef } from "../../api";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";

type Draft = { name: string; email: string; password: string; orgId: string; isAdmin: boolean };
type Errors = Partial<Record<"name" | "email" | "password" | "orgId", string | undefined>>;

const emptyDraft: Draft = { name: "", email: "", password: "", orgId: "", isAdmin: false };
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Mirrors the server's PASSWORD_MIN_LENGTH (apps/server/src/auth/password.ts).
const minPasswordLength = 12;

/** A new account; the admin page's list gets it from the mutation. */
export function NewUserForm({ orgs }: { orgs: OrgRef[] }) {
  const { t } = useTranslation();
  const titleId = useId();
  const refs = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    orgId: useRef<HTMLSelectElement>(null),
  };
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<Errors>({});
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [created, setCreated] = useState<AdminUser | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const createUser = useCreateUser();

  function update<K extends keyof Draft>(key: K, value: Draft[K]) {
    setDraft((current) => ({ ...current, [key]: value }));
  }

  function focusFirst(found: Errors) {
    const first = (["name", "email", "password", "orgId"] as const).find((key) => found[key]);
    if (first) refs[first].current?.focus();
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    setSubmitError(null);
    const found: Errors = {};
    if (draft.name.trim().length < 2) found.name = t("admin.userNameRequired");
    if (!emailPattern.test(draft.email.trim())) found.email = t("admin.userEmailInvalid");
    if (draft.password.length < minPasswordLength) found.password = t("admin.userPasswordTooShort");
    if (!draft.orgId) found.orgId = t("admin.userOrgRequired");
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      focusFirst(found);
      return;
    }
    setSubmitting(true);
    try {
      const user = await createUser.mutateAsync({
        name: draft.name.trim(),
        email: draft.email.trim(),
        password: draft.password,
        orgId: draft.orgId,
        isAdmin: draft.isAdmin,
      });
      setCreated(user);
      setDraft(emptyDraft);
    } catch (error) {
      const server = fieldErrorsOf(error);
      const emailTaken = error instanceof ApiError && error.code === "email_taken";
      const serverErrors: Errors = {
        name: server.name,
        email: emailTaken ? t("errors.email_taken") : server.email,
        password: server.password,
        orgId: server.orgId,
      };
      setErrors(serverErrors);
      setSubmitError(error);
      focusFirst(serverErrors);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form className="form subform" noValidate aria-labelledby={titleId} onSubmit={(event) => void handleSubmit(event)}>
      <h3 id={titleId} className="subheading">
        {t("admin.newUser")}
      </h3>
      {submitError ? <ErrorAlert error={submitError} /> : null}
      {created ? <Alert tone="success" title={t("admin.userCreated", { name: created.name })} /> : null}
      <div className="form-row">
        <Field label={t("admin.userName")} error={errors.name} required className="grow">
          {(control) => (
            <input
              {...control}
              ref={refs.name}
              type="text"
              autoComplete="off"
              value={draft.name}
              onChange={(e) => update("name", e.target.value)}
            />
          )}
        </Field>
        <Field label={t("admin.userEmail")} error={errors.email} required className="grow">
          {(control) => (
            <input
              {...control}
              ref={refs.email}
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={draft.email}
              onChange={(e) => update("email", e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t("admin.userPassword")} hint={t("admin.userPasswordHint")} error={errors.password} required className="grow">
          {(control) => (
            <input
              {...control}
              ref={refs.password}
              type="password"
              autoComplete="new-password"
              value={draft.password}
              onChange={(e) => update("password", e.target.value)}
            />
          )}
        </Field>
        <Field label={t("admin.userOrg")} error={errors.orgId} required className="grow">
          {(control) => (
            <select {...control} ref={refs.orgId} value={draft.orgId} onChange={(e) => update("orgId", e.target.value)}>
              <option value="">{t("admin.userOrgPlaceholder")}</option>
              {orgs.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.shortName === org.name ? org.name : `${org.shortName} — ${org.name}`}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="checkbox">
        <input
          id={`${titleId}-admin`}
          type="checkbox"
          checked={draft.isAdmin}
          onChange={(e) => update("isAdmin", e.target.checked)}
        />
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
