import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from "docx";
import { VERSION_CONTROL_NOTE } from "@taller/editor-schema";
import { safeUrl } from "./safety";
import { childrenOf, hasMark, headingLevel, plainText, tableGrid, type PmNode } from "./study-json";
import type { EmbeddedImage } from "./study-images";

/**
 * A study as a Word file (DOCX) with the `docx` package (9.x: maintained, typed, writes
 * OOXML that Word and LibreOffice open, images embedded under word/media; runs on Node ≥ 16).
 * Headings are Word's own heading styles (the navigation pane and an index see them), lists are
 * real Word lists, tables real tables with their header row repeated on each page.
 */

/** Widest an image is placed (pixels at 96 dpi): the text width of a Letter page with 1" margins. */
const MAX_IMAGE_PX = 624;
const DOCX_IMAGE_TYPES: Record<string, "png" | "jpg" | "gif"> = { "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif" };
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const;
const BULLETS = "bullets";
const NUMBERS = "numbers";

interface Context {
  images: ReadonlyMap<string, EmbeddedImage>;
  /** Each ordered list is its own numbering instance, so every list counts from its start. */
  nextList: number;
}

function runs(node: PmNode): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const child of childrenOf(node)) {
    if (child.type === "hardBreak") {
      out.push(new TextRun({ text: "", break: 1 }));
      continue;
    }
    const text = child.type === "text" ? (typeof child.text === "string" ? child.text : "") : plainText(child);
    if (!text) continue;
    const linkMark = child.marks?.find((m) => m?.type === "link");
    const href = linkMark ? safeUrl(linkMark.attrs?.href) : null;
    const run = new TextRun({
      text,
      bold: hasMark(child, "bold"),
      italics: hasMark(child, "italic"),
      strike: hasMark(child, "strike"),
      ...(hasMark(child, "underline") || href ? { underline: {} } : {}),
      ...(hasMark(child, "code") ? { font: "Consolas" } : {}),
      ...(href ? { style: "Hyperlink" } : {}),
    });
    // Relative links (#anchors, /api/…) mean nothing outside Taller: their text stays, unlinked.
    out.push(href && /^(https?|mailto|tel):/i.test(href) ? new ExternalHyperlink({ link: href, children: [run] }) : run);
  }
  return out;
}

function imageParagraph(node: PmNode, ctx: Context): Paragraph {
  const src = typeof node.attrs?.src === "string" ? node.attrs.src : "";
  const alt = typeof node.attrs?.alt === "string" && node.attrs.alt.trim() ? node.attrs.alt.trim() : "";
  const found = ctx.images.get(src);
  const type = found ? DOCX_IMAGE_TYPES[found.contentType] : undefined;
  if (!found || !type) {
    return new Paragraph({ children: [new TextRun({ text: `[Imagen no incluida: ${alt || "sin descripción"}]`, italics: true })] });
  }
  const scale = Math.min(1, MAX_IMAGE_PX / found.width);
  return new Paragraph({
    children: [
      new ImageRun({
        type,
        data: found.bytes,
        transformation: { width: Math.round(found.width * scale), height: Math.round(found.height * scale) },
        altText: { name: alt || "imagen", description: alt, title: typeof node.attrs?.title === "string" ? node.attrs.title : alt },
      }),
    ],
  });
}

function table(node: PmNode, ctx: Context): Table | null {
  const { rows, columns } = tableGrid(node);
  if (rows.length === 0 || rows.every((r) => r.length === 0)) return null;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: new Array(columns).fill(Math.floor(9360 / columns)),
    rows: rows
      .filter((r) => r.length > 0)
      .map(
        (row, index) =>
          new TableRow({
            tableHeader: index === 0 && row.every((c) => c.header),
            children: row.map((cell) => {
              const content = blocks(childrenOf(cell.node), ctx, 0);
              return new TableCell({
                children: content.length > 0 ? content : [new Paragraph({})],
                ...(cell.colSpan > 1 ? { columnSpan: cell.colSpan } : {}),
                ...(cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
                ...(cell.header ? { shading: { type: ShadingType.CLEAR, fill: "EEEEEE", color: "auto" } } : {}),
              });
            }),
          }),
      ),
  });
}

