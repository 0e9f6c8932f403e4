import { Hono } from "hono";
import { z } from "zod";
import type { StudyDocument } from "@taller/db";
import type { AppEnv } from "../http/env";
import { readJson } from "../http/validate";
import { actorOf, authorizeDocument } from "../queries/access";
import { renameDocument } from "../commands/documents";
import { DomainError } from "@taller/domain";
import { readCanvas } from "@taller/editor-schema/canvas";
import { validate } from "../http/validate";
import { markdownTitle, sanitizeStudyJson } from "./export-safety";
import type { AppDeps } from "../app";

/** The API shape of a document. */
export function documentView(d: StudyDocument) {
  return {
    id: d.id,
    projectId: d.projectId,
    kind: d.kind,
    title: d.title,
    collabName: d.collabName,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

const renameSchema = z.strictObject({ title: z.string().trim().min(1).max(200) });
const exportQuery = z.object({ format: z.enum(["html", "md"]) });

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

/** A file name safe in Content-Disposition, keeping Spanish letters via RFC 5987. */
function attachment(title: string, extension: string): string {
  const base =
    [...title.normalize("NFC")]
      .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? " " : ch))
      .join("")
      .trim()
      .slice(0, 120) || "documento";
  const ascii = base.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/"/g, "") || "documento";
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${encodeURIComponent(base)}.${extension}`;
}

/** Routes addressed by document id (deep links open a document without knowing its project). */
export function documentRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get("/:id", async (c) => {
      const { document, role } = await authorizeDocument(db, actorOf(c.get("user")), c.req.param("id"), "document.read");
      return c.json({ ...documentView(document), myRole: role });
    })
    .patch("/:id", async (c) => {
      const actor = actorOf(c.get("user"));
      await authorizeDocument(db, actor, c.req.param("id"), "document.rename");
      const { title } = await readJson(c, renameSchema);
      return c.json(documentView(await renameDocument(db, actor, c.req.param("id"), title)));
    })
    .get("/:id/content", async (c) => {
      const { document } = await authorizeDocument(db, actorOf(c.get("user")), c.req.param("id"), "document.read");
      // Readers never throw on stored content: what the schema cannot represent (stored before
      // updates were validated) is skipped, logged, and listed in `skipped`.
      if (document.kind === "text") {
        const { readStudy } = await studyTools();
        const { json: content, skipped } = await deps.realtime.host.withDoc(document.collabName, (doc) => readStudy(doc));
        if (skipped.length > 0) console.warn(`[documents] ${document.collabName}: content skipped on read`, skipped);
        return c.json({ kind: "text", content, ...(skipped.length > 0 ? { skipped } : {}) });
      }
      const { records, skipped } = await deps.realtime.host.withDoc(document.collabName, (doc) => readCanvas(doc));
      if (skipped.length > 0) console.warn(`[documents] ${document.collabName}: content skipped on read`, skipped);
      return c.json({ kind: "canvas", records, ...(skipped.length > 0 ? { skipped } : {}) });
    })
    .get("/:id/export", async (c) => {
      const { document } = await authorizeDocument(db, actorOf(c.get("user")), c.req.param("id"), "document.read");
      const { format } = validate(exportQuery, c.req.query());
      if (document.kind !== "text") {
        throw new DomainError("export_not_supported", "Solo los documentos de texto se exportan como HTML o Markdown.");
      }
      const { studyJson, studyMarkdown, studyHtml } = await studyTools();
      const json = await deps.realtime.host.withDoc(document.collabName, (doc) => studyJson(doc));
      if (format === "md") {
        c.header("Content-Disposition", attachment(document.title, "md"));
        const markdown = studyMarkdown(sanitizeStudyJson(json, "md"));
        return c.body(`# ${markdownTitle(document.title)}\n\n${markdown}\n`, 200, { "Content-Type": "text/markdown; charset=utf-8" });
      }
      c.header("Content-Disposition", attachment(document.title, "html"));
      const title = escapeHtml(document.title);
      const body = await studyHtml(sanitizeStudyJson(json, "html"));
      return c.html(
        `<!doctype html>\n<html lang="es-MX">\n<head><meta charset="utf-8"><title>${title}</title></head>\n` +
          `<body>\n<h1>${title}</h1>\n${body}\n</body>\n</html>\n`,
      );
    });
}

/**
 * The study schema tools (TipTap, ProseMirror, and for HTML a DOM implementation), loaded on the
 * first request that needs them rather than by every server process at start.
 */
function studyTools() {
  return import("@taller/editor-schema/server");
}
