import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as PdfMakeModule from "pdfmake";
import type { TDocumentDefinitions } from "pdfmake/interfaces";

/**
 * PDF rendering for every export (studies, actas, dossier files), with pdfmake 0.3 on the server.
 * Why pdfmake: it lays out headings, wrapped paragraphs, nested lists, tables with header rows and
 * page breaks, images and running footers from a declarative document, on top of PDFKit (embedded
 * TrueType fonts, real text that `pdftotext` and screen readers extract); 0.3 runs on Node ≥ 20 and
 * has resource access policies. @react-pdf/renderer would bring React and Yoga to the server for
 * the same result. The font is Roboto as pdfmake ships it (TTF files inside the package: nothing is
 * downloaded, which a closed network needs); it covers Spanish (ñ, á, ¿, «»).
 */

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve("pdfmake/package.json")), "fonts", "Roboto");

const FONTS = {
  Roboto: {
    normal: join(FONT_DIR, "Roboto-Regular.ttf"),
    bold: join(FONT_DIR, "Roboto-Medium.ttf"),
    italics: join(FONT_DIR, "Roboto-Italic.ttf"),
    bolditalics: join(FONT_DIR, "Roboto-MediumItalic.ttf"),
  },
};
const FONT_FILES = new Set(Object.values(FONTS.Roboto));

type PdfMake = typeof PdfMakeModule;
let engine: PdfMake | null = null;

/** pdfmake, loaded on the first PDF (not by every server process), locked down once. */
async function pdfMake(): Promise<PdfMake> {
  if (engine) return engine;
  const loaded = ((await import("pdfmake")) as unknown as { default: PdfMake }).default;
  loaded.setFonts(FONTS);
  // Nothing in an export is fetched: images are embedded as bytes read from Taller's own storage
  // (a URL left in a document must never make the server call out), and the only files read are
  // the fonts.
  loaded.setUrlAccessPolicy(() => false);
  loaded.setLocalAccessPolicy((path) => FONT_FILES.has(path));
  engine = loaded;
  return engine;
}

/** The common page setup: Letter (the size Mexican offices print), Roboto, readable sizes. */
export const PDF_STYLES: TDocumentDefinitions["styles"] = {
  title: { fontSize: 20, bold: true, margin: [0, 0, 0, 12] },
  h1: { fontSize: 17, bold: true, margin: [0, 12, 0, 6] },
  h2: { fontSize: 15, bold: true, margin: [0, 10, 0, 5] },
  h3: { fontSize: 13, bold: true, margin: [0, 8, 0, 4] },
  h4: { fontSize: 12, bold: true, margin: [0, 6, 0, 3] },
  small: { fontSize: 8, color: "#444444" },
  mono: { fontSize: 8 },
  note: { italics: true, color: "#333333" },
  tableHeader: { bold: true },
  draft: { fontSize: 14, bold: true, color: "#b00020", margin: [0, 0, 0, 8] },
};

/** Renders a document definition to PDF bytes (metadata: title, language es-MX). */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  const pdf = (await pdfMake()).createPdf({
    pageSize: "LETTER",
    pageMargins: [56, 56, 56, 64],
    language: "es-MX",
    defaultStyle: { font: "Roboto", fontSize: 10.5, lineHeight: 1.2 },
    styles: PDF_STYLES,
    ...definition,
  });
  return pdf.getBuffer();
}
