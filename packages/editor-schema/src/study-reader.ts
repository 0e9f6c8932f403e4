import * as Y from "yjs";
import { Fragment, type Mark, type Node, type NodeType, type Schema } from "@tiptap/pm/model";
import { attrProblem, markTypeOf, nodeTypeOf } from "./schema-rules";

/**
 * Reads a study's Y.XmlFragment as a ProseMirror document that is always valid for the schema,
 * whatever the fragment holds, and without writing to the Y.Doc.
 *
 * y-tiptap's own reader (yXmlFragmentToProseMirrorRootNode) throws on content that is not an
 * XmlElement or XmlText (bare text at the root) and, for elements the schema cannot build,
 * DELETES them from the Y.Doc — a write that, on the server, would be stored and broadcast from
 * a GET. Updates are validated since validation.ts exists, but documents stored before may hold
 * such shapes, and concurrent edits can leave a node's children out of its content expression
 * (two people splitting a list item at once). This reader keeps what the schema can represent:
 * unknown nodes, marks and attributes are skipped; children a node cannot hold are fitted the
 * way ProseMirror fits pasted content (required nodes filled in, inline content wrapped in a
 * paragraph where a block is expected); what still does not fit is skipped. Each skip or repair
 * is noted in `skipped`.
 */
export interface StudyReading {
  doc: Node;
  /** What was skipped or repaired, one line per kind of problem with its count. */
  skipped: string[];
}

/** Deeper than any document the editor produces; a hostile nesting is cut off here. */
const MAX_DEPTH = 100;

class Notes {
  private readonly counts = new Map<string, number>();
  add(note: string): void {
    this.counts.set(note, (this.counts.get(note) ?? 0) + 1);
  }
  list(): string[] {
    return [...this.counts].map(([note, count]) => (count === 1 ? note : `${note} (×${count})`));
  }
}

function describe(value: unknown): string {
  if (value instanceof Y.AbstractType) return value.constructor.name.replace(/^_?Y?/, "");
  return value === null ? "null" : typeof value;
}

function readMarks(schema: Schema, attributes: Record<string, unknown> | undefined, notes: Notes): Mark[] {
  const marks: Mark[] = [];
  for (const [key, value] of Object.entries(attributes ?? {})) {
    const type = markTypeOf(schema, key);
    if (type === null) {
      notes.add(`unknown mark ${key}`);
      continue;
    }
    const attrs: Record<string, unknown> = {};
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [name, attr] of Object.entries(value)) {
        if (attrProblem(type, name, attr) === null) attrs[name] = attr;
        else notes.add(`mark attribute ${type.name}.${name}`);
      }
    }
    try {
      marks.push(type.create(attrs));
    } catch {
      notes.add(`mark ${type.name}`);
    }
  }
  return marks;
}

function readText(schema: Schema, text: Y.XmlText, notes: Notes): Node[] {
  const nodes: Node[] = [];
  for (const delta of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof delta.insert !== "string") {
      notes.add(`embedded ${describe(delta.insert)} in text`);
      continue;
    }
    if (delta.insert.length === 0) continue;
    nodes.push(schema.text(delta.insert, readMarks(schema, delta.attributes, notes)));
  }
  return nodes;
}

function readChildren(schema: Schema, parent: Y.XmlFragment, depth: number, notes: Notes): Node[] {
  const nodes: Node[] = [];
  for (const child of parent.toArray() as unknown[]) {
    if (child instanceof Y.XmlElement) {
      const node = readElement(schema, child, depth + 1, notes);
      if (node !== null) nodes.push(node);
    } else if (child instanceof Y.XmlText) {
      nodes.push(...readText(schema, child, notes));
    } else {
      notes.add(`${describe(child)} outside text`);
    }
  }
  return nodes;
}

