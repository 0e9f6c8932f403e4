import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import * as Y from "yjs";
import canonicalize from "canonicalize";
import { auditLog, documentVersions } from "@taller/db";
import { eq, sql } from "@taller/db/sql";
import { dbError } from "@taller/db/testing";
import { canvasStore, STUDY_FIELD } from "@taller/editor-schema";
import { geoShape } from "@taller/editor-schema/testing";
import type { ApiClient } from "../support/api-client";
import { startTestApp, type TestApp } from "../support/app";
import { projectWithRoles, ROLES, type ProjectWithRoles, type Role } from "../support/project-roles";

/**
 * Versions through the real app (in process, real database, the real collab host holding the
 * documents): who may freeze, list and open versions (every role), the hash anyone can recompute
 * from the returned content, numbers under concurrency, and immutability in the database itself.
 */

let t: TestApp;
let projectId: string;
let textDoc: { id: string; collabName: string };
let canvasDoc: { id: string; collabName: string };
let clients: ProjectWithRoles["clients"];
let ids: ProjectWithRoles["ids"];

/** What anyone outside Taller would compute: SHA-256 (hex) of the RFC 8785 form of the content. */
const recomputed = (content: unknown) => createHash("sha256").update(canonicalize(content)!, "utf8").digest("hex");

/** Rows in the tables a version creation writes to. */
async function writes() {
  const count = async (table: typeof documentVersions | typeof auditLog) => Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);
  return { versions: await count(documentVersions), audit: await count(auditLog) };
}


