// Comment highlights in the study: ProseMirror DECORATIONS (never marks: nothing is written to the
// document or its Y.Doc, so read-only commenters get them too). Each thread's anchor is a pair of
// Yjs relative positions; they are resolved to ProseMirror positions through the y-tiptap
// binding's mapping whenever the Yjs side changed (a remote or initial sync, or new threads), and
// mapped through the transaction otherwise (local typing reaches the Y.Doc only after the
// transaction, in the sync plugin's view update, so resolving then would read the old text).
import { Extension, type Editor } from "@tiptap/core";
import { Plugin, PluginKey, TextSelection, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import * as Y from "yjs";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";

type ProsemirrorMapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

/** A thread as the highlights need it: its anchor, and whether to paint it (open, or selected). */
export type HighlightThread = { id: string; start: unknown; end: unknown; paint: boolean; /** The passage of a comment being written. */ pending?: boolean };
type Range = { from: number; to: number };

type HighlightState = {
  threads: readonly HighlightThread[];
  selectedId: string | null;
  /** Bumped to replay the flash on the selected highlight (a jump). */
  flash: number;
  /** False until the binding has rendered the Y.Doc (positions are unknown before). */
  ready: boolean;
  ranges: ReadonlyMap<string, Range | null>;
  decorations: DecorationSet;
};

type Meta = { threads?: readonly HighlightThread[]; selectedId?: string | null; flash?: boolean };

export const commentHighlightsKey = new PluginKey<HighlightState>("commentHighlights");

type Binding = { type: Y.XmlFragment; mapping: ProsemirrorMapping; doc: Y.Doc };

function bindingOf(state: EditorState): Binding | null {
  const sync = ySyncPluginKey.getState(state) as { binding?: Binding | null } | undefined;
  const binding = sync?.binding;
  return binding && binding.mapping.size > 0 ? binding : null;
}

/**
 * One relative position (JSON) as a ProseMirror position in the editor's current document, or
 * null when it has no place (unknown items, a deleted block). Resolved like the server does
 * (packages/editor-schema/src/anchors.ts), so highlight and quote cover the same text.
 */
export function resolvePosition(binding: Binding, json: unknown): number | null {
  try {
    const rel = Y.createRelativePositionFromJSON(json);
    const decoded = Y.createAbsolutePositionFromRelativePosition(rel, binding.doc);
    if (decoded === null) return null;
    const type = decoded.type;
    for (let t: Y.AbstractType<unknown> = type; t !== binding.type; t = t._item!.parent as Y.AbstractType<unknown>) {
      if (t._item === null || t._item.deleted) return null;
    }
    if (type instanceof Y.XmlText) {
      // From the end of its text node: y-tiptap refuses an item-based position at the very start
      // of the document as "misresolved"; the same text node's end is a type-based position.
      const end = relativePositionToAbsolutePosition(binding.doc, binding.type, Y.createRelativePositionFromTypeIndex(type, type.length), binding.mapping);
      return end === null ? null : end - type.length + decoded.index;
    }
    return relativePositionToAbsolutePosition(binding.doc, binding.type, rel, binding.mapping);
  } catch {
    return null;
  }
}

/**
 * The selection as a text anchor (relative positions as JSON), or null when there is none or the
 * document is not rendered yet. The start sticks to the first selected character and the end to
 * the last, so text typed just before or after the passage stays outside the highlight.
 */
export function anchorOfSelection(state: EditorState): { start: Record<string, unknown>; end: Record<string, unknown>; quote: string } | null {
  const { from, to, empty } = state.selection;
  const binding = bindingOf(state);
  if (empty || !binding) return null;
  const quote = state.doc.textBetween(from, to, " ", " ").replace(/\s+/g, " ").trim();
  if (!quote) return null;
  const edge = (pos: number, assoc: number) => {
    const rel = absolutePositionToRelativePosition(pos, binding.type, binding.mapping) as Y.RelativePosition;
    const decoded = Y.createAbsolutePositionFromRelativePosition(rel, binding.doc);
    const sticky = decoded && decoded.type instanceof Y.XmlText ? Y.createRelativePositionFromTypeIndex(decoded.type, decoded.index, assoc) : rel;
    return Y.relativePositionToJSON(sticky) as Record<string, unknown>;
  };
  return { start: edge(from, 0), end: edge(to, -1), quote };
}

function resolveRanges(state: EditorState, threads: readonly HighlightThread[]): { ready: boolean; ranges: Map<string, Range | null> } {
  const binding = bindingOf(state);
  const ranges = new Map<string, Range | null>();
  if (!binding) return { ready: false, ranges };
  for (const thread of threads) {
    const from = resolvePosition(binding, thread.start);
    const to = resolvePosition(binding, thread.end);
    ranges.set(thread.id, from !== null && to !== null && to > from && state.doc.textBetween(from, to, " ", " ").trim() !== "" ? { from, to } : null);
  }
  return { ready: true, ranges };
}

function decorate(state: EditorState, plugin: Omit<HighlightState, "decorations">): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of plugin.threads) {
    const range = plugin.ranges.get(thread.id);
    const selected = thread.id === plugin.selectedId;
    if (!range || !(thread.paint || selected)) continue;
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        {
          class: `comment-highlight${selected ? " is-selected" : ""}${thread.pending ? " is-pending" : ""}`,
          "data-comment-thread": thread.id,
          ...(selected ? { "data-flash": String(plugin.flash) } : {}),
        },
        { threadId: thread.pending ? undefined : thread.id, inclusiveStart: false, inclusiveEnd: false },
      ),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

