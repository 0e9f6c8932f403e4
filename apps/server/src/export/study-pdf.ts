import type { Content, TableCell } from "pdfmake/interfaces";
import { VERSION_CONTROL_NOTE } from "@taller/editor-schema";
import { safeUrl } from "./safety";
import { childrenOf, hasMark, headingLevel, plainText, tableGrid, countAttr, type PmNode } from "./study-json";
import type { EmbeddedImage } from "./study-images";

/**
 * A study's ProseMirror JSON as pdfmake content: headings, paragraphs with bold, italic,
 * underline, strike and links, bullet and ordered lists (nested), tables (header cells, col- and
 * row-spans), images (embedded bytes from Taller's storage), quotes, code, rules, and the
 * «control de versiones» note that the HTML and Markdown exports write too.
 */

/** Widest an image is drawn (points): the text width of a Letter page with the export's margins. */
const MAX_IMAGE_WIDTH = 500;
/** pdfkit (under pdfmake) embeds PNG and JPEG; GIF and WebP are named by their alt text. */
const PDF_IMAGE_TYPES = new Set(["image/png", "image/jpeg"]);

type Inline = Exclude<Content, string> | string;

function inlines(node: PmNode): Inline[] {
  const out: Inline[] = [];
  for (const child of childrenOf(node)) {
    if (child.type === "hardBreak") {
      out.push("\n");
      continue;
    }
    if (child.type !== "text") {
      const text = plainText(child);
      if (text) out.push(text);
      continue;
    }
    const text = typeof child.text === "string" ? child.text : "";
    if (!text) continue;
    const decoration = [hasMark(child, "underline") ? "underline" : null, hasMark(child, "strike") ? "lineThrough" : null].filter((d): d is "underline" | "lineThrough" => d !== null);
    const linkMark = child.marks?.find((m) => m?.type === "link");
    const href = linkMark ? safeUrl(linkMark.attrs?.href) : null;
    out.push({
      text,
      ...(hasMark(child, "bold") ? { bold: true } : {}),
      ...(hasMark(child, "italic") ? { italics: true } : {}),
      ...(hasMark(child, "code") ? { background: "#eeeeee" } : {}),
      ...(href ? { link: href, color: "#1a4d8f", decoration: "underline" as const } : decoration.length > 0 ? { decoration: decoration[0] } : {}),
    });
  }
  return out;
}

function paragraph(node: PmNode, extra: Record<string, unknown> = {}): Content {
  const parts = inlines(node);
  return { text: parts.length > 0 ? parts : " ", margin: [0, 0, 0, 6], ...extra } as Content;
}

function image(node: PmNode, images: ReadonlyMap<string, EmbeddedImage>): Content {
  const src = typeof node.attrs?.src === "string" ? node.attrs.src : "";
  const alt = typeof node.attrs?.alt === "string" && node.attrs.alt.trim() ? node.attrs.alt.trim() : "sin descripción";
  const found = images.get(src);
  if (!found || !PDF_IMAGE_TYPES.has(found.contentType)) {
    return { text: `[Imagen no incluida en el PDF: ${alt}]`, style: "note", margin: [0, 0, 0, 6] };
  }
  // Image pixels at 96 dpi are 0.75 pt; wider ones are scaled down to the text width.
  const width = Math.min(found.width * 0.75, MAX_IMAGE_WIDTH);
  const dataUrl = `data:${found.contentType};base64,${Buffer.from(found.bytes).toString("base64")}`;
  return { image: dataUrl, width, margin: [0, 4, 0, 8] };
}

function table(node: PmNode, images: ReadonlyMap<string, EmbeddedImage>): Content {
  const { rows, columns } = tableGrid(node);
  if (rows.length === 0) return { text: "" };
  // pdfmake wants every row `columns` wide, with `{}` where a spanning cell covers the grid.
  const body: TableCell[][] = rows.map(() => []);
  const covered: boolean[][] = rows.map(() => new Array<boolean>(columns).fill(false));
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (c < columns && covered[r]![c]) c++;
      if (c >= columns) break;
      const colSpan = Math.min(cell.colSpan, columns - c);
      const rowSpan = Math.min(cell.rowSpan, rows.length - r);
      for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) covered[r + dr]![c + dc] = true;
      const content = blocks(childrenOf(cell.node), images);
      body[r]![c] = {
        stack: content.length > 0 ? content : [" "],
        ...(cell.header ? { style: "tableHeader", fillColor: "#eeeeee" } : {}),
        ...(colSpan > 1 ? { colSpan } : {}),
        ...(rowSpan > 1 ? { rowSpan } : {}),
      } as TableCell;
      c += colSpan;
    }
  });
  for (let r = 0; r < rows.length; r++) for (let c = 0; c < columns; c++) body[r]![c] ??= {} as TableCell;
  const headerRows = rows[0]!.length > 0 && rows[0]!.every((cell) => cell.header) ? 1 : 0;
  return { table: { headerRows, widths: new Array(columns).fill("*"), body }, margin: [0, 4, 0, 10] };
}

function listItems(node: PmNode, images: ReadonlyMap<string, EmbeddedImage>): Content[] {
  return childrenOf(node).map((item) => {
    const content = blocks(childrenOf(item), images);
    return content.length === 1 ? content[0]! : { stack: content };
  });
}

function block(node: PmNode, images: ReadonlyMap<string, EmbeddedImage>): Content | null {
  switch (node.type) {
    case "paragraph":
      return paragraph(node);
    case "heading":
      return paragraph(node, { style: `h${Math.min(4, headingLevel(node))}`, headlineLevel: headingLevel(node) });
    case "bulletList":
      return { ul: listItems(node, images), margin: [0, 0, 0, 6] };
    case "orderedList":
      return { ol: listItems(node, images), start: countAttr(node, "start"), margin: [0, 0, 0, 6] };
    case "blockquote":
      return { stack: blocks(childrenOf(node), images), margin: [18, 0, 0, 6], color: "#333333", italics: true };
    case "codeBlock":
      return { text: plainText(node) || " ", preserveLeadingSpaces: true, style: "mono", background: "#eeeeee", margin: [0, 0, 0, 6] };
    case "horizontalRule":
      return { canvas: [{ type: "line", x1: 0, y1: 4, x2: MAX_IMAGE_WIDTH, y2: 4, lineWidth: 0.5 }], margin: [0, 4, 0, 8] };
    case "table":
      return table(node, images);
    case "image":
      return image(node, images);
    case "versionControl":
      // What the node shows comes from the database; like the HTML and Markdown exports, the
      // file says where the versions are rather than a list that could be stale.
      return { text: VERSION_CONTROL_NOTE, style: "note", margin: [0, 0, 0, 6] };
    default: {
      // A node this renderer does not know (newer schema): its text, never nothing.
      const text = plainText(node);
      return text ? { text, margin: [0, 0, 0, 6] } : null;
    }
  }
}

function blocks(nodes: PmNode[], images: ReadonlyMap<string, EmbeddedImage>): Content[] {
  return nodes.flatMap((n) => {
    const out = block(n, images);
    return out ? [out] : [];
  });
}

/** The pdfmake content of a study (the document node's children). */
export function studyPdfContent(doc: unknown, images: ReadonlyMap<string, EmbeddedImage>): Content[] {
  if (doc === null || typeof doc !== "object") return [];
  return blocks(childrenOf(doc as PmNode), images);
}
