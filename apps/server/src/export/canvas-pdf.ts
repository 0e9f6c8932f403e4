import type { Content } from "pdfmake/interfaces";
import { renderPdf } from "./pdf";
import { plainText, type PmNode } from "./study-json";
import { versionLine, type ExportedVersion } from "./study-file";
import { formatDateTime } from "./labels";

/**
 * A canvas version in the dossier as a PDF of facts: the server has no renderer for tldraw
 * drawings (they are drawn by the browser, which exports them as SVG and PNG), so the PDF gives
 * the version, its hash and an inventory of the shapes with their text, and says where the
 * drawing itself is — the content JSON beside it, whose SHA-256 is the version's.
 */

interface ShapeLine {
  id: string;
  type: string;
  page: string;
  text: string;
}

/** The shapes of a tldraw record map with their text (rich text or plain), ordered by page then id. */
export function shapeInventory(records: unknown): ShapeLine[] {
  if (records === null || typeof records !== "object") return [];
  const all = Object.values(records as Record<string, unknown>).filter((r): r is Record<string, unknown> => r !== null && typeof r === "object");
  const pages = new Map(all.filter((r) => r.typeName === "page").map((p) => [String(p.id), typeof p.name === "string" ? p.name : String(p.id)]));
  const byId = new Map(all.map((r) => [String(r.id), r]));
  const pageOf = (shape: Record<string, unknown>): string => {
    let parent = shape.parentId;
    for (let hops = 0; hops < 100 && typeof parent === "string"; hops++) {
      if (pages.has(parent)) return pages.get(parent)!;
      parent = byId.get(parent)?.parentId;
    }
    return "";
  };
  return all
    .filter((r) => r.typeName === "shape")
    .map((shape) => {
      const props = (shape.props ?? {}) as Record<string, unknown>;
      const text = props.richText && typeof props.richText === "object" ? plainText(props.richText as PmNode) : typeof props.text === "string" ? props.text : "";
      return { id: String(shape.id), type: String(shape.type ?? ""), page: pageOf(shape), text: text.trim() };
    })
    .sort((a, b) => a.page.localeCompare(b.page, "es") || a.id.localeCompare(b.id));
}

/** The PDF of a canvas version for the dossier. */
export async function canvasVersionPdf(input: { title: string; version: ExportedVersion & { createdAt: Date; result: string }; content: unknown; contentFile: string }): Promise<Buffer> {
  const shapes = shapeInventory(input.content);
  const { version } = input;
  const content: Content[] = [
    { text: input.title, style: "title" },
    { text: `Versión ${version.number} «${version.name}», congelada el ${formatDateTime(version.createdAt)}. Resultado de la revisión: ${version.result}.` },
    { text: `SHA-256 del contenido: ${version.sha256}`, style: "mono", margin: [0, 4, 0, 8] },
    {
      text: `Este documento es un lienzo. El dibujo mismo está en ${input.contentFile} (los registros de tldraw, cuyo SHA-256 es el de la versión); en Taller, la página de la versión lo exporta como SVG o PNG. Aquí se listan sus figuras y sus textos.`,
      style: "note",
      margin: [0, 0, 0, 8],
    },
    { text: `Figuras (${shapes.length})`, style: "h2" },
    shapes.length === 0
      ? { text: "El lienzo no tiene figuras.", style: "note" }
      : {
          table: {
            headerRows: 1,
            widths: ["auto", "auto", "*"],
            body: [["Página", "Tipo", "Texto"].map((text) => ({ text, style: "tableHeader" })), ...shapes.map((s) => [s.page, s.type, s.text || "—"])],
          },
          layout: "lightHorizontalLines",
          fontSize: 9,
        },
  ];
  return renderPdf({
    info: { title: input.title, creator: "Taller", subject: versionLine(version) },
    content,
    footer: (page, pages) => ({
      margin: [56, 16, 56, 0],
      columns: [
        { text: versionLine(version), style: "small", width: "*" },
        { text: `${page} / ${pages}`, style: "small", width: "auto", alignment: "right" },
      ],
    }),
  });
}
