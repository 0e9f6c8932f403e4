import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import { api } from "../../api";
import { ErrorAlert } from "../../components/Alert";
import { DialogFooter, DialogHeader } from "../../components/Dialog";
import { Field } from "../../components/Field";

const ACCEPTED = ["image/png", "image/jpeg", "image/gif", "image/webp"];
/** The server's limit (apps/server MAX_ASSET_BYTES). */
const MAX_BYTES = 10 * 1024 * 1024;

type Props = { editor: Editor; documentId: string; onClose: () => void };
type Errors = { file?: string | undefined; alt?: string | undefined };

/**
 * "Insertar imagen": the file is uploaded to the server (api.documents.uploadAsset) and the
 * document stores only the returned URL with the alternative text the person wrote; images are
 * never embedded as data URLs. The server checks the real type and the size again.
 */
export function ImageDialog({ editor, documentId, onClose }: Props) {
  const { t } = useTranslation("editor");
  const dialogRef = useRef<HTMLDialogElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const altRef = useRef<HTMLTextAreaElement>(null);
  const closedRef = useRef(false);
  const titleId = useId();
  const introId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function checkFile(candidate: File | null): string | undefined {
    if (!candidate) return t("image.fileRequired");
    if (!ACCEPTED.includes(candidate.type)) return t("image.fileType");
    if (candidate.size > MAX_BYTES) return t("image.fileTooLarge");
    return undefined;
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = { file: checkFile(file), alt: alt.trim() ? undefined : t("image.altRequired") };
    setErrors(found);
    setUploadError(null);
    if (found.file || !file) {
      fileRef.current?.focus();
      return;
    }
    if (found.alt) {
      altRef.current?.focus();
      return;
    }
    setUploading(true);
    try {
      const { url } = await api.documents.uploadAsset(documentId, file);
      if (closedRef.current || editor.isDestroyed) return;
      editor.chain().focus().setImage({ src: url, alt: alt.trim() }).run();
      dialogRef.current?.close();
    } catch (error) {
      setUploadError(error);
    } finally {
      setUploading(false);
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onClose={() => {
        closedRef.current = true;
        onClose();
      }}
    >
      <form className="form" noValidate onSubmit={(event) => void handleSubmit(event)} aria-busy={uploading || undefined}>
        <DialogHeader titleId={titleId} title={t("image.title")} onClose={() => dialogRef.current?.close()} />
        <div className="dialog-body">
          <p id={introId} className="muted">
            {t("image.intro")}
          </p>
          {uploadError ? <ErrorAlert error={uploadError} title={t("image.failed")} /> : null}
          <Field label={t("image.file")} hint={t("image.fileHint")} error={errors.file} required>
            {(control) => (
              <input
                {...control}
                ref={fileRef}
                type="file"
                name="file"
                className="study-file-input"
                accept={ACCEPTED.join(",")}
                onChange={(event) => {
                  const chosen = event.target.files?.[0] ?? null;
                  setFile(chosen);
                  setErrors((current) => ({ ...current, file: chosen ? checkFile(chosen) : undefined }));
                }}
              />
            )}
          </Field>
          <Field label={t("image.alt")} hint={t("image.altHint")} error={errors.alt} required>
            {(control) => (
              <textarea
                {...control}
                ref={altRef}
                name="alt"
                rows={2}
                maxLength={500}
                value={alt}
                onChange={(event) => {
                  setAlt(event.target.value);
                  setErrors((current) => ({ ...current, alt: undefined }));
                }}
              />
            )}
          </Field>
          {uploading ? (
            <p role="status" className="study-uploading">
              <span className="spinner" aria-hidden="true" /> {t("image.uploading")}
            </p>
          ) : null}
        </div>
        <DialogFooter onCancel={() => dialogRef.current?.close()} submitLabel={t("image.insert")} busy={uploading} />
      </form>
    </dialog>
  );
}
