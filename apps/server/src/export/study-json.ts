/**
 * The study's ProseMirror JSON as the PDF and DOCX renderers walk it (the schema is
 * packages/editor-schema/src/extensions.ts: StarterKit, TableKit, Image, versionControl). Content
 * comes from storage and may be old: every reader is defensive about shapes.
 */
export interface PmNode {
  type?: string;
  attrs?: Record<string, unknown>;
  marks?: { type?: string; attrs?: Record<string, unknown> }[];
  content?: PmNode[];
  text?: string;
}

/** The node's children that are objects (anything else is skipped). */
export const childrenOf = (node: PmNode): PmNode[] => (Array.isArray(node.content) ? node.content.filter((c) => c !== null && typeof c === "object") : []);

/** All text under a node, hard breaks as newlines (for alt texts and cells of unknown nodes). */
export function plainText(node: PmNode): string {
  if (node.type === "text") return typeof node.text === "string" ? node.text : "";
  if (node.type === "hardBreak") return "\n";
  return childrenOf(node).map(plainText).join("");
}

/** A numeric attribute ≥ 1 (colspan, rowspan, list start), or the fallback. */
export function countAttr(node: PmNode, name: string, fallback = 1): number {
  const value = node.attrs?.[name];
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1000 ? value : fallback;
}

/** The heading level, 1–6. */
export const headingLevel = (node: PmNode): number => Math.min(6, countAttr(node, "level", 1));

/** A mark's presence on a text node. */
export const hasMark = (node: PmNode, type: string): boolean => Array.isArray(node.marks) && node.marks.some((m) => m?.type === type);

/** A table as a grid: each row's cells with their spans (header cells flagged). */
export interface GridCell {
  node: PmNode;
  header: boolean;
  colSpan: number;
  rowSpan: number;
}

/** The rows of a table node and the grid's width (the widest row, spans counted). */
export function tableGrid(table: PmNode): { rows: GridCell[][]; columns: number } {
  const rows = childrenOf(table)
    .filter((r) => r.type === "tableRow")
    .map((row) =>
      childrenOf(row)
        .filter((c) => c.type === "tableCell" || c.type === "tableHeader")
        .map((c) => ({ node: c, header: c.type === "tableHeader", colSpan: countAttr(c, "colspan"), rowSpan: countAttr(c, "rowspan") })),
    );
  // Columns covered by cells of earlier rows that span down, to measure each row's width.
  const carried: number[] = [];
  let columns = 0;
  rows.forEach((row, r) => {
    let width = carried[r] ?? 0;
    for (const cell of row) {
      width += cell.colSpan;
      for (let below = 1; below < cell.rowSpan; below++) carried[r + below] = (carried[r + below] ?? 0) + cell.colSpan;
    }
    columns = Math.max(columns, width);
  });
  return { rows, columns: Math.max(columns, 1) };
}
