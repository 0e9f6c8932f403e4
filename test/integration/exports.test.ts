import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { VERSION_CONTROL_NOTE } from "@taller/editor-schema";
import { restoreStudyContent } from "@taller/editor-schema/server";
import { download, pdfImageCount, pdfText, unzip } from "../support/export-files";
import { startTestApp, type TestApp } from "../support/app";
import { projectWithRoles, type ProjectWithRoles } from "../support/project-roles";

/**
 * Exports of issue 13 through the real app: a study (heading, lists, a table, an uploaded image,
 * Spanish accents) as PDF — text read back with poppler's `pdftotext`, images counted with
 * `pdfimages` — and DOCX (unzipped: word/document.xml and word/media); a version's frozen content
 * against the live study; a review round's decisions as CSV (formula-safe) and JSON.
 */

let t: TestApp;
let projectId: string;
let clients: ProjectWithRoles["clients"];
let ids: ProjectWithRoles["ids"];
let orgs: ProjectWithRoles["orgs"];
let study: { id: string; collabName: string };
let canvas: { id: string };
let other: { id: string };
let assetId: string;
const PNG = readFileSync(join(import.meta.dirname, "../fixtures/exports/plano.png"));

const text = (content: string, marks?: { type: string; attrs?: Record<string, unknown> }[]) => ({ type: "text", text: content, ...(marks ? { marks } : {}) });
const para = (...content: object[]) => ({ type: "paragraph", content });
const cell = (type: "tableCell" | "tableHeader", content: string) => ({ type, attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [para(text(content))] });

function studyContent(extra: object[] = []) {
  return {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 1 }, content: [text("Diagnóstico de movilidad")] },
      para(text("¿Año de construcción? El señor "), text("Núñez", [{ type: "bold" }]), text(" revisó la "), text("ficha", [{ type: "italic" }]), text(" y el "), text("enlace", [{ type: "link", attrs: { href: "https://implan.example.mx/ficha" } }]), text(".")),
      { type: "bulletList", content: [{ type: "listItem", content: [para(text("Banquetas angostas"))] }, { type: "listItem", content: [para(text("Cruces sin semáforo"))] }] },
      { type: "orderedList", attrs: { start: 1, type: null }, content: [{ type: "listItem", content: [para(text("Levantamiento"))] }, { type: "listItem", content: [para(text("Propuesta"))] }] },
      { type: "table", content: [{ type: "tableRow", content: [cell("tableHeader", "Tramo"), cell("tableHeader", "Longitud")] }, { type: "tableRow", content: [cell("tableCell", "Peñasco norte"), cell("tableCell", "2.5 km")] }] },
      { type: "image", attrs: { src: `/api/assets/${assetId}`, alt: "Plano del tramo", title: null, width: null, height: null } },
      { type: "versionControl" },
      ...extra,
    ],
  };
}

beforeAll(async () => {
  t = await startTestApp();
  ({ projectId, clients, ids, orgs } = await projectWithRoles(t));
  study = (await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Estudio de movilidad: Peñasco" })).body;
  canvas = (await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "canvas", title: "Croquis" })).body;
  other = (await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Otro estudio" })).body;
  const uploaded = await clients.owner.request("POST", `/api/documents/${study.id}/assets`, new Uint8Array(PNG), { "content-type": "image/png" });
  expect(uploaded.status).toBe(201);
  assetId = uploaded.body.id;
  await t.deps.realtime.host.withDoc(study.collabName, (doc) => restoreStudyContent(doc, studyContent()));
});

afterAll(async () => {
  await t?.close();
});

