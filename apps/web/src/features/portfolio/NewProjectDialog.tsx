import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, projectKinds, useCreateProject, type NewProject, type OrgRef, type Project, type ProjectKind } from "../../api";
import { ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";

type Props = { orgs: OrgRef[] | undefined; onCreated: (project: Project) => void };

type Draft = { name: string; kind: ProjectKind | ""; leadOrgId: string; description: string; amount: string };
type DraftErrors = Partial<Record<keyof Draft, string>>;

const emptyDraft: Draft = { name: "", kind: "", leadOrgId: "", description: "", amount: "" };

/** Parses "12,500,000", "$ 12 500 000.50" or "" (→ null); undefined means "not a valid amount". */
export function parseAmount(text: string): number | null | undefined {
  const cleaned = text.replace(/[\s,$]/g, "");
  if (!cleaned) return null;
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

/**
 * "Nuevo proyecto": a native modal <dialog>, which gives focus containment, Escape to close and
 * focus return to the opening button without extra code. Client checks mirror the server's
 * required fields; the server's own validation messages are shown beside the same fields.
 */
export function NewProjectDialog({ orgs, onCreated }: Props) {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const kindRef = useRef<HTMLSelectElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const introId = useId();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const createProject = useCreateProject();

  function open() {
    setDraft(emptyDraft);
    setErrors({});
    setSubmitError(null);
    dialogRef.current?.showModal();
  }

  function close() {
    dialogRef.current?.close();
  }

  function update<K extends keyof Draft>(key: K, value: Draft[K]) {
    setDraft((current) => ({ ...current, [key]: value }));
    // Clear a field's error as soon as it is edited; it is re-checked on submit.
    setErrors((current) => (current[key] ? { ...current, [key]: undefined } : current));
  }

  function validate(): { errors: DraftErrors; project?: NewProject } {
    const found: DraftErrors = {};
    const name = draft.name.trim();
    if (!name) found.name = t("newProject.nameRequired");
    else if (name.length < 3) found.name = t("newProject.nameTooShort");
    if (!draft.kind) found.kind = t("newProject.kindRequired");
    const amount = parseAmount(draft.amount);
    if (amount === undefined) found.amount = t("newProject.amountInvalid");
    if (Object.keys(found).length > 0 || !draft.kind || amount === undefined) return { errors: found };
    const project: NewProject = { name, kind: draft.kind };
    if (draft.leadOrgId) project.leadOrgId = draft.leadOrgId;
    if (draft.description.trim()) project.description = draft.description.trim();
    if (amount !== null) project.estimatedAmountMxn = amount;
    return { errors: found, project };
  }

  function focusFirstError(found: DraftErrors) {
    if (found.name) nameRef.current?.focus();
    else if (found.kind) kindRef.current?.focus();
    else if (found.amount) amountRef.current?.focus();
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { errors: found, project } = validate();
    setErrors(found);
    setSubmitError(null);
    if (!project) {
      focusFirstError(found);
      return;
    }
    setSubmitting(true);
    try {
      const created = await createProject.mutateAsync(project);
      close();
      onCreated(created);
    } catch (error) {
      const server = fieldErrorsOf(error);
      const serverErrors: DraftErrors = {
        name: server.name,
        kind: server.kind,
        leadOrgId: server.leadOrgId,
        description: server.description,
        amount: server.estimatedAmountMxn,
      };
      setErrors(serverErrors);
      setSubmitError(error);
      focusFirstError(serverErrors);
    } finally {
      setSubmitting(false);
    }
  }

  const errorCount = Object.values(errors).filter(Boolean).length;

  return (
    <>
      <button type="button" className="button button-primary" onClick={open} aria-haspopup="dialog">
        <span aria-hidden="true" className="button-icon">
          +
        </span>
        {t("portfolio.newProject")}
      </button>
      <dialog ref={dialogRef} className="dialog" aria-labelledby={titleId} aria-describedby={introId}>
        <form className="form" noValidate onSubmit={(event) => void handleSubmit(event)}>
          <header className="dialog-header">
            <h2 id={titleId}>{t("newProject.title")}</h2>
            <button type="button" className="button button-icon-only" onClick={close} aria-label={t("common.close")}>
              <span aria-hidden="true">×</span>
            </button>
          </header>
          <div className="dialog-body">
            <p id={introId} className="muted">
              {t("newProject.intro")}
            </p>
            {submitError ? (
              <ErrorAlert error={submitError} />
            ) : errorCount > 0 ? (
              <p className="form-summary" role="alert">
                {t("common.fixErrors", { count: errorCount })}
              </p>
            ) : null}
            <Field label={t("newProject.name")} hint={t("newProject.nameHint")} error={errors.name} required>
              {(control) => (
                <input
                  {...control}
                  ref={nameRef}
                  type="text"
                  name="name"
                  autoComplete="off"
                  maxLength={200}
                  value={draft.name}
                  onChange={(event) => update("name", event.target.value)}
                />
              )}
            </Field>
            <Field label={t("newProject.kind")} error={errors.kind} required>
              {(control) => (
                <select
                  {...control}
                  ref={kindRef}
                  name="kind"
                  value={draft.kind}
                  onChange={(event) => update("kind", projectKinds.find((kind) => kind === event.target.value) ?? "")}
                >
                  <option value="">{t("newProject.kindPlaceholder")}</option>
                  {projectKinds.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`kinds.${kind}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("newProject.leadOrg")} error={errors.leadOrgId} optional>
              {(control) => (
                <select {...control} name="leadOrgId" value={draft.leadOrgId} onChange={(event) => update("leadOrgId", event.target.value)}>
                  <option value="">{t("newProject.leadOrgNone")}</option>
                  {(orgs ?? []).map((org) => (
                    <option key={org.id} value={org.id}>
                      {org.shortName === org.name ? org.name : `${org.shortName} — ${org.name}`}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("newProject.description")} error={errors.description} optional>
              {(control) => (
                <textarea
                  {...control}
                  name="description"
                  rows={3}
                  value={draft.description}
                  onChange={(event) => update("description", event.target.value)}
                />
              )}
            </Field>
            <Field label={t("newProject.amount")} hint={t("newProject.amountHint")} error={errors.amount} optional>
              {(control) => (
                <input
                  {...control}
                  ref={amountRef}
                  type="text"
                  name="estimatedAmountMxn"
                  inputMode="decimal"
                  autoComplete="off"
                  value={draft.amount}
                  onChange={(event) => update("amount", event.target.value)}
                />
              )}
            </Field>
          </div>
          <footer className="dialog-footer">
            <button type="button" className="button button-secondary" onClick={close}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="button button-primary" disabled={submitting}>
              {submitting ? t("newProject.submitting") : t("newProject.submit")}
            </button>
          </footer>
        </form>
      </dialog>
    </>
  );
}
