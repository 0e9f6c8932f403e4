import { create as contentDisposition } from "content-disposition";
import { bodyAsPlainText, type ThreadExportQuery } from "@taller/domain";
import type { StudyDocument } from "@taller/db";
import { markdownTitle } from "./safety";
import { csvFile } from "./csv";

export { csvCell } from "./csv";
import type { ThreadView } from "../presenters/threads";

/**
 * A document's threads as a file, for transparency requests: CSV (one row per comment, UTF-8 with
 * a BOM so spreadsheet programs read the accents, cells that a spreadsheet would run as formulas
 * neutralized), JSON (the same data structured) or Markdown (readable; every text escaped, so
 * nothing in a comment becomes HTML or Markdown markup when rendered). Deleted comments appear as
 * «comentario eliminado», never with their old body. Mentions are written `@Nombre`.
 */

export type ThreadExportFormat = ThreadExportQuery["format"];

export const DELETED_COMMENT = "comentario eliminado";

const CONTENT_TYPES: Record<ThreadExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

/** `<title> - comentarios.<ext>`, with characters file systems reserve replaced, an ASCII fallback for old clients. */
export function threadsExportDisposition(title: string, format: ThreadExportFormat): string {
  const base =
    [...title.normalize("NFC")]
      .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? " " : ch))
      .join("")
      .trim()
      .slice(0, 100) || "documento";
  const name = `${base} - comentarios.${format}`;
  const ascii = name.normalize("NFD").replace(/[^\x20-\x7e]/g, "");
  return contentDisposition(name, { fallback: ascii.startsWith(" - ") ? `comentarios.${format}` : ascii });
}

const iso = (d: Date | string | null): string => (d === null ? "" : typeof d === "string" ? d : d.toISOString());
const bodyText = (c: ThreadView["comments"][number]): string => (c.deleted ? DELETED_COMMENT : bodyAsPlainText(c.body));
const quoteOf = (t: ThreadView): string => (t.anchor.type === "text" ? t.anchor.quote : "");

const CSV_HEADER = [
  "hilo",
  "estado",
  "tipo_de_ancla",
  "cita",
  "figura",
  "huerfano",
  "comentario",
  "autor",
  "dependencia",
  "creado",
  "editado",
  "eliminado",
  "texto",
  "resuelto_por",
  "resuelto",
  "nota_de_resolucion",
];

/** The CSV columns of a thread export, one row per comment (the dossier prefixes the document). */
export const THREADS_CSV_HEADER = CSV_HEADER;

/** The CSV rows (no header) of a document's threads, one per comment. */
export function threadsCsvRows(threads: ThreadView[]): string[][] {
  const rows: string[][] = [];
  for (const t of threads) {
    for (const c of t.comments) {
      rows.push([
        t.id,
        t.status,
        t.anchor.type,
        quoteOf(t),
        t.anchor.type === "canvas" ? (t.anchor.shapeId ?? "") : "",
        t.anchor.orphaned ? "sí" : "no",
        c.id,
        c.author.name,
        c.author.org.shortName,
        iso(c.createdAt),
        iso(c.editedAt),
        c.deleted ? "sí" : "no",
        bodyText(c),
        t.resolvedBy?.name ?? "",
        iso(t.resolvedAt),
        t.resolutionNote ?? "",
      ]);
    }
  }
  return rows;
}

function csv(threads: ThreadView[]): string {
  return csvFile([CSV_HEADER, ...threadsCsvRows(threads)]);
}

const personOut = (p: ThreadView["openedBy"]) => ({ id: p.id, name: p.name, agency: p.org.shortName, agencyName: p.org.name });

function json(document: StudyDocument, threads: ThreadView[], exportedAt: Date): string {
  return JSON.stringify(
    {
      document: { id: document.id, title: document.title, kind: document.kind, projectId: document.projectId },
      exportedAt: exportedAt.toISOString(),
      threads: threads.map((t) => ({
        id: t.id,
        status: t.status,
        anchor:
          t.anchor.type === "text"
            ? { type: "text", quote: t.anchor.quote, orphaned: t.anchor.orphaned }
            : { type: "canvas", shapeId: t.anchor.shapeId ?? null, point: t.anchor.point ?? null, region: t.anchor.region ?? null, orphaned: t.anchor.orphaned },
        openedBy: personOut(t.openedBy),
        createdAt: iso(t.createdAt),
        resolvedBy: t.resolvedBy ? personOut(t.resolvedBy) : null,
        resolvedAt: t.resolvedAt === null ? null : iso(t.resolvedAt),
        resolutionNote: t.resolutionNote,
        comments: t.comments.map((c) => ({
          id: c.id,
          author: personOut(c.author),
          body: bodyText(c),
          createdAt: iso(c.createdAt),
          editedAt: c.editedAt === null ? null : iso(c.editedAt),
          deleted: c.deleted,
        })),
      })),
    },
    null,
    2,
  );
}

/** Literal text on one Markdown line (markup and HTML escaped, line breaks as spaces). */
const mdText = (text: string): string => markdownTitle(text);

/** A multi-line text as a Markdown block quote, each line escaped. */
function mdQuote(text: string): string {
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((line) => (line.trim() === "" ? ">" : `> ${mdText(line)}`))
    .join("\n");
}

function markdown(document: StudyDocument, threads: ThreadView[], exportedAt: Date): string {
  const out: string[] = [`# Comentarios: ${mdText(document.title)}`, "", `Exportado el ${exportedAt.toISOString()}. ${threads.length} hilo(s).`, ""];
  threads.forEach((t, index) => {
    const status = t.status === "open" ? "abierto" : "resuelto";
    out.push(`## Hilo ${index + 1} (${status})`, "");
    if (t.anchor.type === "text") {
      out.push(`Sobre el texto${t.anchor.orphaned ? " (texto eliminado)" : ""}:`, "", mdQuote(t.anchor.quote), "");
    } else {
      const where = t.anchor.shapeId ? `la figura ${mdText(t.anchor.shapeId)}` : t.anchor.region ? "una región" : "un punto";
      out.push(`Sobre el lienzo: ${where}${t.anchor.orphaned ? " (figura eliminada)" : ""}.`, "");
    }
    for (const c of t.comments) {
      const edited = c.editedAt !== null && !c.deleted ? `, editado ${iso(c.editedAt)}` : "";
      out.push(`**${mdText(c.author.name)}** (${mdText(c.author.org.shortName)}), ${iso(c.createdAt)}${edited}:`, "");
      out.push(c.deleted ? `*${DELETED_COMMENT}*` : mdQuote(bodyAsPlainText(c.body)), "");
    }
    if (t.status === "resolved") {
      const by = t.resolvedBy ? `${mdText(t.resolvedBy.name)} (${mdText(t.resolvedBy.org.shortName)})` : "";
      out.push(`Resuelto por ${by} el ${iso(t.resolvedAt)}.`, "");
      if (t.resolutionNote) out.push(mdQuote(t.resolutionNote), "");
    }
  });
  return out.join("\n");
}

/** The export file of a document's threads (as the API presents them, oldest first). */
export function exportThreads(document: StudyDocument, threads: ThreadView[], format: ThreadExportFormat, exportedAt = new Date()) {
  const body = format === "csv" ? csv(threads) : format === "json" ? json(document, threads, exportedAt) : markdown(document, threads, exportedAt);
  return { body, contentType: CONTENT_TYPES[format], disposition: threadsExportDisposition(document.title, format) };
}
