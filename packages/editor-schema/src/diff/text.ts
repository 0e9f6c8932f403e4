import { diffArrays, diffWordsWithSpace } from "diff";
import type { ProseMirrorJson } from "../template";

/**
 * Text diff of two study versions (ProseMirror JSON), from the EARLIER to the LATER.
 *
 * Why `diff` (jsdiff) rather than prosemirror-changeset: changeset maps ProseMirror *steps* (the
 * transactions of one editor session) to changed ranges; versions are two frozen JSON documents
 * with no steps between them, so it would first need a step-producing diff of the two trees. Here
 * the documents are flattened into the blocks a reader sees (headings, paragraphs, list items,
 * table cells, images), aligned block by block (`diffArrays`, Myers' LCS on the blocks' kind and
 * text), and each pair of corresponding blocks is compared word by word (`diffWordsWithSpace`).
 * The output is in plain data, so the server sends it and the web only renders it.
 *
 * Formatting (bold, links, …) is not compared: a change of marks alone is not a change of words.
 */

export type BlockType = "heading" | "paragraph" | "listItem" | "tableCell" | "image" | "code" | "rule";
export type BlockStatus = "same" | "added" | "removed" | "changed";
export type PartType = "same" | "inserted" | "deleted";

/** A block of a document as read for the diff: its kind, where it sits, and its plain text. */
export interface TextBlock {
  type: BlockType;
  /** Heading level (1–6), or nesting depth of a list item (1 = top list). */
  level?: number;
  /** Bullet or ordered list (list items). */
  list?: "bullet" | "ordered";
  /** Inside a blockquote. */
  quote?: boolean;
  /** Table cells: which table of the document (0-based), row and column (0-based), header cell. */
  table?: { index: number; row: number; col: number; header: boolean };
  /** Plain text; images are the placeholder «[imagen: alt]». */
  text: string;
}

export interface DiffPart {
  type: PartType;
  text: string;
}

export interface DiffBlock extends Omit<TextBlock, "text"> {
  status: BlockStatus;
  /** The block's words in order: kept, inserted (in the later version) and deleted (from the earlier). */
  parts: DiffPart[];
  /** The section (index into `sections`) this block belongs to. */
  section: number;
}

export interface WordCounts {
  insertedWords: number;
  deletedWords: number;
  blocksAdded: number;
  blocksRemoved: number;
  blocksChanged: number;
}

export interface DiffSection extends WordCounts {
  /** The heading that opens it (the later wording; the earlier one when it was removed); null before the first heading. */
  heading: string | null;
  /** The earlier wording when the heading itself was reworded. */
  headingBefore: string | null;
  status: BlockStatus;
  /** Index of its first block in `blocks`, and how many blocks it spans. */
  start: number;
  count: number;
}

export interface TextDiffSummary extends WordCounts {
  sectionsChanged: number;
  headingsAdded: string[];
  headingsRemoved: string[];
  headingsRenamed: { from: string; to: string }[];
}

export interface TextDiff {
  blocks: DiffBlock[];
  sections: DiffSection[];
  summary: TextDiffSummary;
}

// ---- Reading ProseMirror JSON into blocks ----

function inlineText(node: ProseMirrorJson): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "hardBreak") return "\n";
  return (node.content ?? []).map(inlineText).join("");
}

function imagePlaceholder(node: ProseMirrorJson): string {
  const alt = typeof node.attrs?.alt === "string" ? node.attrs.alt.trim() : "";
  return `[imagen: ${alt}]`;
}

interface Context {
  listDepth: number;
  list?: "bullet" | "ordered";
  quote: boolean;
  tables: { count: number };
}

