import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import { DialogFooter, DialogHeader } from "../../components/Dialog";
import { Field } from "../../components/Field";
import { normalizeLinkUrl } from "./links";

type Props = { editor: Editor; onClose: () => void };

/**
 * "Enlace": a native modal dialog (focus containment, Escape, labelled) to set, change or remove
 * the link on the selection. Only http, https and mailto addresses are accepted. Mounted only
 * while open, so it starts from the link under the cursor every time.
 */
export function LinkDialog({ editor, onClose }: Props) {
  const { t } = useTranslation("editor");
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const introId = useId();
  const [current] = useState(() => {
    const href: unknown = editor.getAttributes("link").href;
    return typeof href === "string" ? href : "";
  });
  const [url, setUrl] = useState(current);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!url.trim()) {
      setError(t("link.required"));
      return;
    }
    const href = normalizeLinkUrl(url);
    if (!href) {
      setError(t("link.invalid"));
      return;
    }
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive("link")) {
      // Nothing selected: the address itself becomes the linked text.
      editor.chain().focus().insertContent({ type: "text", text: href.replace(/^mailto:/, ""), marks: [{ type: "link", attrs: { href } }] }).run();
    } else {
      editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
    }
    dialogRef.current?.close();
  }

  function removeLink() {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    dialogRef.current?.close();
  }

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={titleId} aria-describedby={introId} onClose={onClose}>
      <form className="form" noValidate onSubmit={handleSubmit}>
        <DialogHeader titleId={titleId} title={t("link.title")} onClose={() => dialogRef.current?.close()} />
        <div className="dialog-body">
          <p id={introId} className="muted">
            {t("link.intro")}
          </p>
          <Field label={t("link.url")} hint={t("link.urlHint")} error={error} required>
            {(control) => (
              <input
                {...control}
                type="text"
                inputMode="url"
                name="url"
                autoComplete="url"
                spellCheck={false}
                autoFocus
                value={url}
                onChange={(event) => {
                  setUrl(event.target.value);
                  setError(undefined);
                }}
              />
            )}
          </Field>
        </div>
        <DialogFooter onCancel={() => dialogRef.current?.close()} submitLabel={t("link.apply")}>
          {current ? (
            <button type="button" className="button button-ghost study-dialog-start" onClick={removeLink}>
              {t("link.remove")}
            </button>
          ) : null}
        </DialogFooter>
      </form>
    </dialog>
  );
}
