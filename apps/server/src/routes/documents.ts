import { Hono } from "hono";
import { documentExportQuerySchema, documentRenameSchema, DomainError } from "@taller/domain";
import { readCanvas } from "@taller/editor-schema/canvas";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { jsonBody, queryOf } from "../http/validate";
import { renameDocument } from "../commands/documents";
import { presentDocument, presentOpenedDocument } from "../presenters/documents";
import { exportDisposition, exportStudy } from "../export/study-export";

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
      const { format } = c.req.valid("query");
      if (document.kind !== "text") {
        throw new DomainError("export_not_supported", "Solo los documentos de texto se exportan como HTML o Markdown.");
      }
      const file = await exportStudy((read) => host.withDoc(document.collabName, read), document.title, format);
      return c.body(file.body, 200, { "Content-Type": file.contentType, "Content-Disposition": exportDisposition(document.title, format) });
    });
}