/** A list's items as Word list paragraphs (nested lists one level deeper). */
function list(node: PmNode, ctx: Context, level: number): (Paragraph | Table)[] {
  const ordered = node.type === "orderedList";
  const instance = ordered ? ctx.nextList++ : 0;
  const out: (Paragraph | Table)[] = [];
  for (const item of childrenOf(node)) {
    let first = true;
    for (const child of childrenOf(item)) {
      if (child.type === "bulletList" || child.type === "orderedList") {
        out.push(...list(child, ctx, Math.min(level + 1, 8)));
      } else if (first && child.type === "paragraph") {
        out.push(
          new Paragraph({
            children: runs(child),
            ...(ordered ? { numbering: { reference: NUMBERS, level, instance } } : { numbering: { reference: BULLETS, level } }),
          }),
        );
      } else {
        out.push(...blocks([child], ctx, level + 1));
      }
      first = false;
    }
  }
  return out;
}

function blocks(nodes: PmNode[], ctx: Context, indentLevel: number): (Paragraph | Table)[] {
  const indent = indentLevel > 0 ? { indent: { left: 720 * indentLevel } } : {};
  return nodes.flatMap((node): (Paragraph | Table)[] => {
    switch (node.type) {
      case "paragraph":
        return [new Paragraph({ children: runs(node), ...indent })];
      case "heading":
        return [new Paragraph({ children: runs(node), heading: HEADINGS[headingLevel(node) - 1] })];
      case "bulletList":
      case "orderedList":
        return list(node, ctx, indentLevel);
      case "blockquote":
        return blocks(childrenOf(node), ctx, indentLevel + 1);
      case "codeBlock":
        return plainText(node)
          .split("\n")
          .map((line) => new Paragraph({ children: [new TextRun({ text: line, font: "Consolas" })], ...indent }));
      case "horizontalRule":
        return [new Paragraph({ thematicBreak: true })];
      case "table": {
        const t = table(node, ctx);
        return t ? [t, new Paragraph({})] : [];
      }
      case "image":
        return [imageParagraph(node, ctx)];
      case "versionControl":
        return [new Paragraph({ children: [new TextRun({ text: VERSION_CONTROL_NOTE, italics: true })] })];
      default: {
        const text = plainText(node);
        return text ? [new Paragraph({ children: [new TextRun(text)], ...indent })] : [];
      }
    }
  });
}

/** The DOCX file of a study: the title as Title, the content, and an optional footer line. */
export async function studyDocx(input: { title: string; content: unknown; images: ReadonlyMap<string, EmbeddedImage>; footer: string | null }): Promise<Buffer> {
  const ctx: Context = { images: input.images, nextList: 1 };
  const body = input.content !== null && typeof input.content === "object" ? blocks(childrenOf(input.content as PmNode), ctx, 0) : [];
  const levels = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (level: number) => string) =>
    Array.from({ length: 9 }, (_, level) => ({
      level,
      format,
      text: text(level),
      alignment: AlignmentType.START,
      style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
    }));
  const document = new Document({
    title: input.title,
    creator: "Taller",
    styles: { default: { document: { run: { font: "Calibri", size: 22, language: { value: "es-MX" } } } } },
    numbering: {
      config: [
        { reference: BULLETS, levels: levels(LevelFormat.BULLET, (level) => ["•", "◦", "▪"][level % 3]!) },
        { reference: NUMBERS, levels: levels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`) },
      ],
    },
    sections: [
      {
        ...(input.footer ? { footers: { default: new Footer({ children: [new Paragraph({ children: [new TextRun({ text: input.footer, size: 16 })] })] }) } } : {}),
        children: [new Paragraph({ text: input.title, heading: HeadingLevel.TITLE }), ...body],
      },
    ],
  });
  return Packer.toBuffer(document);
}
