import { Hono } from "hono";
import { documentExportQuerySchema, documentRenameSchema, DomainError } from "@taller/domain";
import { readCanvas } from "@taller/editor-schema/canvas";
import { documentVersions } from "@taller/db";
import { and, eq } from "@taller/db/sql";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { jsonBody, queryOf } from "../http/validate";
import { archiveDocument, deleteDocument, renameDocument, restoreDocument } from "../commands/documents";
import { presentDocument, presentOpenedDocument } from "../presenters/documents";

/** Routes addressed by document id (deep links open a document without knowing its project). */
export function documentRoutes(deps: AppDeps) {
  const { db } = deps;
  const { documentAccess } = accessGuards(db);
  const { host } = deps.realtime;
  return new Hono<AppEnv>()
    .get("/:id", documentAccess("document.read"), (c) => {
      return c.json(presentOpenedDocument(c.get("actor"), c.get("access")));
    })
    .patch("/:id", documentAccess("document.rename"), jsonBody(documentRenameSchema), async (c) => {
      const input = c.req.valid("json");
      return c.json(presentDocument(await renameDocument({ db, actor: c.get("actor"), access: c.get("access"), input })));
    })
    .post("/:id/archive", documentAccess("document.archive"), async (c) => {
      const document = await archiveDocument({ db, actor: c.get("actor"), access: c.get("access"), input: undefined });
      await deps.realtime.documentArchiveChanged(document.collabName, true);
      return c.json(presentDocument(document));
    })
    .post("/:id/restore", documentAccess("document.archive"), async (c) => {
      const document = await restoreDocument({ db, actor: c.get("actor"), access: c.get("access"), input: undefined });
      await deps.realtime.documentArchiveChanged(document.collabName, false);
      return c.json(presentDocument(document));
    })
    .delete("/:id", documentAccess("document.delete"), async (c) => {
      const access = c.get("access");
      await deleteDocument({ db, actor: c.get("actor"), access, input: undefined });
      await deps.realtime.documentDeleted(access.document.collabName);
      return c.body(null, 204);
    })
    .get("/:id/content", documentAccess("document.read"), async (c) => {
      const { document } = c.get("access");
      // Readers never throw on stored content: what the schema cannot represent (stored before
      // updates were validated) is skipped, logged, and listed in `skipped`.
      if (document.kind === "text") {
        // The study schema tools (TipTap, ProseMirror) load on first use, not at every start.
        const { readStudy } = await import("@taller/editor-schema/server");
        const { json: content, skipped } = await host.withDoc(document.collabName, (doc) => readStudy(doc));
        if (skipped.length > 0) console.warn(`[documents] ${document.collabName}: content skipped on read`, skipped);
        return c.json({ kind: "text" as const, content, ...(skipped.length > 0 ? { skipped } : {}) });
      }
      const { records, skipped } = await host.withDoc(document.collabName, (doc) => readCanvas(doc));
      if (skipped.length > 0) console.warn(`[documents] ${document.collabName}: content skipped on read`, skipped);
      return c.json({ kind: "canvas" as const, records, ...(skipped.length > 0 ? { skipped } : {}) });
    })
    .get("/:id/export", documentAccess("document.read"), queryOf(documentExportQuerySchema), async (c) => {
      const { document } = c.get("access");
      const { format, version: versionId } = c.req.valid("query");
      if (document.kind !== "text") {
        // Canvases export in the browser (tldraw draws them as SVG and PNG).
        throw new DomainError("export_not_supported", "Solo los documentos de texto se exportan como PDF, Word, HTML o Markdown.");
      }
      let content: unknown;
      let version: { number: number; name: string; sha256: string } | null = null;
      if (versionId) {
        // A frozen version's content, which must be one of this document's versions.
        const [row] = await db
          .select({ number: documentVersions.number, name: documentVersions.name, sha256: documentVersions.sha256, content: documentVersions.content })
          .from(documentVersions)
          .where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, document.id)));
        if (!row) throw new DomainError("version_not_found", "No existe la versión en este documento.");
        content = row.content;
        version = { number: row.number, name: row.name, sha256: row.sha256 };
      } else {
        const { studyJson } = await import("@taller/editor-schema/server");
        content = await host.withDoc(document.collabName, (doc) => studyJson(doc));
      }
      // The PDF and Word writers (pdfmake, docx) load on the first export, not at every start.
      const { studyExportFile } = await import("../export/study-file");
      const file = await studyExportFile({ db, projectId: document.projectId, title: document.title, content, format, version });
      return c.body(file.body, 200, { "Content-Type": file.contentType, "Content-Disposition": file.disposition, "Cache-Control": "no-store" });
    });
}
