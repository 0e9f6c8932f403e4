import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import canonicalize from "canonicalize";
import { auditLog } from "@taller/db";
import { and, eq } from "@taller/db/sql";
import { canvasStore } from "@taller/editor-schema";
import { restoreStudyContent } from "@taller/editor-schema/server";
import { geoShape } from "@taller/editor-schema/testing";
import { startTestApp, type TestApp } from "../support/app";
import { projectWithRoles, type ProjectWithRoles } from "../support/project-roles";
import { download, pdfImageCount, pdfText, pdfWords, unzip } from "../support/export-files";

/**
 * A meeting that approves a study's version, its acta as a draft and sealed (PDF, Markdown, HTML),
 * and the project's dossier (ZIP): every file the manifest lists, with its SHA-256; the approved
 * versions (a study and a canvas) as PDF + content JSON whose JCS hash is the version's; the sealed
 * acta as PDF + JSON; decisions.csv and threads.csv; who may download it; the audit row.
 */

let t: TestApp;
let projectId: string;
let clients: ProjectWithRoles["clients"];
let ids: ProjectWithRoles["ids"];
let study: { id: string; collabName: string };
let canvas: { id: string; collabName: string };
let studyVersion: { id: string; sha256: string; number: number };
let canvasVersion: { id: string; sha256: string };
let meetingId: string;
let seal: { sha256: string; sealedAt: string };
const PNG = readFileSync(join(import.meta.dirname, "../fixtures/exports/plano.png"));

/** What anyone outside Taller computes: SHA-256 (hex) of the RFC 8785 form. */
const jcs = (value: unknown) => createHash("sha256").update(canonicalize(value)!, "utf8").digest("hex");
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function ok<T = any>(res: Promise<{ status: number; body: T }>, status = 200): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