describe("a study as PDF and DOCX", () => {
  it("writes the PDF with the heading, the lists, the table, the image and the accents", async () => {
    const res = await download(clients.viewer, `/api/documents/${study.id}/export?format=pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    // The title is the file name (":" is reserved on file systems), Spanish letters kept through RFC 8187.
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="Estudio de movilidad +Penasco\.pdf"; filename\*=UTF-8''Estudio%20de%20movilidad%20(%20)?Pe%C3%B1asco\.pdf$/);
    expect(res.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const pdf = pdfText(res.bytes);
    for (const expected of ["Estudio de movilidad: Peñasco", "Diagnóstico de movilidad", "¿Año de construcción? El señor Núñez revisó la ficha y el enlace.", "Banquetas angostas", "Cruces sin semáforo", "1. Levantamiento", "2. Propuesta", "Tramo", "Longitud", "Peñasco norte", "2.5 km", VERSION_CONTROL_NOTE]) {
      expect(pdf).toContain(expected);
    }
    expect(pdf).toMatch(/Tramo\s+Longitud/);
    expect(pdf).toMatch(/Peñasco norte\s+2\.5 km/);
    expect(pdfImageCount(res.bytes)).toBe(1);
  });

  it("writes the DOCX with the text in word/document.xml and the uploaded image in word/media", async () => {
    const res = await download(clients.viewer, `/api/documents/${study.id}/export?format=docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toContain(".docx");
    const files = unzip(res.bytes);
    const xml = files.get("word/document.xml")!.toString("utf8");
    for (const expected of ["Diagnóstico de movilidad", "¿Año de construcción? El señor ", "Núñez", "Banquetas angostas", "Levantamiento", "Tramo", "Peñasco norte", "2.5 km", VERSION_CONTROL_NOTE]) {
      expect(xml).toContain(expected);
    }
    expect(xml).toContain('w:pStyle w:val="Heading1"');
    expect(xml).toContain("<w:tbl>");
    expect(xml).toContain("<w:numPr>");
    expect(xml).toContain('descr="Plano del tramo"');
    const media = [...files.keys()].filter((p) => p.startsWith("word/media/"));
    expect(media).toHaveLength(1);
    expect(files.get(media[0]!)!.equals(PNG)).toBe(true);
  });

  it("exports a version's frozen content, not the live study, with its hash in the footer", async () => {
    const version = (await clients.owner.post(`/api/documents/${study.id}/versions`, { name: "Entrega señalética" })).body;
    await t.deps.realtime.host.withDoc(study.collabName, (doc) => restoreStudyContent(doc, studyContent([para(text("Cambio posterior a la entrega"))])));

    const live = pdfText((await download(clients.viewer, `/api/documents/${study.id}/export?format=pdf`)).bytes);
    expect(live).toContain("Cambio posterior a la entrega");
    expect(live).not.toContain(version.sha256);

    const frozen = await download(clients.viewer, `/api/documents/${study.id}/export?format=pdf&version=${version.id}`);
    expect(frozen.status).toBe(200);
    expect(frozen.headers.get("content-disposition")).toContain("v1.pdf");
    const pdf = pdfText(frozen.bytes);
    expect(pdf).not.toContain("Cambio posterior a la entrega");
    expect(pdf).toContain("Diagnóstico de movilidad");
    expect(pdf).toContain(`Versión 1 «Entrega señalética» · SHA-256 ${version.sha256}`);

    const docx = unzip((await download(clients.viewer, `/api/documents/${study.id}/export?format=docx&version=${version.id}`)).bytes);
    expect(docx.get("word/document.xml")!.toString("utf8")).not.toContain("Cambio posterior");
    expect([...docx.values()].some((f) => f.toString("utf8").includes(version.sha256))).toBe(true);

    const md = await clients.viewer.get(`/api/documents/${study.id}/export?format=md&version=${version.id}`);
    expect(md.status).toBe(200);
    expect(md.body).toContain(version.sha256);
    expect(md.body).not.toContain("Cambio posterior");
    const html = await clients.viewer.get(`/api/documents/${study.id}/export?format=html&version=${version.id}`);
    expect(html.body).toContain("<table");
    expect(html.body).not.toContain("Cambio posterior");

    // A version of another document is not this document's: 404, never its content.
    const foreign = (await clients.owner.post(`/api/documents/${other.id}/versions`, { name: "Ajena" })).body;
    const wrong = await clients.viewer.get(`/api/documents/${study.id}/export?format=pdf&version=${foreign.id}`);
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.code).toBe("version_not_found");
  });

  it("refuses canvases (they export in the browser), unknown formats, and hides documents from outsiders", async () => {
    const res = await clients.owner.get(`/api/documents/${canvas.id}/export?format=pdf`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("export_not_supported");
    expect((await clients.owner.get(`/api/documents/${study.id}/export?format=odt`)).status).toBe(400);
    expect((await clients.owner.get(`/api/documents/${study.id}/export?format=pdf&version=no-es-uuid`)).status).toBe(400);
    const outsider = await clients.outsider.get(`/api/documents/${study.id}/export?format=pdf`);
    expect(outsider.status).toBe(404);
  });
});

describe("a review round's decisions as CSV and JSON", () => {
  it("lists every decision with who, why, agency, date and whether it still stands; CSV cells cannot run as formulas", async () => {
    const version = (await clients.owner.post(`/api/documents/${other.id}/versions`, { name: "Para revisión" })).body;
    const round = await clients.owner.post(`/api/versions/${version.id}/reviews`, { participants: [{ userId: ids.reviewer }, { orgId: orgs.ma.id }], rule: "all" });
    expect(round.status).toBe(201);
    const reviewId = round.body.id;
    expect((await clients.reviewer.post(`/api/reviews/${reviewId}/decisions`, { decision: "changes_requested", reason: "=HYPERLINK(\"http://x\")" })).status).toBe(201);
    expect((await clients.reviewer.post(`/api/reviews/${reviewId}/decisions`, { decision: "favorable_with_observations", reason: "Falta señalética", conditions: "Agregar cruces" })).status).toBe(201);
    expect((await clients.commenter.post(`/api/reviews/${reviewId}/decisions`, { decision: "favorable" })).status).toBe(201);

    const csv = await download(clients.viewer, `/api/reviews/${reviewId}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const body = csv.bytes.toString("utf8");
    expect(body.startsWith("\uFEFF")).toBe(true);
    const lines = body.slice(1).trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('"participante","tipo_de_participante","decision","motivo","condiciones","decidido_por","dependencia","fecha","sesion","vigente"');
    expect(lines[1]).toContain('"Rosa Vega","persona","Cambios solicitados","\'=HYPERLINK(""http://x"")"');
    expect(lines[1]).toMatch(/"sustituida"$/);
    expect(lines[2]).toContain('"Favorable con observaciones","Falta señalética","Agregar cruces","Rosa Vega","IMPLAN"');
    expect(lines[2]).toMatch(/"vigente"$/);
    expect(lines[3]).toContain('"Dirección de Medio Ambiente","dependencia","Favorable","","","Marta Cano","MA"');

    const json = await clients.viewer.get(`/api/reviews/${reviewId}/export?format=json`);
    expect(json.status).toBe(200);
    expect(json.body.round).toMatchObject({ id: reviewId, rule: "all", version: { id: version.id, sha256: version.sha256 } });
    expect(json.body.decisions.map((d: { decision: string; standing: boolean; meeting: unknown }) => [d.decision, d.standing, d.meeting])).toEqual([
      ["changes_requested", false, null],
      ["favorable_with_observations", true, null],
      ["favorable", true, null],
    ]);
    expect(json.body.decisions[0]).toMatchObject({ participant: "Rosa Vega", reason: "=HYPERLINK(\"http://x\")", decidedBy: { id: ids.reviewer, name: "Rosa Vega" }, agency: "IMPLAN" });

    expect((await clients.outsider.get(`/api/reviews/${reviewId}/export?format=csv`)).status).toBe(404);
    expect((await clients.viewer.get(`/api/reviews/${reviewId}/export?format=xml`)).status).toBe(400);
  });
});
