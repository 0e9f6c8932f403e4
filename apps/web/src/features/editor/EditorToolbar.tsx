import { Fragment, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useEditorState, type Editor } from "@tiptap/react";
import { icons } from "./icons";

type Item = {
  id: string;
  label: string;
  content: ReactNode;
  /** Present for toggles (aria-pressed); absent for actions. */
  pressed?: boolean;
  disabled: boolean;
  /** Opens a dialog (aria-haspopup). */
  dialog?: boolean;
  run: () => void;
};

type Group = { id: string; label: string; items: Item[] };

/** What the toolbar shows, read from the editor on every transaction. */
function toolbarState(editor: Editor) {
  const can = editor.can();
  return {
    paragraph: editor.isActive("paragraph"),
    h1: editor.isActive("heading", { level: 1 }),
    h2: editor.isActive("heading", { level: 2 }),
    h3: editor.isActive("heading", { level: 3 }),
    bold: editor.isActive("bold"),
    italic: editor.isActive("italic"),
    strike: editor.isActive("strike"),
    code: editor.isActive("code"),
    bulletList: editor.isActive("bulletList"),
    orderedList: editor.isActive("orderedList"),
    blockquote: editor.isActive("blockquote"),
    link: editor.isActive("link"),
    inTable: editor.isActive("table"),
    canParagraph: can.setParagraph(),
    canHeading: can.setHeading({ level: 2 }),
    canBold: can.toggleBold(),
    canItalic: can.toggleItalic(),
    canStrike: can.toggleStrike(),
    canCode: can.toggleCode(),
    canBulletList: can.toggleBulletList(),
    canOrderedList: can.toggleOrderedList(),
    canBlockquote: can.toggleBlockquote(),
    canLink: can.setLink({ href: "https://example.org" }) || editor.isActive("link"),
    canImage: can.setImage({ src: "/api/assets/x" }),
    canInsertTable: can.insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
    canInsertVersionControl: can.insertVersionControl(),
    canAddRow: can.addRowAfter(),
    canDeleteRow: can.deleteRow(),
    canAddColumn: can.addColumnAfter(),
    canDeleteColumn: can.deleteColumn(),
    canDeleteTable: can.deleteTable(),
    canUndo: can.undo(),
    canRedo: can.redo(),
  };
}

type Props = {
  editor: Editor;
  id: string;
  /** Controls stay visible but inert until the document is loaded. */
  disabled: boolean;
  editorId: string;
  onOpenLink: () => void;
  /** Without it there is no image button (a meeting's acta has no document to upload images to). */
  onOpenImage?: (() => void) | undefined;
  /** Without the «control de versiones» block (it lists a document's versions; an acta has none). */
  versionControl?: boolean;
};

/**
 * The formatting toolbar (WAI-ARIA toolbar pattern): one tab stop, arrow keys move between
 * buttons, Home/End jump to the ends; toggles expose aria-pressed. Unavailable buttons stay
 * focusable with aria-disabled, so the toolbar's layout and keyboard order never shift.
 * Alt+F10 in the document moves focus here (see StudyEditor).
 */