function readElement(schema: Schema, element: Y.XmlElement, depth: number, notes: Notes): Node | null {
  const type = nodeTypeOf(schema, element.nodeName);
  if (type === null) {
    notes.add(`unknown node <${element.nodeName}>`);
    return null;
  }
  if (depth > MAX_DEPTH) {
    notes.add("content nested too deep");
    return null;
  }
  const attrs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(element.getAttributes() as Record<string, unknown>)) {
    if (attrProblem(type, name, value) === null) attrs[name] = value;
    else notes.add(`attribute ${type.name}.${name}`);
  }
  return build(type, attrs, readChildren(schema, element, depth, notes), notes);
}

/** `type` with `children` fitted to its content expression (see the module comment). */
function build(type: NodeType, attrs: Record<string, unknown> | null, children: Node[], notes: Notes): Node | null {
  const fitted: Node[] = [];
  let match = type.contentMatch;
  let inlineRun: Node[] = [];

  const place = (node: Node): boolean => {
    let next = match.matchType(node.type);
    if (next === null) {
      const fill = match.fillBefore(Fragment.from(node));
      if (fill !== null) {
        if (fill.childCount > 0) notes.add(`required content filled in <${type.name}>`);
        fill.forEach((filler) => fitted.push(filler));
        match = match.matchFragment(fill)!;
        next = match.matchType(node.type);
      }
    }
    if (next === null) return false;
    fitted.push(node);
    match = next;
    return true;
  };
  const placeWrapped = (nodes: Node[]) => {
    const wrapping = match.findWrapping(nodes[0]!.type);
    let wrapped: Node | null = null;
    if (wrapping !== null && wrapping.length > 0) {
      try {
        wrapped = wrapping
          .slice(0, -1)
          .reduceRight<Node | null>((inner, wrapper) => (inner === null ? null : wrapper.createAndFill(null, inner)), buildRun(wrapping, nodes));
      } catch {
        wrapped = null;
      }
    }
    if (wrapped !== null && place(wrapped)) notes.add(`inline content in <${type.name}> kept in a <${wrapping![0]!.name}>`);
    else notes.add(`inline content in <${type.name}>`);
  };
  const flushInline = () => {
    if (inlineRun.length > 0) placeWrapped(inlineRun);
    inlineRun = [];
  };

  for (let child of children) {
    if (child.isInline && !type.inlineContent) {
      inlineRun.push(child);
      continue;
    }
    flushInline();
    if (child.isInline && child.marks.some((mark) => !type.allowsMarkType(mark.type))) {
      notes.add(`marks not allowed in <${type.name}>`);
      child = child.mark(child.marks.filter((mark) => type.allowsMarkType(mark.type)));
    }
    if (!place(child)) notes.add(`<${child.type.name}> in <${type.name}>`);
  }
  flushInline();

  const tail = match.fillBefore(Fragment.empty, true);
  if (tail !== null && tail.childCount > 0) {
    notes.add(`required content filled in <${type.name}>`);
    tail.forEach((filler) => fitted.push(filler));
  }
  try {
    return type.createChecked(attrs, fitted);
  } catch {
    notes.add(`content of <${type.name}>`);
    try {
      return type.createAndFill(attrs) ?? type.createAndFill();
    } catch {
      return type.createAndFill();
    }
  }
}

/** The innermost wrapper (a textblock) around a run of inline nodes, the rest wrapped by the caller. */
function buildRun(wrapping: readonly NodeType[], nodes: Node[]): Node | null {
  const innermost = wrapping[wrapping.length - 1]!;
  const kept = nodes.map((node) => (node.isText ? node.mark(node.marks.filter((mark) => innermost.allowsMarkType(mark.type))) : node));
  try {
    return innermost.createChecked(null, kept);
  } catch {
    return innermost.createAndFill(null, Fragment.fromArray(kept.filter((node) => node.isText)));
  }
}

/** Reads `fragment` with `schema`; never writes to the Y.Doc. */
export function readStudyFragment(fragment: Y.XmlFragment, schema: Schema): StudyReading {
  const notes = new Notes();
  const children = readChildren(schema, fragment, 0, notes);
  const doc = build(schema.topNodeType, null, children, notes) ?? schema.topNodeType.createAndFill()!;
  return { doc, skipped: notes.list() };
}
