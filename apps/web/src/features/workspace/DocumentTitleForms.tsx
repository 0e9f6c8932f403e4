// The two document title forms (rename in place, and the body of the "new document" dialog),
// loaded when first needed: they bring the domain's schemas (zod) and react-hook-form, which the
// documents list and the document page do not need to show.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { documentCreateSchema, documentRenameSchema } from "@taller/domain/inputs";
import { useCreateDocument, useRenameDocument, type DocumentKind, type ProjectDocument } from "../../api";
import { DialogFooter } from "../../components/Dialog";
import { Field } from "../../components/Field";
import { maxLengthOf, setServerIssues } from "../../forms/validation";
import { useSchemaForm } from "../../forms/useSchemaForm";
import { WorkspaceErrorAlert } from "./WorkspaceAlerts";
import { duplicateOf } from "../../api/order";
import { DuplicateWarning } from "../order/DuplicateWarning";

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
  const { t: tApp } = useTranslation();
  const form = useSchemaForm(documentRenameSchema, { defaultValues: { title: document.title } });
  const { setFocus } = form;
  const error = form.errorText("title");
  const [failure, setFailure] = useState<unknown>(null);
  const saving = form.formState.isSubmitting;
  const renameDocument = useRenameDocument();
  // «Usar este título de todos modos» submits once more, with the confirmation.
  const confirming = useRef(false);

  useEffect(() => setFocus("title", { shouldSelect: true }), [setFocus]);

  async function rename({ title }: { title: string }) {
    const confirmDuplicate = confirming.current;
    confirming.current = false;
    if (title === document.title) {
      onDone();
      return;
    }
    setFailure(null);
    try {
      // A title already used in the project is answered `duplicate_name`: the warning asks first.
      const renamed = await renameDocument.mutateAsync({ documentId: document.id, title, confirmDuplicate });
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
      {duplicateOf(failure) !== undefined ? (
        <DuplicateWarning
          what="document"
          existing={duplicateOf(failure)!}
          confirmLabel={tApp("order.duplicate.renameAnyway")}
          busy={saving}
          onConfirm={() => {
            confirming.current = true;
            void form.handleSubmit(rename)();
          }}
          onChangeName={() => {
            setFailure(null);
            setFocus("title", { shouldSelect: true });
          }}
        />
      ) : failure && !error ? (
        <WorkspaceErrorAlert error={failure} title={t("documents.renameError")} />
      ) : null}
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
  // «Crear de todos modos» submits once more, with the confirmation.
  const confirming = useRef(false);

  // After the dialog's showModal, which runs in its parent's effect (after this one).
  useEffect(() => {
    const frame = requestAnimationFrame(() => setFocus("title"));
    return () => cancelAnimationFrame(frame);
  }, [setFocus]);

  async function create({ title }: { title: string }) {
    const confirmDuplicate = confirming.current;
    confirming.current = false;
    setFailure(null);
    try {
      // A title already used in the project is answered `duplicate_name`: the warning asks first.
      const created = await createDocument.mutateAsync({ kind, title, ...(confirmDuplicate ? { confirmDuplicate } : {}) });
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
        {duplicateOf(failure) !== undefined ? (
          <DuplicateWarning
            what="document"
            existing={duplicateOf(failure)!}
            busy={saving}
            onConfirm={() => {
              confirming.current = true;
              void form.handleSubmit(create)();
            }}
            onChangeName={() => {
              setFailure(null);
              setFocus("title", { shouldSelect: true });
            }}
          />
        ) : failure && !error ? (
          <WorkspaceErrorAlert error={failure} title={t("documents.createError")} />
        ) : null}
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
