import { Node } from "@tiptap/core";

/**
 * The study's «control de versiones» (ficha de identificación, section 0): an atom block with no
 * content and no attributes. What it shows — the document's versions and their review status — is
 * read from the database by the web editor's node view (features/versions/VersionControlView.tsx),
 * never typed by hand, so it cannot disagree with the versions Taller keeps. Exports (HTML,
 * Markdown) have no database at hand: they say where the versions are instead of listing
 * something that could be stale.
 */
export const VERSION_CONTROL_NOTE = "Control de versiones: ver las versiones del documento en Taller.";

export const VersionControl = Node.create({
  name: "versionControl",
  group: "block",
  atom: true,
  selectable: true,
  draggable: false,
  parseHTML() {
    return [{ tag: 'div[data-type="version-control"]' }];
  },
  renderHTML() {
    return ["div", { "data-type": "version-control" }, ["p", {}, ["em", {}, VERSION_CONTROL_NOTE]]];
  },
  renderMarkdown() {
    return `*${VERSION_CONTROL_NOTE}*`;
  },
  addCommands() {
    return {
      insertVersionControl:
        () =>
        ({ commands }) =>
          commands.insertContent({ type: this.name }),
    };
  },
});

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    versionControl: {
      /** Inserts the «control de versiones» table at the selection. */
      insertVersionControl: () => ReturnType;
    };
  }
}