function collect(node: ProseMirrorJson, ctx: Context, out: TextBlock[]): void {
  const quote = ctx.quote ? { quote: true } : {};
  switch (node.type) {
    case "heading":
      out.push({ type: "heading", level: Number(node.attrs?.level ?? 1), ...quote, text: inlineText(node) });
      return;
    case "paragraph":
      out.push({ type: "paragraph", ...quote, text: inlineText(node) });
      return;
    case "codeBlock":
      out.push({ type: "code", ...quote, text: inlineText(node) });
      return;
    case "horizontalRule":
      out.push({ type: "rule", text: "" });
      return;
    case "image":
      out.push({ type: "image", ...quote, text: imagePlaceholder(node) });
      return;
    case "blockquote":
      for (const child of node.content ?? []) collect(child, { ...ctx, quote: true }, out);
      return;
    case "bulletList":
    case "orderedList": {
      const list = node.type === "bulletList" ? "bullet" : "ordered";
      for (const child of node.content ?? []) collect(child, { ...ctx, list, listDepth: ctx.listDepth + 1 }, out);
      return;
    }
    case "listItem": {
      // The item's own text (its paragraphs, joined) is one block; nested lists follow as their own.
      const own: string[] = [];
      const nested: ProseMirrorJson[] = [];
      for (const child of node.content ?? []) {
        if (child.type === "bulletList" || child.type === "orderedList") nested.push(child);
        else own.push(child.type === "image" ? imagePlaceholder(child) : inlineText(child));
      }
      out.push({ type: "listItem", level: ctx.listDepth, list: ctx.list ?? "bullet", ...quote, text: own.join("\n") });
      for (const child of nested) collect(child, ctx, out);
      return;
    }
    case "table": {
      const index = ctx.tables.count++;
      (node.content ?? []).forEach((row, r) => {
        (row.content ?? []).forEach((cell, c) => {
          const text = (cell.content ?? []).map((p) => (p.type === "image" ? imagePlaceholder(p) : inlineText(p))).join("\n");
          out.push({ type: "tableCell", ...quote, table: { index, row: r, col: c, header: cell.type === "tableHeader" }, text });
        });
      });
      return;
    }
    default:
      // doc, and anything a later schema adds: read its children.
      for (const child of node.content ?? []) collect(child, ctx, out);
  }
}

/** The blocks of a document, in reading order. */
export function textBlocks(doc: ProseMirrorJson | null | undefined): TextBlock[] {
  const out: TextBlock[] = [];
  if (doc && typeof doc === "object") collect(doc, { listDepth: 0, quote: false, tables: { count: 0 } }, out);
  return out;
}

// ---- Comparing ----

const WORD = /[\p{L}\p{N}_]+(?:['’.,-][\p{L}\p{N}_]+)*/gu;
/** Words as a reader counts them: letters and digits, keeping «3.5», «vía’s», «norte-sur» whole. */
export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** Blocks are the same when kind, place and text are. */
function keyOf(b: TextBlock): string {
  return JSON.stringify([b.type, b.level ?? null, b.list ?? null, b.quote ?? false, b.table ? [b.table.row, b.table.col, b.table.header] : null, b.text]);
}

function words(text: string): string[] {
  return (text.toLocaleLowerCase("es").match(WORD) ?? []) as string[];
}

/** Share of words two texts have in common (Dice coefficient on word multisets), 0–1. */
function similarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.length === 0 && wb.length === 0) return 1;
  if (wa.length === 0 || wb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wb) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  return (2 * common) / (wa.length + wb.length);
}

/** A section number such as «3.» or «4.2» that opens a template heading. */
const SECTION_NUMBER = /^\s*(\d+(?:\.\d+)*)\.?\s/;

/** Whether `before` became `after` (one block edited) rather than one removed and another added. */
function corresponds(before: TextBlock, after: TextBlock, oneToOne: boolean): boolean {
  if (before.type !== after.type) return false;
  if (before.type === "tableCell") return before.table!.row === after.table!.row && before.table!.col === after.table!.col;
  if (before.type === "heading") {
    if (before.level !== after.level) return false;
    const nb = SECTION_NUMBER.exec(before.text)?.[1];
    const na = SECTION_NUMBER.exec(after.text)?.[1];
    if (nb !== undefined && na !== undefined) return nb === na;
    if (nb !== undefined || na !== undefined) return similarity(before.text, after.text) >= 0.3;
  }
  // Blocks in a replaced run of equal length and kinds were edited in place, and an empty block
  // (the template's paragraph under each heading) that now has text was filled in; otherwise
  // they must share a good part of their words.
  return oneToOne || before.text.trim() === "" || similarity(before.text, after.text) >= 0.3;
}