async function freeze(as: ApiClient, documentId: string, body: unknown = { name: "Entrega" }) {
  const res = await as.post(`/api/documents/${documentId}/versions`, body);
  if (res.status !== 201) throw new Error(`freeze: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  t = await startTestApp();
  ({ projectId, clients, ids } = await projectWithRoles(t));
  textDoc = (await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Propuesta de estudio" })).body;
  canvasDoc = (await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "canvas", title: "Croquis del puente" })).body;
  // Real content: accents, quotes, an emoji in the study; fractional coordinates and a label on the canvas.
  await t.deps.realtime.host.withDoc(textDoc.collabName, (doc) => {
    const paragraph = new Y.XmlElement("paragraph");
    const xmlText = new Y.XmlText();
    paragraph.insert(0, [xmlText]);
    doc.transact(() => {
      doc.getXmlFragment(STUDY_FIELD).insert(0, [paragraph]);
      xmlText.insert(0, "El «derecho de vía» del tramo 2 no está liberado 🚧 — ver \"anexo\".");
    });
  });
  await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) => {
    doc.transact(() => {
      canvasStore(doc).set("page:p1", { id: "page:p1", typeName: "page", name: "Planta", index: "a1", meta: {} });
      canvasStore(doc).set(
        "shape:puente",
        geoShape("shape:puente", { x: 12.345678901234567, y: -0.1, props: { richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Puente «norte» 🌉" }] }] } } }),
      );
    });
  });
});

afterAll(async () => {
  await t?.close();
});

describe("who may freeze, list and open versions", () => {
  it("lets owners and editors create; other members and admins 403; non-members 404", async () => {
    const expected: Record<Role, number> = { owner: 201, editor: 201, commenter: 403, reviewer: 403, viewer: 403, admin: 403, outsider: 404 };
    for (const role of ROLES) {
      const before = await writes();
      const res = await clients[role].post(`/api/documents/${textDoc.id}/versions`, { name: `Por ${role}` });
      expect(res.status, role).toBe(expected[role]);
      if (res.status === 403) expect(res.body.error.code).toBe("forbidden");
      if (res.status === 404) expect(res.body.error.code).toBe("document_not_found");
      if (res.status !== 201) expect(await writes(), role).toEqual(before);
    }
  });

  it("lets every member (and admins) list and open versions; non-members 404 version_not_found", async () => {
    const version = await freeze(clients.editor, canvasDoc.id, { name: "Para consulta" });
    for (const role of ROLES) {
      const list = await clients[role].get(`/api/documents/${canvasDoc.id}/versions`);
      const one = await clients[role].get(`/api/versions/${version.id}`);
      if (role === "outsider") {
        expect([list.status, list.body.error.code]).toEqual([404, "document_not_found"]);
        expect([one.status, one.body.error.code]).toEqual([404, "version_not_found"]);
      } else {
        expect(list.status, role).toBe(200);
        expect(list.body.versions.map((v: { id: string }) => v.id), role).toContain(version.id);
        expect(one.status, role).toBe(200);
        expect(one.body).toMatchObject({ id: version.id, documentId: canvasDoc.id, projectId, kind: "canvas", sha256: version.sha256 });
      }
    }
    const unknown = await clients.owner.get("/api/versions/00000000-0000-4000-8000-000000000000");
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "version_not_found"]);
    expect((await clients.owner.get("/api/versions/no-es-uuid")).status).toBe(404);
  });
});

describe("freezing a version", () => {
  it("answers the version with its number, author and hash, lists newest first, and audits it", async () => {
    const { versions: before } = (await clients.owner.get(`/api/documents/${textDoc.id}/versions`)).body;
    const res = await clients.editor.post(`/api/documents/${textDoc.id}/versions`, { name: "  Entrega al cabildo ", note: "Con el anexo de vialidad." });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      documentId: textDoc.id,
      number: before.length + 1,
      name: "Entrega al cabildo",
      note: "Con el anexo de vialidad.",
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdAt: expect.any(String),
      createdBy: { id: ids.editor, name: "Andrés Solís", org: { id: expect.any(String), name: "Instituto Municipal de Planeación", shortName: "IMPLAN" } },
      latestReview: null,
    });
    const { versions } = (await clients.viewer.get(`/api/documents/${textDoc.id}/versions`)).body;
    expect(versions[0]).toEqual(res.body);
    expect(versions.map((v: { number: number }) => v.number)).toEqual([...versions.map((v: { number: number }) => v.number)].sort((a, b) => b - a));
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, res.body.id));
    expect(audit).toMatchObject({ action: "version.created", subjectType: "version", actorId: ids.editor, projectId, details: { documentId: textDoc.id, number: res.body.number } });
  });

  it("gives simultaneous creations distinct consecutive numbers", async () => {
    const fresh = (await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Concurrida" })).body;
    const made = await Promise.all(Array.from({ length: 5 }, (_, i) => freeze(i % 2 ? clients.editor : clients.owner, fresh.id, { name: `Simultánea ${i}` })));
    expect(made.map((v) => v.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it("refuses bad input with 400 and writes nothing", async () => {
    for (const body of [{ name: "" }, { name: "   " }, { name: "x".repeat(121) }, { name: "ok", note: "x".repeat(2001) }, { name: "ok", number: 7 }, { note: "sin nombre" }]) {
      const before = await writes();
      const res = await clients.owner.post(`/api/documents/${textDoc.id}/versions`, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(await writes()).toEqual(before);
    }
  });
});

describe("content and hash", () => {
  for (const which of ["text", "canvas"] as const) {
    it(`freezes the live ${which} content, and SHA-256 over its RFC 8785 form gives the version's sha256`, async () => {
      const doc = which === "text" ? textDoc : canvasDoc;
      const live = (await clients.viewer.get(`/api/documents/${doc.id}/content`)).body;
      const created = await freeze(clients.owner, doc.id, { name: `Hash ${which}` });
      const opened = await clients.commenter.get(`/api/versions/${created.id}`);
      expect(opened.status).toBe(200);
      expect(opened.body.content).toEqual(which === "text" ? live.content : live.records);
      expect(JSON.stringify(opened.body.content)).toContain(which === "text" ? "derecho de vía" : "Puente «norte» 🌉");
      expect(recomputed(opened.body.content)).toBe(created.sha256);
      expect(opened.body.sha256).toBe(created.sha256);
      // The stored Yjs state is the same document.
      const [row] = await t.database.db.select().from(documentVersions).where(eq(documentVersions.id, created.id));
      const replica = new Y.Doc();
      Y.applyUpdate(replica, row!.state);
      expect(Y.encodeStateVector(replica)).toEqual(Y.encodeStateVector(await t.deps.realtime.host.withDoc(doc.collabName, (d) => d)));
    });
  }

  it("keeps a version as it was when the live document changes later", async () => {
    const created = await freeze(clients.owner, canvasDoc.id, { name: "Antes de mover" });
    await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) => doc.transact(() => canvasStore(doc).set("shape:puente", geoShape("shape:puente", { x: 400, y: 300 }))));
    const opened = (await clients.owner.get(`/api/versions/${created.id}`)).body;
    expect(opened.content["shape:puente"]).toMatchObject({ x: 12.345678901234567, y: -0.1 });
    expect(recomputed(opened.content)).toBe(created.sha256);
    const after = await freeze(clients.owner, canvasDoc.id, { name: "Después de mover" });
    expect(after.sha256).not.toBe(created.sha256);
    expect(after.number).toBe(created.number + 1);
  });
});

describe("immutability in the database", () => {
  it("refuses a direct SQL UPDATE or DELETE of a version and leaves it unchanged", async () => {
    const created = await freeze(clients.owner, textDoc.id, { name: "Intocable" });
    const update = await dbError(() => t.database.db.execute(sql`UPDATE document_versions SET name = 'Cambiada', sha256 = 'x' WHERE id = ${created.id}`));
    const del = await dbError(() => t.database.db.execute(sql`DELETE FROM document_versions WHERE id = ${created.id}`));
    expect([update.code, update.message]).toEqual(["42501", "document_versions is immutable: UPDATE is not allowed"]);
    expect([del.code, del.message]).toEqual(["42501", "document_versions is immutable: DELETE is not allowed"]);
    const opened = (await clients.owner.get(`/api/versions/${created.id}`)).body;
    expect(opened).toMatchObject({ name: "Intocable", sha256: created.sha256 });
  });
});
