import { useEffect, useId, useMemo } from "react";
import { useEditor, type Extensions } from "@tiptap/react";

/**
 * The TipTap editor of a study-schema text on a collaborative session (a study, a meeting's
 * acta): the text box's accessible attributes, Alt+F10 to the toolbar, and editability and
 * attributes kept current without rebuilding the editor (it is built once per session).
 * Returns the ids its page wires: the text box, the toolbar, the read-only banner.
 */
export function useStudyTextEditor(input: {
  /** Built once per session by the caller (the session is the editor's identity). */
  extensions: Extensions;
  session: unknown;
  label: string;
  editable: boolean;
  /** When the person cannot write at all, the banner explaining why describes the text box. */
  canEdit: boolean;
  className: string;
}) {
  const { extensions, session, label, editable, canEdit, className } = input;
  const editorId = useId();
  const toolbarId = useId();
  const bannerId = useId();

  const attributes = useMemo(
    () => ({
      id: editorId,
      role: "textbox",
      "aria-multiline": "true",
      "aria-label": label,
      "aria-readonly": String(!editable),
      ...(canEdit ? {} : { "aria-describedby": bannerId }),
      class: className,
      // Read-only text stays reachable from the keyboard (to read it, select it and comment on it).
      ...(editable ? {} : { tabindex: "0" }),
      spellcheck: "true",
      lang: "es-MX",
    }),
    [editorId, label, editable, canEdit, bannerId, className],
  );

  const editor = useEditor(
    {
      extensions,
      editable,
      editorProps: {
        attributes,
        handleKeyDown: (_view, event) => {
          // Alt+F10: from the document to the toolbar (the usual shortcut in word processors).
          if (event.altKey && event.key === "F10") {
            window.document.getElementById(toolbarId)?.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
            return true;
          }
          return false;
        },
      },
    },
    [session],
  );

  useEffect(() => {
    if (editor.isDestroyed) return;
    editor.setOptions({ editable, editorProps: { ...editor.options.editorProps, attributes } });
  }, [editor, editable, attributes]);

  return { editor, editorId, toolbarId, bannerId };
}