beforeAll(async () => {
  t = await startTestApp();
  ({ projectId, clients, ids } = await projectWithRoles(t));
  const { owner, reviewer } = clients;
  study = await ok(owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Estudio vial: Peñón" }), 201);
  canvas = await ok(owner.post(`/api/projects/${projectId}/documents`, { kind: "canvas", title: "Croquis del puente" }), 201);
  const asset = await ok(owner.request("POST", `/api/documents/${study.id}/assets`, new Uint8Array(PNG), { "content-type": "image/png" }), 201);
  await t.deps.realtime.host.withDoc(study.collabName, (doc) =>
    restoreStudyContent(doc, {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Diagnóstico del Peñón" }] },
        { type: "paragraph", content: [{ type: "text", text: "¿Cuántos carriles? Señalización pendiente." }] },
        { type: "image", attrs: { src: `/api/assets/${asset.id}`, alt: "Plano", title: null, width: null, height: null } },
      ],
    }),
  );
  await t.deps.realtime.host.withDoc(canvas.collabName, (doc) => {
    doc.transact(() => {
      canvasStore(doc).set("page:p1", { id: "page:p1", typeName: "page", name: "Planta", index: "a1", meta: {} });
      canvasStore(doc).set("shape:puente", geoShape("shape:puente", { props: { richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Puente «norte» ñ" }] }] } } }));
    });
  });
  studyVersion = await ok(owner.post(`/api/documents/${study.id}/versions`, { name: "Entrega para comité" }), 201);
  canvasVersion = await ok(owner.post(`/api/documents/${canvas.id}/versions`, { name: "Croquis final" }), 201);

  // The canvas is approved outside any meeting; the study in the meeting.
  const canvasRound = await ok(owner.post(`/api/versions/${canvasVersion.id}/reviews`, { participants: [{ userId: ids.reviewer }], rule: "any" }), 201);
  await ok(reviewer.post(`/api/reviews/${canvasRound.id}/decisions`, { decision: "favorable" }), 201);
  const studyRound = await ok(owner.post(`/api/versions/${studyVersion.id}/reviews`, { participants: [{ userId: ids.reviewer }], rule: "any" }), 201);

  const startsAt = new Date(Date.now() + 3600_000).toISOString();
  const meeting = await ok(owner.post("/api/meetings", { title: "Sesión de comité núm. 4", kind: "committee_session", startsAt, place: "Sala de Cabildo, Peñón" }), 201);
  meetingId = meeting.id;
  await ok(owner.post(`/api/meetings/${meetingId}/agenda`, { reviewId: studyRound.id }), 201);
  await ok(owner.post(`/api/meetings/${meetingId}/agenda`, { topic: "Asuntos generales" }), 201);
  const attendee = await ok(owner.post(`/api/meetings/${meetingId}/attendees`, { userId: ids.reviewer }), 201);
  const guest = await ok(owner.post(`/api/meetings/${meetingId}/attendees`, { name: "Ana Pérez", orgName: "Colegio de Ingenieros" }), 201);
  await ok(owner.patch(`/api/meetings/${meetingId}/attendees/${attendee.id}`, { attendance: "present" }));
  await ok(owner.patch(`/api/meetings/${meetingId}/attendees/${guest.id}`, { attendance: "represented", representedBy: "Luis Ávila" }));
  await ok(owner.post(`/api/meetings/${meetingId}/agreements`, { text: "Entregar el aforo vehicular", responsibleName: "Ana Pérez", dueOn: "2026-12-15" }), 201);
  await ok(owner.post(`/api/meetings/${meetingId}/start`));
  await ok(reviewer.post(`/api/reviews/${studyRound.id}/decisions`, { decision: "favorable_with_observations", reason: "Faltan cruces peatonales", meetingId }), 201);
  // A comment thread on the canvas, for threads.csv (its body would be a formula in a spreadsheet).
  await ok(owner.post(`/api/documents/${canvas.id}/threads`, { anchor: { type: "canvas", point: { x: 5, y: 5 } }, body: "=1+1 ¿y la rampa?" }), 201);
});

afterAll(async () => {
  await t?.close();
});

describe("the acta", () => {
  it("is a draft «BORRADOR — sin sellar» without a seal hash until the meeting is closed", async () => {
    const res = await download(clients.reviewer, `/api/meetings/${meetingId}/acta.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const text = pdfText(res.bytes);
    expect(text).toContain("BORRADOR — sin sellar");
    expect(text).toContain("Sesión de comité núm. 4");
    expect(text).not.toContain("SHA-256 del sello");
    const md = await clients.reviewer.get(`/api/meetings/${meetingId}/acta.md`);
    expect(md.body).toContain("**BORRADOR — sin sellar**");
    expect(md.body).not.toContain("SHA-256 del sello");
    expect((await clients.outsider.get(`/api/meetings/${meetingId}/acta.pdf`)).status).toBe(404);
  });

  it("once sealed, lists attendees, decisions, the approved version's recomputable hash and the seal", async () => {
    const closed = await ok(clients.owner.post(`/api/meetings/${meetingId}/close`));
    expect(closed.status).toBe("sealed");
    seal = { sha256: closed.sha256, sealedAt: closed.sealedAt };
    const stored = await ok(clients.reviewer.get(`/api/meetings/${meetingId}/seal`));
    expect(jcs(stored.record)).toBe(seal.sha256);
    const version = await ok(clients.reviewer.get(`/api/versions/${studyVersion.id}`));
    expect(jcs(version.content)).toBe(studyVersion.sha256);

    // A correction after the seal is an addendum: printed with its own hash, the seal unchanged.
    const addendum = await ok(clients.owner.post(`/api/meetings/${meetingId}/addenda`, { body: "Se corrige: el aforo lo entrega Obra Pública." }), 201);

    const res = await download(clients.reviewer, `/api/meetings/${meetingId}/acta.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("Acta");
    const text = pdfText(res.bytes);
    // Table cells wrap: their words are compared with whitespace collapsed.
    const words = pdfWords(res.bytes);
    expect(text).not.toContain("BORRADOR");
    for (const expected of ["Sesión de comité núm. 4", "Sala de Cabildo, Peñón", "Rosa Vega", "Presente", "Ana Pérez", "Colegio de Ingenieros", "Representado por Luis Ávila", "Favorable con observaciones", "Motivo: Faltan cruces peatonales", "En esta sesión", "Asuntos generales", "Entregar el aforo vehicular — Responsable: Ana Pérez. Fecha compromiso: 15 de diciembre de 2026."]) {
      expect(words).toContain(expected);
    }
    // The approved version's hash (as anyone recomputes it) and the seal's, each whole on one line.
    expect(text).toContain(`SHA-256: ${studyVersion.sha256}`);
    expect(text).toContain(`SHA-256 del sello: ${seal.sha256}`);
    expect(words).toContain("Adenda 1");
    expect(words).toContain("Se corrige: el aforo lo entrega Obra Pública.");
    expect(text).toContain(`SHA-256 de la adenda: ${addendum.sha256}`);

    const md = await clients.reviewer.get(`/api/meetings/${meetingId}/acta.md`);
    expect(md.body).toContain(seal.sha256);
    expect(md.body).toContain(studyVersion.sha256);
    const html = await clients.reviewer.get(`/api/meetings/${meetingId}/acta.html`);
    expect(html.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(html.body).toContain(`<code>${seal.sha256}</code>`);
    expect(html.body).toContain("Representado por Luis Ávila");
  });
});

describe("the dossier", () => {
  it("zips the project, approved versions, the sealed acta, decisions and threads, with a manifest of SHA-256s", async () => {
    const before = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "project.dossier_downloaded"), eq(auditLog.projectId, projectId)));
    const res = await download(clients.viewer, `/api/projects/${projectId}/dossier.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="expediente-[A-Z0-9-]+\.zip"$/);
    const files = unzip(res.bytes);
    const manifest = JSON.parse(files.get("manifest.json")!.toString("utf8"));
    expect(manifest.project).toMatchObject({ id: projectId, name: "Libramiento norte" });
    expect(manifest.generatedBy.id).toBe(ids.viewer);
    // Every file but the manifest is listed, with its real SHA-256 and size; nothing else is in the ZIP.
    expect(new Set(manifest.files.map((f: { path: string }) => f.path))).toEqual(new Set([...files.keys()].filter((p) => p !== "manifest.json")));
    for (const f of manifest.files) {
      expect(f.path).toMatch(/^[a-z0-9./-]+$/);
      expect(sha(files.get(f.path)!), f.path).toBe(f.sha256);
      expect(files.get(f.path)!.byteLength).toBe(f.bytes);
    }
    const paths = [...files.keys()];
    expect(JSON.parse(files.get("project.json")!.toString("utf8"))).toMatchObject({ id: projectId, name: "Libramiento norte" });

    // The approved study version: PDF (text and image) + content JSON whose JCS hash is the version's.
    const studyJson = paths.find((p) => p.startsWith("versiones/estudio-vial-penon-") && p.endsWith("/v1-entrega-para-comite.json"))!;
    expect(jcs(JSON.parse(files.get(studyJson)!.toString("utf8")))).toBe(studyVersion.sha256);
    const studyPdf = files.get(studyJson.replace(/\.json$/, ".pdf"))!;
    expect(pdfText(studyPdf)).toContain("¿Cuántos carriles? Señalización pendiente.");
    expect(pdfText(studyPdf)).toContain(studyVersion.sha256);
    expect(pdfImageCount(studyPdf)).toBe(1);
    // The approved canvas version: content JSON + a PDF of facts with the shape inventory.
    const canvasJson = paths.find((p) => p.startsWith("versiones/croquis-del-puente-") && p.endsWith("/v1-croquis-final.json"))!;
    expect(jcs(JSON.parse(files.get(canvasJson)!.toString("utf8")))).toBe(canvasVersion.sha256);
    const canvasText = pdfText(files.get(canvasJson.replace(/\.json$/, ".pdf"))!);
    expect(canvasText).toContain("Puente «norte» ñ");
    expect(canvasText).toContain(canvasVersion.sha256);
    expect(canvasText).toContain("SVG o PNG");

    // The sealed acta: PDF + JSON {record, sha256, sealedAt, addenda}.
    const actaJsonPath = paths.find((p) => p.startsWith("actas/") && p.endsWith(".json"))!;
    expect(actaJsonPath).toMatch(/^actas\/\d{4}-\d{2}-\d{2}-sesion-de-comite-num-4-[0-9a-f]{8}\.json$/);
    const acta = JSON.parse(files.get(actaJsonPath)!.toString("utf8"));
    expect(acta.sha256).toBe(seal.sha256);
    expect(jcs(acta.record)).toBe(seal.sha256);
    expect(acta.addenda).toMatchObject([{ body: "Se corrige: el aforo lo entrega Obra Pública.", createdBy: { name: "Lucía Méndez", org: "IMPLAN" } }]);
    expect(pdfText(files.get(actaJsonPath.replace(/\.json$/, ".pdf"))!)).toContain(`SHA-256 del sello: ${seal.sha256}`);

    // decisions.csv: both rounds' decisions, the meeting named on the one taken in it.
    const decisions = files.get("decisions.csv")!.toString("utf8").slice(1).trim().split("\r\n");
    expect(decisions).toHaveLength(3);
    expect(decisions.find((l) => l.includes("Favorable con observaciones"))).toContain('"Sesión de comité núm. 4","vigente"');
    // threads.csv: the canvas thread, its formula-like body neutralized.
    const threads = files.get("threads.csv")!.toString("utf8").slice(1).trim().split("\r\n");
    expect(threads).toHaveLength(2);
    expect(threads[1]).toContain(`"${canvas.id}","Croquis del puente"`);
    expect(threads[1]).toContain(`"'=1+1 ¿y la rampa?"`);

    const after = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "project.dossier_downloaded"), eq(auditLog.projectId, projectId)));
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({ actorId: ids.viewer, subjectType: "project", subjectId: projectId });
  });

  it("is not found for someone outside the project, and not audited", async () => {
    const before = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "project.dossier_downloaded"));
    const res = await clients.outsider.get(`/api/projects/${projectId}/dossier.zip`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("project_not_found");
    expect(await t.database.db.select().from(auditLog).where(eq(auditLog.action, "project.dossier_downloaded"))).toHaveLength(before.length);
  });
});
