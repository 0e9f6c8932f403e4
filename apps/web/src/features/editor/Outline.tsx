import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useEditorState, type Editor } from "@tiptap/react";

type Heading = { level: number; text: string; pos: number };

function readOutline(editor: Editor): { headings: Heading[]; current: number } {
  const headings: Heading[] = [];
  const { from } = editor.state.selection;
  let current = -1;
  editor.state.doc.forEach((node, offset) => {
    if (node.type.name !== "heading") return;
    headings.push({ level: Number(node.attrs.level) || 1, text: node.textContent, pos: offset });
    if (offset <= from) current = headings.length - 1;
  });
  return { headings, current };
}

/**
 * The document's sections, live: every top-level heading, indented by level. Choosing one puts
 * the cursor at the start of that heading (when editing) and scrolls it to the top, below the
 * sticky toolbar (scroll-margin-top from --study-bar-height).
 */
export function Outline({ editor, onNavigate }: { editor: Editor; onNavigate?: () => void }) {
  const { t } = useTranslation("editor");
  const titleId = useId();
  const { headings, current } = useEditorState({ editor, selector: ({ editor: live }) => readOutline(live) });

  function goTo(pos: number) {
    const node = editor.state.doc.nodeAt(pos);
    if (!node || node.type.name !== "heading") return;
    // In the drawer: close it first (synchronously), or the modal dialog would keep the text inert.
    onNavigate?.();
    if (editor.isEditable) {
      editor.chain().setTextSelection(pos + 1).focus(null, { scrollIntoView: false }).run();
    }
    const dom = editor.view.nodeDOM(pos);
    if (dom instanceof HTMLElement) {
      const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      dom.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
    }
  }

  return (
    <nav className="study-outline" aria-labelledby={titleId}>
      <h2 id={titleId} className="study-side-title">
        {t("outline.title")}
      </h2>
      {headings.length === 0 ? (
        <p className="muted small">{t("outline.empty")}</p>
      ) : (
        <ol className="study-outline-list">
          {headings.map((heading, index) => (
            <li key={`${index}-${heading.pos}`} className={`study-outline-item level-${Math.min(heading.level, 3)}`}>
              <button
                type="button"
                className="study-outline-link"
                aria-current={index === current ? "location" : undefined}
                onClick={() => goTo(heading.pos)}
              >
                {heading.text.trim() || "—"}
              </button>
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
}
