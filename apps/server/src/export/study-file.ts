import type { Executor } from "@taller/db";
import { exportDisposition, exportStudy, type ExportFormat } from "./study-export";
import { loadStudyImages } from "./study-images";
import { studyPdfContent } from "./study-pdf";
import { studyDocx } from "./study-docx";
import { renderPdf } from "./pdf";
import { formatDateTime } from "./labels";

/** The version an export is of (null: the live document). */
export interface ExportedVersion {
  number: number;
  name: string;
  sha256: string;
}

/** The line that says which version a file is: number, name and the SHA-256 anyone can recompute. */
export const versionLine = (v: ExportedVersion): string => `Versión ${v.number} «${v.name}» · SHA-256 ${v.sha256}`;

/** A study as a PDF: title, content, and on every page a footer with the version (if any) and the page number. */
export async function studyPdf(input: { db: Executor; projectId: string; title: string; content: unknown; version: ExportedVersion | null }): Promise<Buffer> {
  const images = await loadStudyImages(input.db, input.projectId, input.content);
  const line = input.version ? versionLine(input.version) : `Documento vivo (sin versión congelada), exportado el ${formatDateTime(new Date())}`;
  return renderPdf({
    info: { title: input.title, creator: "Taller", ...(input.version ? { subject: line } : {}) },
    content: [{ text: input.title, style: "title" }, ...studyPdfContent(input.content, images)],
    footer: (page, pages) => ({
      margin: [56, 16, 56, 0],
      columns: [
        { text: line, style: "small", width: "*" },
        { text: `${page} / ${pages}`, style: "small", width: "auto", alignment: "right" },
      ],
    }),
  });
}

/**
 * The file of `GET /api/documents/:id/export`: a study (live or a version's frozen content) as
 * PDF, DOCX, HTML or Markdown, with its Content-Type and Content-Disposition.
 */
export async function studyExportFile(input: {
  db: Executor;
  projectId: string;
  title: string;
  content: unknown;
  format: ExportFormat;
  version: ExportedVersion | null;
}): Promise<{ body: string | Uint8Array<ArrayBuffer>; contentType: string; disposition: string }> {
  const { db, projectId, title, content, format, version } = input;
  const disposition = exportDisposition(version ? `${title} - v${version.number}` : title, format);
  if (format === "pdf") {
    return { body: new Uint8Array(await studyPdf({ db, projectId, title, content, version })), contentType: "application/pdf", disposition };
  }
  if (format === "docx") {
    const images = await loadStudyImages(db, projectId, content);
    const body = await studyDocx({ title, content, images, footer: version ? versionLine(version) : null });
    return { body: new Uint8Array(body), contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", disposition };
  }
  const file = await exportStudy(content, title, format, version ? versionLine(version) : null);
  return { ...file, disposition };
}