function wordParts(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffWordsWithSpace(before, after)) {
    const type: PartType = change.added ? "inserted" : change.removed ? "deleted" : "same";
    const last = parts[parts.length - 1];
    if (last && last.type === type) last.text += change.value;
    else parts.push({ type, text: change.value });
  }
  return parts;
}

type Aligned =
  | { status: "same"; after: TextBlock }
  | { status: "added"; after: TextBlock }
  | { status: "removed"; before: TextBlock }
  | { status: "changed"; before: TextBlock; after: TextBlock };

/**
 * Orders an unpaired stretch of removed (`R`) and added (`A`) blocks so each lands in the right
 * section: what continues the current section first (removed, then added), then a removed section
 * (its heading and what followed it), then a new section.
 */
function orderStretch(R: TextBlock[], A: TextBlock[], sectionLevel: number): Aligned[] {
  const opens = (b: TextBlock) => b.type === "heading" && !b.quote && b.level === sectionLevel;
  const kr = R.findIndex(opens);
  const ka = A.findIndex(opens);
  const rHead = kr === -1 ? R.length : kr;
  const aHead = ka === -1 ? A.length : ka;
  const removed = (b: TextBlock): Aligned => ({ status: "removed", before: b });
  const added = (b: TextBlock): Aligned => ({ status: "added", after: b });
  return [...R.slice(0, rHead).map(removed), ...A.slice(0, aHead).map(added), ...R.slice(rHead).map(removed), ...A.slice(aHead).map(added)];
}

/** Pairs the blocks of one replaced run (removed `R`, added `A`), keeping both orders. */
function pairRun(R: TextBlock[], A: TextBlock[], sectionLevel: number): Aligned[] {
  const opens = (b: TextBlock) => b.type === "heading" && !b.quote && b.level === sectionLevel;
  // Edited in place: as many blocks of the same kinds, any headings among them corresponding.
  const oneToOne = R.length === A.length && R.every((r, i) => r.type === A[i]!.type && (r.type !== "heading" || corresponds(r, A[i]!, true)));
  const out: Aligned[] = [];
  let a = 0;
  let pendingR: TextBlock[] = [];
  for (let r = 0; r < R.length; r++) {
    let match = -1;
    const removedSection = pendingR.some(opens);
    for (let j = a; j < A.length; j++) {
      // A pair never spans a section heading on one side only: the blocks would be in different sections.
      if (A.slice(a, j).some(opens) !== removedSection) continue;
      if (corresponds(R[r]!, A[j]!, oneToOne && j === r)) {
        match = j;
        break;
      }
    }
    if (match === -1) {
      pendingR.push(R[r]!);
      continue;
    }
    out.push(...orderStretch(pendingR, A.slice(a, match), sectionLevel));
    pendingR = [];
    out.push({ status: "changed", before: R[r]!, after: A[match]! });
    a = match + 1;
  }
  out.push(...orderStretch(pendingR, A.slice(a), sectionLevel));
  return out;
}

function align(before: TextBlock[], after: TextBlock[], sectionLevel: number): Aligned[] {
  const changes = diffArrays(before.map(keyOf), after.map(keyOf));
  const out: Aligned[] = [];
  let i = 0;
  let j = 0;
  for (let c = 0; c < changes.length; c++) {
    const change = changes[c]!;
    if (!change.added && !change.removed) {
      for (let k = 0; k < change.count; k++) out.push({ status: "same", after: after[j++]! });
      i += change.count;
      continue;
    }
    // A run of removals and additions between two kept stretches.
    const R: TextBlock[] = [];
    const A: TextBlock[] = [];
    for (; c < changes.length && (changes[c]!.added || changes[c]!.removed); c++) {
      const run = changes[c]!;
      if (run.removed) for (let k = 0; k < run.count; k++) R.push(before[i++]!);
      else for (let k = 0; k < run.count; k++) A.push(after[j++]!);
    }
    c--;
    out.push(...pairRun(R, A, sectionLevel));
  }
  return out;
}