export type CommentHighlightsOptions = {
  /** A highlight was clicked: the thread to show in the panel. */
  onActivate: (threadId: string) => void;
};

export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: "commentHighlights",

  addOptions() {
    return { onActivate: () => undefined };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<HighlightState>({
        key: commentHighlightsKey,
        state: {
          init: (_config, state) => ({ threads: [], selectedId: null, flash: 0, ready: false, ranges: new Map(), decorations: DecorationSet.create(state.doc, []) }),
          apply(tr, previous, _old, state) {
            const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined;
            const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
            let next = previous;
            if (meta) {
              next = {
                ...previous,
                ...(meta.threads ? { threads: meta.threads } : {}),
                ...(meta.selectedId !== undefined ? { selectedId: meta.selectedId } : {}),
                flash: meta.flash ? previous.flash + 1 : previous.flash,
              };
            }
            if (meta?.threads || sync?.isChangeOrigin || (!next.ready && bindingOf(state))) {
              const { ready, ranges } = resolveRanges(state, next.threads);
              next = { ...next, ready, ranges };
            } else if (tr.docChanged) {
              const ranges = new Map<string, Range | null>();
              for (const [id, range] of next.ranges) {
                if (!range) ranges.set(id, null);
                else {
                  const from = tr.mapping.map(range.from, 1);
                  const to = tr.mapping.map(range.to, -1);
                  ranges.set(id, to > from ? { from, to } : null);
                }
              }
              next = { ...next, ranges };
            } else if (next === previous) {
              return previous;
            }
            return { ...next, decorations: decorate(state, next) };
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
          handleClick(view, pos) {
            const plugin = commentHighlightsKey.getState(view.state);
            if (!plugin) return false;
            // The innermost highlight under the click.
            const found = plugin.decorations.find(pos, pos, (spec: { threadId?: string }) => Boolean(spec.threadId));
            const inner = found.filter((d) => d.from < pos || d.to > pos).sort((a, b) => a.to - a.from - (b.to - b.from))[0];
            const threadId = (inner?.spec as { threadId?: string } | undefined)?.threadId;
            if (threadId) options.onActivate(threadId);
            return false;
          },
        },
      }),
    ];
  },
});

/** Hands the threads (and the selected one) to the highlights. */
export function setHighlightThreads(editor: Editor, threads: readonly HighlightThread[], selectedId: string | null): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(commentHighlightsKey, { threads, selectedId } satisfies Meta).setMeta("addToHistory", false));
}

/** Where each thread's passage is now, and whether the document is rendered (for order and orphans). */
export function highlightRanges(state: EditorState): { ready: boolean; ranges: ReadonlyMap<string, Range | null> } {
  const plugin = commentHighlightsKey.getState(state);
  return { ready: plugin?.ready ?? false, ranges: plugin?.ranges ?? new Map() };
}

/**
 * Brings a thread's passage into view: scrolls it to the middle, flashes its highlight and selects
 * it (the text cursor for editors; the page's selection for readers). False when it has no place.
 */
export function jumpToThread(editor: Editor, threadId: string): boolean {
  if (editor.isDestroyed) return false;
  const range = commentHighlightsKey.getState(editor.state)?.ranges.get(threadId);
  if (!range) return false;
  const { view } = editor;
  const tr = editor.state.tr.setMeta(commentHighlightsKey, { selectedId: threadId, flash: true } satisfies Meta).setMeta("addToHistory", false);
  tr.setSelection(TextSelection.create(tr.doc, range.from, range.to));
  view.dispatch(tr);
  const start = view.domAtPos(range.from);
  const element = start.node instanceof Element ? start.node : start.node.parentElement;
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  element?.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
  if (editor.isEditable) {
    view.focus();
  } else {
    // A read-only view draws no selection of its own: set the page's, then focus the text.
    const end = view.domAtPos(range.to);
    try {
      window.getSelection()?.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
    } catch {
      // A position the DOM cannot express: the flash still shows the passage.
    }
    (view.dom as HTMLElement).focus({ preventScroll: true });
  }
  return true;
}
