// The two document title forms (rename in place, and the body of the "new document" dialog),
// loaded when first needed: they bring the domain's schemas (zod) and react-hook-form, which the
// documents list and the document page do not need to show.
import { useEffect, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { documentCreateSchema, documentRenameSchema } from "@taller/domain/inputs";
import { useCreateDocument, useRenameDocument, type DocumentKind, type ProjectDocument } from "../../api";
import { DialogFooter } from "../../components/Dialog";
import { Field } from "../../components/Field";
import { maxLengthOf, setServerIssues } from "../../forms/validation";
import { useSchemaForm } from "../../forms/useSchemaForm";
import { WorkspaceErrorAlert } from "./WorkspaceAlerts";

// The dialog asks only for the title; the kind comes from the button that opened it.
const newDocumentSchema = documentCreateSchema.pick({ title: true });

/** Renames a document in place; Escape or Cancel leaves it as it was. */
export function RenameDocumentForm({
  document,
  onRenamed,
  onDone,
}: {
  document: ProjectDocument;
  onRenamed: (document: ProjectDocument) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation("workspace");
  const form = useSchemaForm(documentRenameSchema, { defaultValues: { title: document.title } });
  const { setFocus } = form;
  const error = form.errorText("title");
  const [failure, setFailure] = useState<unknown>(null);
  const saving = form.formState.isSubmitting;
  const renameDocument = useRenameDocument();

  useEffect(() => setFocus("title", { shouldSelect: true }), [setFocus]);

  async function rename({ title }: { title: string }) {
    if (title === document.title) {
      onDone();
      return;
    }
    setFailure(null);
    try {
      const renamed = await renameDocument.mutateAsync({ documentId: document.id, title });
      onRenamed(renamed);
      onDone();
    } catch (caught) {
      setServerIssues(caught, form.setError, ["title"]);
      setFailure(caught);
    }
  }

  const save = (event: FormEvent<HTMLFormElement>) => form.handleSubmit(rename)(event);

  function handleKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      onDone();
    }
  }

  return (
    <form className="doc-rename" noValidate onSubmit={(event) => void save(event)} onKeyDown={handleKeyDown}>
      {failure && !error ? <WorkspaceErrorAlert error={failure} title={t("documents.renameError")} /> : null}
      <Field label={t("documents.newTitle", { title: document.title })} error={error} required>
        {(control) => (
          <input {...control} {...form.register("title")} type="text" maxLength={maxLengthOf(documentRenameSchema, "title")} autoComplete="off" />
        )}
      </Field>
      <div className="doc-rename-actions">
        <button type="submit" className="button button-primary button-small" disabled={saving}>
          {saving ? t("documents.saving") : t("documents.saveTitle")}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onDone}>
          {t("documents.cancel")}
        </button>
      </div>
    </form>
  );
}

/** The title asked by the "new document" dialog; a fresh form each time the dialog opens. */
export function NewDocumentForm({
  projectId,
  kind,
  onCreated,
  onClose,
}: {
  projectId: string;
  kind: DocumentKind;
  onCreated: (document: ProjectDocument) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation("workspace");
  const form = useSchemaForm(newDocumentSchema, { defaultValues: { title: "" } });
  const { setFocus } = form;
  const error = form.errorText("title");
  const [failure, setFailure] = useState<unknown>(null);
  const saving = form.formState.isSubmitting;
  const createDocument = useCreateDocument(projectId);

  // After the dialog's showModal, which runs in its parent's effect (after this one).
  useEffect(() => {
    const frame = requestAnimationFrame(() => setFocus("title"));
    return () => cancelAnimationFrame(frame);
  }, [setFocus]);

  async function create({ title }: { title: string }) {
    setFailure(null);
    try {
      const created = await createDocument.mutateAsync({ kind, title });
      onCreated(created);
      onClose();
    } catch (caught) {
      setServerIssues(caught, form.setError, ["title"]);
      setFailure(caught);
    }
  }

  const submit = (event: FormEvent<HTMLFormElement>) => form.handleSubmit(create)(event);

  return (
    <form className="form" noValidate onSubmit={(event) => void submit(event)}>
      <div className="dialog-body">
        <p className="muted">{kind === "text" ? t("documents.newTextIntro") : t("documents.newCanvasIntro")}</p>
        {failure && !error ? <WorkspaceErrorAlert error={failure} title={t("documents.createError")} /> : null}
        <Field label={t("documents.titleLabel")} hint={kind === "text" ? t("documents.titleHintText") : t("documents.titleHintCanvas")} error={error} required>
          {(control) => (
            <input {...control} {...form.register("title")} type="text" maxLength={maxLengthOf(documentCreateSchema, "title")} autoComplete="off" />
          )}
        </Field>
      </div>
      <DialogFooter onCancel={onClose} submitLabel={saving ? t("documents.creating") : t("documents.create")} busy={saving} />
    </form>
  );
}
