// A study version's text, read-only: the same TipTap extensions as the editor (so it looks the
// same and the schema is the same), built from the stored ProseMirror JSON, not editable but
// selectable and reachable from the keyboard. Its own chunk (TipTap is large).
import "../editor/editor.css";
import { useMemo } from "react";
import { EditorContent, useEditor } from "@tiptap/react";
import { studyExtensions } from "@taller/editor-schema";
import { withVersionControlView } from "./VersionControlView";

export default function ReadOnlyStudy({ content, label, documentId }: { content: unknown; label: string; documentId: string }) {
  const extensions = useMemo(() => withVersionControlView(studyExtensions(), documentId), [documentId]);
  const editor = useEditor(
    {
      extensions,
      content: content as Record<string, unknown>,
      editable: false,
      editorProps: {
        attributes: { class: "study-prose", role: "textbox", "aria-multiline": "true", "aria-label": label, "aria-readonly": "true", tabindex: "0", lang: "es-MX" },
      },
    },
    [content, extensions],
  );
  return (
    <article className="study-page version-study">
      <EditorContent editor={editor} />
    </article>
  );
}
