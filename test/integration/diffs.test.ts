import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { canvasStore, STUDY_FIELD } from "@taller/editor-schema";
import { geoShape } from "@taller/editor-schema/testing";
import { signedIn, type ApiClient } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";

/**
 * Diffs through the real app: the live study (seeded with the template by the collab host) and a
 * canvas are edited in their rooms, versions are frozen through the API, and the diff endpoint
 * answers what changed between two versions, or a version and the live document, for whoever may
 * read the document.
 */

type Role = "owner" | "viewer" | "admin" | "outsider";

let t: TestApp;
let projectId: string;
let textDoc: { id: string; collabName: string };
let canvasDoc: { id: string; collabName: string };
const clients = {} as Record<Role, ApiClient>;

async function freeze(documentId: string, name: string) {
  const res = await clients.owner.post(`/api/documents/${documentId}/versions`, { name });
  if (res.status !== 201) throw new Error(`freeze: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; number: number };
}

/** The paragraph right after the template heading `heading`, with its text set to `text` (one edit in the live room). */
async function writeUnder(heading: string, text: string, position: "replace" | "append" = "replace") {
  await t.deps.realtime.host.withDoc(textDoc.collabName, (doc) => {
    const fragment = doc.getXmlFragment(STUDY_FIELD);
    const nodes = fragment.toArray();
    const at = nodes.findIndex((n) => n instanceof Y.XmlElement && n.nodeName === "heading" && n.toArray().some((c) => c instanceof Y.XmlText && c.toString() === heading));
    if (at === -1) throw new Error(`no heading ${heading}`);
    doc.transact(() => {
      if (position === "append") {
        const paragraph = new Y.XmlElement("paragraph");
        const xmlText = new Y.XmlText();
        paragraph.insert(0, [xmlText]);
        fragment.insert(at + 2, [paragraph]);
        xmlText.insert(0, text);
        return;
      }
      const paragraph = nodes[at + 1] as Y.XmlElement;
      let xmlText = paragraph.get(0);
      if (!(xmlText instanceof Y.XmlText)) {
        xmlText = new Y.XmlText();
        paragraph.insert(0, [xmlText]);
      }
      const current = xmlText as Y.XmlText;
      current.delete(0, current.length);
      current.insert(0, text);
    });
  });
}

async function putShapes(shapes: Record<string, unknown>[]) {
  await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) => doc.transact(() => {
    for (const shape of shapes) canvasStore(doc).set(shape.id as string, shape);
  }));
}

const label = (text: string) => ({ richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] } });

let text1: { id: string; number: number };
let text2: { id: string; number: number };
let canvas1: { id: string; number: number };
let canvas2: { id: string; number: number };

beforeAll(async () => {
  t = await startTestApp();
  const implan = await makeOrg(t, "IMPLAN", "Instituto Municipal de Planeación");
  const op = await makeOrg(t, "OP", "Dirección de Obra Pública");
  const people: Record<Role, { orgId: string; isAdmin?: boolean }> = {
    owner: { orgId: implan.id },
    viewer: { orgId: op.id },
    admin: { orgId: implan.id, isAdmin: true },
    outsider: { orgId: op.id },
  };
  const ids = {} as Record<Role, string>;
  for (const [role, p] of Object.entries(people) as [Role, { orgId: string; isAdmin?: boolean }][]) {
    const email = `${role}@ejemplo.mx`;
    ids[role] = (await makeUser(t, { email, orgId: p.orgId, isAdmin: p.isAdmin ?? false })).id;
    clients[role] = await signedIn(t, email);
  }
  const created = await clients.owner.post("/api/projects", {
    name: "Puente El Zapote",
    kind: "study",
    leadOrgId: implan.id,
    participatingOrgIds: [op.id],
    estimatedAmountMxn: 48000000,
    funding: { federal: 0, state: 50, municipal: 50, private: 0 },
    impact: { social: 4, environmental: 2, economic: 3 },
    alignment: { pmdAxis: "Eje 2", ods: [9, 11] },
  });
  expect(created.status).toBe(201);
  projectId = created.body.id;
  expect((await clients.owner.post(`/api/projects/${projectId}/members`, { userId: ids.viewer, role: "viewer" })).status).toBe(201);
  textDoc = (await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Propuesta de estudio" })).body;
  canvasDoc = (await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "canvas", title: "Croquis del puente" })).body;

  // v1 of the study: the template with a first summary; v2: words changed in it.
  await writeUnder("1. Resumen ejecutivo", "El proyecto amplía el puente del arroyo El Zapote a cuatro carriles.");
  text1 = await freeze(textDoc.id, "Borrador");
  await writeUnder("1. Resumen ejecutivo", "El proyecto amplía el puente vehicular del arroyo El Zapote a seis carriles con ciclovía.");
  text2 = await freeze(textDoc.id, "Para revisión");

  // v1 of the canvas: deck and two piers; v2: pier 2 moved, the deck recoloured, a toll booth gone, a post added.
  await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) =>
    canvasStore(doc).set("page:p1", { id: "page:p1", typeName: "page", name: "Planta", index: "a1", meta: {} }),
  );
  await putShapes([
    geoShape("shape:tablero", { x: 0, y: 100, props: { w: 600, h: 40, ...label("Tablero") } }),
    geoShape("shape:pila2", { x: 470, y: 140, props: { w: 30, h: 120, ...label("Pila 2") } }),
    geoShape("shape:caseta", { x: -200, y: 0, props: { w: 80, h: 80, ...label("Caseta") } }),
  ]);
  canvas1 = await freeze(canvasDoc.id, "Croquis inicial");
  await putShapes([
    geoShape("shape:pila2", { x: 520, y: 150, props: { w: 30, h: 120, ...label("Pila 2") } }),
    geoShape("shape:tablero", { x: 0, y: 100, props: { w: 600, h: 40, color: "blue", ...label("Tablero") } }),
    geoShape("shape:poste", { x: 300, y: 20, props: { w: 10, h: 80, ...label("Luminaria") } }),
  ]);
  await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) => canvasStore(doc).delete("shape:caseta"));
  canvas2 = await freeze(canvasDoc.id, "Croquis ajustado");
});

afterAll(async () => {
  await t?.close();
});

describe("text diffs", () => {
  it("answers the words inserted and deleted between two versions, from the earlier to the later whichever is asked", async () => {
    for (const [id, against] of [[text2.id, text1.id], [text1.id, text2.id]] as const) {
      const res = await clients.owner.get(`/api/versions/${id}/diff?against=${against}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        kind: "text",
        documentId: textDoc.id,
        from: { versionId: text1.id, number: text1.number, name: "Borrador", createdAt: expect.any(String) },
        to: { versionId: text2.id, number: text2.number, name: "Para revisión" },
        summary: { insertedWords: 4, deletedWords: 1, blocksChanged: 1, blocksAdded: 0, blocksRemoved: 0, sectionsChanged: 1, headingsAdded: [], headingsRemoved: [], headingsRenamed: [] },
      });
      const changed = res.body.blocks.filter((b: { status: string }) => b.status !== "same");
      expect(changed).toEqual([
        {
          type: "paragraph",
          status: "changed",
          section: 1,
          parts: [
            { type: "same", text: "El proyecto amplía el puente " },
            { type: "inserted", text: "vehicular " },
            { type: "same", text: "del arroyo El Zapote a " },
            { type: "deleted", text: "cuatro" },
            { type: "inserted", text: "seis" },
            { type: "same", text: " carriles" },
            { type: "inserted", text: " con ciclovía" },
            { type: "same", text: "." },
          ],
        },
      ]);
      // Every template heading is a section; only «1. Resumen ejecutivo» changed.
      expect(res.body.sections).toHaveLength(13);
      expect(res.body.sections.filter((s: { status: string }) => s.status !== "same")).toEqual([
        { heading: "1. Resumen ejecutivo", headingBefore: null, status: "changed", start: 2, count: 2, insertedWords: 4, deletedWords: 1, blocksAdded: 0, blocksRemoved: 0, blocksChanged: 1 },
      ]);
    }
  });

  it("compares a version with the live document, which is always the later", async () => {
    await writeUnder("3. Diagnóstico de la situación actual", "El puente se inunda en temporada de lluvias.");
    await writeUnder("3. Diagnóstico de la situación actual", "Aforo de 12,000 vehículos diarios.", "append");
    const res = await clients.viewer.get(`/api/versions/${text2.id}/diff?against=live`);
    expect(res.status).toBe(200);
    expect(res.body.from).toMatchObject({ versionId: text2.id, number: text2.number });
    expect(res.body.to).toEqual({ versionId: null, number: null, name: null, createdAt: null });
    expect(res.body.summary).toMatchObject({ insertedWords: 8 + 5, deletedWords: 0, blocksChanged: 1, blocksAdded: 1, sectionsChanged: 1 });
    const section = res.body.sections.find((s: { status: string }) => s.status === "changed");
    expect(section.heading).toBe("3. Diagnóstico de la situación actual");
    expect(res.body.blocks.slice(section.start, section.start + section.count).map((b: { status: string }) => b.status)).toEqual(["same", "changed", "added"]);
    // A version against itself: nothing changed.
    const itself = await clients.viewer.get(`/api/versions/${text1.id}/diff?against=${text1.id}`);
    expect(itself.body.summary).toMatchObject({ insertedWords: 0, deletedWords: 0, sectionsChanged: 0 });
  });
});

