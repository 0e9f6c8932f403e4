import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { hintForHeading } from "./sections";

const key = new PluginKey<DecorationSet>("studySectionHints");

/**
 * Shows the template's guidance (STUDY_SECTIONS hints) in the empty paragraph that follows a
 * template heading, in every empty section at once, editable or not. Only a decoration: nothing
 * is written to the document. Recomputed from the whole document on each change, which only
 * walks top-level blocks (a study has a few hundred at most).
 */
export const SectionHints = Extension.create({
  name: "studySectionHints",
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_config, state) => sectionHintDecorations(state.doc),
          apply: (tr, previous) => (tr.docChanged ? sectionHintDecorations(tr.doc) : previous),
        },
        props: {
          decorations: (state) => key.getState(state),
        },
      }),
    ];
  },
});

function sectionHintDecorations(doc: ProseMirrorNode): DecorationSet {
  const decorations: Decoration[] = [];
  let hint: string | null = null;
  doc.forEach((node, offset) => {
    if (hint && node.type.name === "paragraph" && node.childCount === 0) {
      decorations.push(Decoration.node(offset, offset + node.nodeSize, { class: "study-section-hint", "data-section-hint": hint }));
    }
    hint = node.type.name === "heading" ? hintForHeading(node.textContent) : null;
  });
  return DecorationSet.create(doc, decorations);
}
