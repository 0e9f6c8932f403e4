import { html, raw } from "hono/html";
import { create as contentDisposition } from "content-disposition";
import { markdownTitle, sanitizeStudyJson } from "./safety";

export type ExportFormat = "html" | "md" | "pdf" | "docx";

/**
 * A file name for a document's title that is safe on every system: control characters and
 * characters that file systems or shells reserve become spaces; empty titles become "documento".
 */
function fileBaseName(title: string): string {
  return (
    [...title.normalize("NFC")]
      .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? " " : ch))
      .join("")
      .trim()
      .slice(0, 120) || "documento"
  );
}

/**
 * The Content-Disposition of an export: the title as file name, Spanish letters kept through
 * RFC 8187 (`filename*`), and for older clients an ASCII name with the accents taken off
 * ("Diseño" → "Diseno") rather than replaced by "?".
 */
export function exportDisposition(title: string, format: ExportFormat): string {
  const name = `${fileBaseName(title)}.${format}`;
  const ascii = name.normalize("NFD").replace(/[^\x20-\x7e]/g, "");
  return contentDisposition(name, { fallback: ascii === `.${format}` ? `documento.${format}` : ascii });
}

/**
 * A study as a standalone file: Markdown with the title as its heading, or an HTML page whose
 * title is escaped by `hono/html` and whose body is the schema's own rendering. Links and images
 * are made safe first (`./safety`).
 */
export async function exportStudy(
  /** The study's ProseMirror JSON: the live room's (what was last saved) or a version's. */
  json: unknown,
  title: string,
  format: "html" | "md",
  /** A line said under the title (a version's name and hash), or null. */
  note: string | null = null,
): Promise<{ body: string; contentType: string }> {
  // The study schema tools (TipTap, ProseMirror, and for HTML a DOM implementation) are loaded on
  // the first export rather than by every server process at start.
  const { studyMarkdown, studyHtml } = await import("@taller/editor-schema/server");
  if (format === "md") {
    const head = note ? `# ${markdownTitle(title)}\n\n*${markdownTitle(note)}*\n\n` : `# ${markdownTitle(title)}\n\n`;
    return { body: `${head}${studyMarkdown(sanitizeStudyJson(json as object, "md"))}\n`, contentType: "text/markdown; charset=utf-8" };
  }
  const body = await studyHtml(sanitizeStudyJson(json as object, "html"));
  const page = await html`<!doctype html>
<html lang="es-MX">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
<h1>${title}</h1>
${note ? html`<p><em>${note}</em></p>
` : ""}${raw(body)}
</body>
</html>
`;
  return { body: page.toString(), contentType: "text/html; charset=UTF-8" };
}