describe("canvas diffs", () => {
  it("answers added, removed, moved and changed shapes, the later records to draw and the earlier places", async () => {
    const res = await clients.viewer.get(`/api/versions/${canvas2.id}/diff?against=${canvas1.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: "canvas",
      documentId: canvasDoc.id,
      from: { versionId: canvas1.id, number: canvas1.number },
      to: { versionId: canvas2.id, number: canvas2.number },
      summary: { added: 1, removed: 1, moved: 1, changed: 1, pages: { added: 0, removed: 0, changed: 0 } },
    });
    expect(res.body.shapes.map((s: { status: string; label: string }) => [s.status, s.label])).toEqual([
      ["added", "Luminaria"],
      ["moved", "Pila 2"],
      ["changed", "Tablero"],
      ["removed", "Caseta"],
    ]);
    expect(res.body.shapes[1]).toMatchObject({
      id: "shape:pila2",
      shapeType: "geo",
      moved: true,
      before: { x: 470, y: 140, w: 30, h: 120, rotation: 0, pageId: "page:p1" },
      after: { x: 520, y: 150, w: 30, h: 120, rotation: 0, pageId: "page:p1" },
    });
    expect(res.body.shapes[2]).toMatchObject({ changedProps: ["color"], moved: false });
    expect(Object.keys(res.body.later).sort()).toEqual(["page:p1", "shape:pila2", "shape:poste", "shape:tablero"]);
    expect(Object.keys(res.body.earlierShapes).sort()).toEqual(["shape:caseta", "shape:pila2", "shape:tablero"]);
    expect(res.body.earlierShapes["shape:pila2"]).toMatchObject({ x: 470, y: 140 });
  });

  it("sees a shape moved in the live canvas since the last version", async () => {
    await putShapes([geoShape("shape:poste", { x: 320, y: 20, props: { w: 10, h: 80, ...label("Luminaria") } })]);
    const res = await clients.owner.get(`/api/versions/${canvas2.id}/diff?against=live`);
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ added: 0, removed: 0, moved: 1, changed: 0 });
    expect(res.body.shapes[0]).toMatchObject({ id: "shape:poste", status: "moved", before: { x: 300 }, after: { x: 320 } });
  });
});

describe("who may read a diff, and bad requests", () => {
  it("lets members and admins read; non-members get 404 version_not_found", async () => {
    for (const role of ["owner", "viewer", "admin"] as const) {
      expect((await clients[role].get(`/api/versions/${text2.id}/diff?against=${text1.id}`)).status, role).toBe(200);
    }
    for (const against of [text1.id, "live"]) {
      const res = await clients.outsider.get(`/api/versions/${text2.id}/diff?against=${against}`);
      expect([res.status, res.body.error.code]).toEqual([404, "version_not_found"]);
    }
  });

  it("refuses another document's version (400 invalid_diff), unknown versions (404) and a missing or garbage `against` (400 validation_failed)", async () => {
    const other = await clients.owner.get(`/api/versions/${text2.id}/diff?against=${canvas1.id}`);
    expect([other.status, other.body.error.code]).toEqual([400, "invalid_diff"]);
    const unknown = await clients.owner.get(`/api/versions/${text2.id}/diff?against=00000000-0000-4000-8000-000000000000`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "version_not_found"]);
    const unknownPath = await clients.owner.get(`/api/versions/00000000-0000-4000-8000-000000000000/diff?against=live`);
    expect([unknownPath.status, unknownPath.body.error.code]).toEqual([404, "version_not_found"]);
    for (const query of ["", "?against=", "?against=vivo", "?against=123", `?against=live&extra=1`]) {
      const res = await clients.owner.get(`/api/versions/${text2.id}/diff${query}`);
      expect([res.status, res.body.error.code], query).toEqual([400, "validation_failed"]);
    }
  });
});