const zero = (): WordCounts => ({ insertedWords: 0, deletedWords: 0, blocksAdded: 0, blocksRemoved: 0, blocksChanged: 0 });

function shape(block: TextBlock): Omit<TextBlock, "text"> {
  const { text: _text, ...rest } = block;
  return rest;
}

/** The diff from `earlier` to `later` (ProseMirror JSON of two study versions). */
export function diffText(earlier: ProseMirrorJson | null | undefined, later: ProseMirrorJson | null | undefined): TextDiff {
  const before = textBlocks(earlier);
  const after = textBlocks(later);
  // Sections open at the highest heading level present (the template's numbered headings).
  const levels = [...before, ...after].flatMap((b) => (b.type === "heading" && !b.quote ? [b.level ?? 1] : []));
  const sectionLevel = levels.length > 0 ? Math.min(...levels) : 0;
  const aligned = align(before, after, sectionLevel);

  const blocks: DiffBlock[] = [];
  const sections: DiffSection[] = [];
  const summary: TextDiffSummary = { ...zero(), sectionsChanged: 0, headingsAdded: [], headingsRemoved: [], headingsRenamed: [] };
  const newSection = (heading: string | null, headingBefore: string | null, start: number): DiffSection => {
    const section: DiffSection = { heading, headingBefore, status: "same", start, count: 0, ...zero() };
    sections.push(section);
    return section;
  };
  let section: DiffSection | null = null;

  for (const a of aligned) {
    const block = "after" in a ? a.after : a.before;
    const opens = block.type === "heading" && !block.quote && block.level === sectionLevel;
    if (opens || section === null) {
      const headingBefore = a.status === "changed" && opens && a.before.text !== a.after.text ? a.before.text : null;
      section = newSection(opens ? block.text : null, headingBefore, blocks.length);
    }
    let parts: DiffPart[];
    const counts = zero();
    switch (a.status) {
      case "same":
        parts = [{ type: "same", text: a.after.text }];
        break;
      case "added":
        parts = [{ type: "inserted", text: a.after.text }];
        counts.insertedWords = countWords(a.after.text);
        counts.blocksAdded = 1;
        if (a.after.type === "heading") summary.headingsAdded.push(a.after.text);
        break;
      case "removed":
        parts = [{ type: "deleted", text: a.before.text }];
        counts.deletedWords = countWords(a.before.text);
        counts.blocksRemoved = 1;
        if (a.before.type === "heading") summary.headingsRemoved.push(a.before.text);
        break;
      case "changed":
        parts = wordParts(a.before.text, a.after.text);
        for (const p of parts) {
          if (p.type === "inserted") counts.insertedWords += countWords(p.text);
          if (p.type === "deleted") counts.deletedWords += countWords(p.text);
        }
        counts.blocksChanged = 1;
        if (a.after.type === "heading" && a.before.text !== a.after.text) summary.headingsRenamed.push({ from: a.before.text, to: a.after.text });
        break;
    }
    blocks.push({ ...shape(block), status: a.status, parts, section: sections.length - 1 });
    section.count++;
    for (const key of Object.keys(counts) as (keyof WordCounts)[]) {
      section[key] += counts[key];
      summary[key] += counts[key];
    }
  }

  for (const s of sections) {
    const statuses = new Set(blocks.slice(s.start, s.start + s.count).map((b) => b.status));
    s.status =
      statuses.size === 1 && statuses.has("same")
        ? "same"
        : statuses.size === 1 && statuses.has("added")
          ? "added"
          : statuses.size === 1 && statuses.has("removed")
            ? "removed"
            : "changed";
    if (s.status !== "same") summary.sectionsChanged++;
  }
  return { blocks, sections, summary };
}
