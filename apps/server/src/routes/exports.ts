import { Hono } from "hono";
import { reviewExportQuerySchema } from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { queryOf } from "../http/validate";
import { loadReviews } from "../queries/reviews";
import { draftRecord } from "../meetings/seal";
import { recordAudit } from "../commands/audit";
import type { ActaView } from "../export/acta";

/**
 * Export routes of issue 13: a review round's decisions (CSV/JSON), a meeting's acta
 * (PDF/HTML/Markdown: the sealed record, or a draft marked as such) and a project's dossier (ZIP).
 * The PDF and ZIP writers load on the first export, not at every server start. Every file is
 * `Cache-Control: no-store`: it says what the database holds now (or, sealed, forever).
 */
export function exportRoutes(deps: AppDeps) {
  const { db } = deps;
  const { host } = deps.realtime;
  const { reviewAccess, projectAccess, meetingAccess } = accessGuards(db);

  /** The acta of a meeting (the reader was checked by `meetingAccess("read")`): its seal, or a draft from the live data and the acta room. */
  const actaView = async (meeting: { id: string }): Promise<ActaView> => {
    const { sealedActaView } = await import("../export/acta-view");
    const sealed = await sealedActaView(db, meeting.id);
    if (sealed) return sealed;
    // Not sealed: the seal's own record builder on the data as it is now (A's draftRecord, acta
    // read from its room); `seal` null makes it a draft («BORRADOR — sin sellar», no seal hash).
    return { record: await draftRecord(db, deps.realtime.acta, meeting.id), seal: null, addenda: [] };
  };

  const headers = (contentType: string, disposition: string) => ({ "Content-Type": contentType, "Content-Disposition": disposition, "Cache-Control": "no-store" });

  return new Hono<AppEnv>()
    .get("/reviews/:id/export", reviewAccess("document.read"), queryOf(reviewExportQuerySchema), async (c) => {
      const { round } = c.get("access");
      const { format } = c.req.valid("query");
      const { meetingTitles, reviewExportFile } = await import("../export/review-export");
      const listing = await loadReviews(db, { roundIds: [round.id] });
      const record = listing.records[0]!;
      const out = reviewExportFile(record, listing, await meetingTitles(db, [record]), format);
      return c.body(out.body, 200, headers(out.contentType, out.disposition));
    })
    .get("/meetings/:id/acta.pdf", meetingAccess("read"), async (c) => {
      const view = await actaView(c.get("access").meeting);
      const { actaPdf, actaDisposition } = await import("../export/acta");
      return c.body(new Uint8Array(await actaPdf(view)), 200, headers("application/pdf", actaDisposition(view, "pdf")));
    })
    .get("/meetings/:id/acta.html", meetingAccess("read"), async (c) => {
      const view = await actaView(c.get("access").meeting);
      const { actaHtml, actaDisposition } = await import("../export/acta");
      return c.body(await actaHtml(view), 200, headers("text/html; charset=UTF-8", actaDisposition(view, "html")));
    })
    .get("/meetings/:id/acta.md", meetingAccess("read"), async (c) => {
      const view = await actaView(c.get("access").meeting);
      const { actaMarkdown, actaDisposition } = await import("../export/acta");
      return c.body(await actaMarkdown(view), 200, headers("text/markdown; charset=utf-8", actaDisposition(view, "md")));
    })
    .get("/projects/:id/dossier.zip", projectAccess("project.read"), async (c) => {
      const actor = c.get("actor");
      const access = c.get("access");
      const { buildDossier, dossierDisposition } = await import("../export/dossier");
      const { zip, manifest } = await buildDossier({ db, live: host, actor, access });
      // Audited once the file exists, in its own transaction like every other audited action.
      await db.transaction(async (tx) => {
        await recordAudit(tx, {
          actorId: actor.userId,
          action: "project.dossier_downloaded",
          subjectType: "project",
          subjectId: access.project.id,
          projectId: access.project.id,
          details: { files: manifest.files.length, bytes: zip.byteLength, generatedAt: manifest.generatedAt },
        });
      });
      return c.body(new Uint8Array(zip), 200, headers("application/zip", dossierDisposition(access.project.clave)));
    });
}