export function EditorToolbar({ editor, id, disabled, editorId, onOpenLink, onOpenImage, versionControl = true }: Props) {
  const { t } = useTranslation("editor");
  const state = useEditorState({ editor, selector: ({ editor: current }) => toolbarState(current) });
  const [activeId, setActiveId] = useState("paragraph");
  const toolbarRef = useRef<HTMLDivElement>(null);

  const chain = () => editor.chain().focus();
  const groups: Group[] = [
    {
      id: "block",
      label: t("toolbar.groupBlock"),
      items: [
        {
          id: "paragraph",
          label: t("toolbar.paragraph"),
          content: <span className="study-glyph">¶</span>,
          pressed: state.paragraph,
          disabled: !state.canParagraph,
          run: () => chain().setParagraph().run(),
        },
        ...([1, 2, 3] as const).map((level) => ({
          id: `h${level}`,
          label: t("toolbar.heading", { level }),
          content: <span className="study-glyph">{`H${level}`}</span>,
          pressed: state[`h${level}`],
          disabled: !state.canHeading,
          run: () => chain().toggleHeading({ level }).run(),
        })),
      ],
    },
    {
      id: "inline",
      label: t("toolbar.groupInline"),
      items: [
        { id: "bold", label: t("toolbar.bold"), content: <b className="study-glyph">B</b>, pressed: state.bold, disabled: !state.canBold, run: () => chain().toggleBold().run() },
        { id: "italic", label: t("toolbar.italic"), content: <i className="study-glyph study-glyph-serif">I</i>, pressed: state.italic, disabled: !state.canItalic, run: () => chain().toggleItalic().run() },
        { id: "strike", label: t("toolbar.strike"), content: <s className="study-glyph">S</s>, pressed: state.strike, disabled: !state.canStrike, run: () => chain().toggleStrike().run() },
        { id: "code", label: t("toolbar.code"), content: <code className="study-glyph">{"</>"}</code>, pressed: state.code, disabled: !state.canCode, run: () => chain().toggleCode().run() },
        { id: "link", label: t("toolbar.link"), content: icons.link, pressed: state.link, disabled: !state.canLink, dialog: true, run: onOpenLink },
      ],
    },
    {
      id: "lists",
      label: t("toolbar.groupLists"),
      items: [
        { id: "bulletList", label: t("toolbar.bulletList"), content: icons.bulletList, pressed: state.bulletList, disabled: !state.canBulletList, run: () => chain().toggleBulletList().run() },
        { id: "orderedList", label: t("toolbar.orderedList"), content: icons.orderedList, pressed: state.orderedList, disabled: !state.canOrderedList, run: () => chain().toggleOrderedList().run() },
        { id: "blockquote", label: t("toolbar.blockquote"), content: icons.blockquote, pressed: state.blockquote, disabled: !state.canBlockquote, run: () => chain().toggleBlockquote().run() },
      ],
    },
    {
      id: "insert",
      label: t("toolbar.groupInsert"),
      items: [
        ...(onOpenImage ? [{ id: "image", label: t("toolbar.image"), content: icons.image, disabled: !state.canImage, dialog: true, run: onOpenImage }] : []),
        {
          id: "insertTable",
          label: t("toolbar.insertTable"),
          content: icons.table,
          disabled: !state.canInsertTable,
          run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
        },
        ...(versionControl
          ? [
              {
                id: "insertVersionControl",
                label: t("toolbar.insertVersionControl"),
                content: icons.versionControl,
                disabled: !state.canInsertVersionControl,
                run: () => chain().insertVersionControl().run(),
              },
            ]
          : []),
      ],
    },
    ...(state.inTable
      ? [
          {
            id: "table",
            label: t("toolbar.groupTable"),
            items: [
              { id: "addRow", label: t("toolbar.addRow"), content: icons.addRow, disabled: !state.canAddRow, run: () => chain().addRowAfter().run() },
              { id: "deleteRow", label: t("toolbar.deleteRow"), content: icons.deleteRow, disabled: !state.canDeleteRow, run: () => chain().deleteRow().run() },
              { id: "addColumn", label: t("toolbar.addColumn"), content: icons.addColumn, disabled: !state.canAddColumn, run: () => chain().addColumnAfter().run() },
              { id: "deleteColumn", label: t("toolbar.deleteColumn"), content: icons.deleteColumn, disabled: !state.canDeleteColumn, run: () => chain().deleteColumn().run() },
              { id: "deleteTable", label: t("toolbar.deleteTable"), content: icons.deleteTable, disabled: !state.canDeleteTable, run: () => chain().deleteTable().run() },
            ],
          },
        ]
      : []),
    {
      id: "history",
      label: t("toolbar.groupHistory"),
      items: [
        { id: "undo", label: t("toolbar.undo"), content: icons.undo, disabled: !state.canUndo, run: () => chain().undo().run() },
        { id: "redo", label: t("toolbar.redo"), content: icons.redo, disabled: !state.canRedo, run: () => chain().redo().run() },
      ],
    },
  ];

  const allIds = groups.flatMap((group) => group.items.map((item) => item.id));
  const tabStop = allIds.includes(activeId) ? activeId : allIds[0];

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const buttons = Array.from(toolbarRef.current?.querySelectorAll<HTMLButtonElement>("button[data-item]") ?? []);
    const index = buttons.findIndex((button) => button === event.target);
    if (index < 0) return;
    let next: number;
    switch (event.key) {
      case "ArrowRight":
        next = (index + 1) % buttons.length;
        break;
      case "ArrowLeft":
        next = (index - 1 + buttons.length) % buttons.length;
        break;
      case "Home":
        next = 0;
        break;
      case "End":
        next = buttons.length - 1;
        break;
      case "Escape":
        // Back to the document, where the cursor was.
        event.preventDefault();
        editor.commands.focus();
        return;
      default:
        return;
    }
    event.preventDefault();
    buttons[next]?.focus();
  }

  return (
    <div
      ref={toolbarRef}
      id={id}
      role="toolbar"
      aria-label={t("toolbar.label")}
      aria-controls={editorId}
      aria-disabled={disabled || undefined}
      className="study-toolbar"
      onKeyDown={onKeyDown}
    >
      {groups.map((group, groupIndex) => (
        <Fragment key={group.id}>
          {groupIndex > 0 ? <span className="study-toolbar-separator" aria-hidden="true" /> : null}
          <div role="group" aria-label={group.label} className="study-toolbar-group">
            {group.items.map((item) => {
              const inert = disabled || item.disabled;
              return (
                <button
                  key={item.id}
                  type="button"
                  data-item={item.id}
                  className="study-tool"
                  tabIndex={item.id === tabStop ? 0 : -1}
                  title={item.label}
                  aria-pressed={item.pressed}
                  aria-disabled={inert || undefined}
                  aria-haspopup={item.dialog ? "dialog" : undefined}
                  onFocus={() => setActiveId(item.id)}
                  // Keep the document's selection while clicking: the command refocuses it.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => {
                    if (!inert) item.run();
                  }}
                >
                  {/* The glyph (B, I, H1, an icon) is decoration; the name is the spoken label. Given as
                      text rather than aria-label so the accessible name is the button's whole
                      text (WCAG 2.5.3, label in name). */}
                  <span aria-hidden="true">{item.content}</span>
                  <span className="visually-hidden">{item.label}</span>
                </button>
              );
            })}
          </div>
        </Fragment>
      ))}
    </div>
  );
}
