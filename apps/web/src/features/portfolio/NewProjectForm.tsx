import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { projectCreateSchema, type ProjectCreateInput } from "@taller/domain/inputs";
import { projectKinds, useCreateProject, type OrgRef, type Project } from "../../api";
import { ErrorAlert } from "../../components/Alert";
import { DialogFooter } from "../../components/Dialog";
import { Field } from "../../components/Field";
import { Options, OrgOptions } from "../../components/Options";
import { maxLengthOf, setServerIssues } from "../../forms/validation";
import { focusFirstInvalid } from "../../forms/focus";
import { useSchemaForm } from "../../forms/useSchemaForm";
import { duplicateOf } from "../../api/order";
import { DuplicateWarning } from "../order/DuplicateWarning";
import { bodyFromNewProject, emptyNewProject, newProjectRequest, type NewProjectDraft } from "../workspace/projectForm";

const fields = ["name", "kind", "leadOrgId", "description", "estimatedAmountMxn"] as const;

type Props = { intro: ReactNode; orgs: OrgRef[] | undefined; onCreated: (project: Project) => void; onClose: () => void };

/**
 * The "Nuevo proyecto" form, loaded when the dialog first opens: it brings the domain's project
 * schema (zod) and react-hook-form, which the portfolio does not need until then. The draft is
 * checked with the schema the server uses; the first invalid field gets focus, and the server's
 * issues land beside the same fields.
 */
export function NewProjectForm({ intro, orgs, onCreated, onClose }: Props) {
  const { t } = useTranslation();
  const form = useSchemaForm(projectCreateSchema, { defaultValues: emptyNewProject, toInput: bodyFromNewProject });
  const { register, errorText } = form;
  const errors = form.formState.errors;
  const [submitError, setSubmitError] = useState<unknown>(null);
  const submitting = form.formState.isSubmitting;
  const createProject = useCreateProject();
  const formRef = useRef<HTMLFormElement>(null);

  const create = (parsed: ProjectCreateInput) => send(parsed, false);

  async function send(parsed: ProjectCreateInput, confirmDuplicate: boolean) {
    setSubmitError(null);
    try {
      // A name already in the portfolio is answered `duplicate_name`: the warning below asks, and
      // «Crear de todos modos» sends the same project again with the confirmation.
      const created = await createProject.mutateAsync({ ...newProjectRequest(parsed), ...(confirmDuplicate ? { confirmDuplicate } : {}) });
      onClose();
      onCreated(created);
    } catch (error) {
      setSubmitError(error);
      // The server's issues land on their fields: the first one gets focus and is scrolled to
      // once the errors are on screen.
      if (setServerIssues<NewProjectDraft>(error, form.setError, fields)) requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    }
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => form.handleSubmit(create, () => setSubmitError(null))(event);
  const errorCount = fields.filter((field) => errors[field]).length;
  const duplicate = duplicateOf(submitError);

  return (
    <form ref={formRef} className="form" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <div className="dialog-body">
        {intro}
        {duplicate !== undefined ? (
          <DuplicateWarning
            what="project"
            existing={duplicate}
            busy={submitting}
            onConfirm={() => void form.handleSubmit((parsed) => send(parsed, true))()}
            onChangeName={() => {
              setSubmitError(null);
              form.setFocus("name", { shouldSelect: true });
            }}
          />
        ) : submitError ? (
          <ErrorAlert error={submitError} />
        ) : errorCount > 0 ? (
          <p className="form-summary" role="alert">
            {t("common.fixErrors", { count: errorCount })}
          </p>
        ) : null}
        <Field label={t("newProject.name")} hint={t("newProject.nameHint")} error={errorText("name")} required>
          {(control) => (
            <input {...control} {...register("name")} type="text" autoComplete="off" maxLength={maxLengthOf(projectCreateSchema, "name")} />
          )}
        </Field>
        <Field label={t("newProject.kind")} error={errorText("kind")} required>
          {(control) => (
            <select {...control} {...register("kind")}>
              <Options values={projectKinds} label={(kind) => t(`kinds.${kind}`)} blank={t("newProject.kindPlaceholder")} />
            </select>
          )}
        </Field>
        <Field label={t("newProject.leadOrg")} error={errorText("leadOrgId")} optional>
          {(control) => (
            <select {...control} {...register("leadOrgId")}>
              <OrgOptions orgs={orgs} blank={t("newProject.leadOrgNone")} />
            </select>
          )}
        </Field>
        <Field label={t("newProject.description")} error={errorText("description")} optional>
          {(control) => <textarea {...control} {...register("description")} rows={3} />}
        </Field>
        <Field label={t("newProject.amount")} hint={t("newProject.amountHint")} error={errorText("estimatedAmountMxn")} optional>
          {(control) => <input {...control} {...register("estimatedAmountMxn")} type="text" inputMode="decimal" autoComplete="off" />}
        </Field>
      </div>
      <DialogFooter onCancel={onClose} submitLabel={submitting ? t("newProject.submitting") : t("newProject.submit")} busy={submitting} />
    </form>
  );
}
