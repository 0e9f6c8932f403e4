import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import { auditLog, documentVersions } from "@taller/db";
import { eq, sql } from "@taller/db/sql";
import { canvasStore, STUDY_FIELD } from "@taller/editor-schema";
import { readCanvas } from "@taller/editor-schema/canvas";
import { studyJson } from "@taller/editor-schema/server";
import { geoShape } from "@taller/editor-schema/testing";
import { signedIn, type ApiClient } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";
import { listenOn } from "@taller/server/listen";
import { eventually, synced } from "../support/realtime";

/**
 * Restoring a version (POST /api/versions/:id/restore) through the real app and the real collab
 * host: who may restore (every role), the restore as an edit that a STOCK y-websocket client
 * connected to the document receives (text and canvas), `changed:false` when there is nothing to
 * change, the audit entry, and the live document hashing to the version's sha256 afterwards.
 */

type Role = "owner" | "editor" | "commenter" | "reviewer" | "viewer" | "admin" | "outsider";
const ROLES: Role[] = ["owner", "editor", "commenter", "reviewer", "viewer", "admin", "outsider"];

let t: TestApp;
let served: Awaited<ReturnType<typeof listenOn>>;
let projectId: string;
let textDoc: { id: string; collabName: string };
let canvasDoc: { id: string; collabName: string };
const clients = {} as Record<Role, ApiClient>;
const ids = {} as Record<Role, string>;
const providers: WebsocketProvider[] = [];

async function freeze(documentId: string, name: string) {
  const res = await clients.owner.post(`/api/documents/${documentId}/versions`, { name });
  if (res.status !== 201) throw new Error(`freeze: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; number: number; sha256: string };
}

/** The paragraphs' text of a study Y.Doc, as a client sees it. */
function paragraphs(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment(STUDY_FIELD)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().map((child) => (child instanceof Y.XmlText ? child.toString() : "")).join("") : ""));
}

/** Writes the study's paragraphs in the room, as an editor typing would. */
async function setParagraphs(texts: string[]) {
  await t.deps.realtime.host.withDoc(textDoc.collabName, (doc) => {
    const fragment = doc.getXmlFragment(STUDY_FIELD);
    doc.transact(() => {
      fragment.delete(0, fragment.length);
      fragment.insert(
        0,
        texts.map((text) => {
          const paragraph = new Y.XmlElement("paragraph");
          const xmlText = new Y.XmlText();
          xmlText.insert(0, text);
          paragraph.insert(0, [xmlText]);
          return paragraph;
        }),
      );
    });
  });
}

/** A stock y-websocket client (the `ws` package as WebSocket) on the served app, with a session cookie. */
function connect(collabName: string, as: ApiClient): WebsocketProvider {
  const headers = { origin: served.url, cookie: as.cookie };
  class SessionWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const provider = new WebsocketProvider(`${served.url.replace(/^http/, "ws")}/collab`, collabName, new Y.Doc(), {
    WebSocketPolyfill: SessionWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.push(provider);
  return provider;
}

async function restoreAudits(versionId: string) {
  return t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, versionId)).then((rows) => rows.filter((r) => r.action === "version.restored"));
}

beforeAll(async () => {
  t = await startTestApp();
  served = await listenOn(t.app.fetch);
  served.server.on("upgrade", t.deps.realtime.handleUpgrade);
  const implan = await makeOrg(t, "IMPLAN", "Instituto Municipal de Planeación");
  const op = await makeOrg(t, "OP", "Dirección de Obra Pública");
  for (const role of ROLES) {
    const email = `${role}@ejemplo.mx`;
    const user = await makeUser(t, { email, orgId: role === "commenter" || role === "outsider" ? op.id : implan.id, name: `Persona ${role}`, isAdmin: role === "admin" });
    ids[role] = user.id;
    clients[role] = await signedIn(t, email);
  }
  const created = await clients.owner.post("/api/projects", { name: "Mercado municipal", kind: "study" });
  expect(created.status).toBe(201);
  projectId = created.body.id;
  for (const role of ["editor", "commenter", "reviewer", "viewer"] as const) {
    expect((await clients.owner.post(`/api/projects/${projectId}/members`, { userId: ids[role], role })).status).toBe(201);
  }
  textDoc = (await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Propuesta" })).body;
  canvasDoc = (await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "canvas", title: "Croquis" })).body;
});

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await served?.close();
  await t?.close();
});

describe("who may restore", () => {
  it("lets owners and editors restore; commenter, reviewer, viewer and admins without a role 403; non-members 404", async () => {
    await setParagraphs(["Primera redacción."]);
    const version = await freeze(textDoc.id, "Para restaurar");
    const expected: Record<Role, number> = { owner: 200, editor: 200, commenter: 403, reviewer: 403, viewer: 403, admin: 403, outsider: 404 };
    for (const role of ROLES) {
      await setParagraphs([`Cambiado antes de que ${role} restaure.`]);
      const before = (await restoreAudits(version.id)).length;
      const res = await clients[role].post(`/api/versions/${version.id}/restore`, {});
      expect(res.status, role).toBe(expected[role]);
      const live = await t.deps.realtime.host.withDoc(textDoc.collabName, (doc) => paragraphs(doc));
      if (res.status === 200) {
        expect(res.body, role).toEqual({ documentId: textDoc.id, versionId: version.id, changed: true });
        expect(live, role).toEqual(["Primera redacción."]);
        const audits = await restoreAudits(version.id);
        expect(audits).toHaveLength(before + 1);
        expect(audits.at(-1)).toMatchObject({ actorId: ids[role], projectId, subjectType: "version", details: { documentId: textDoc.id, versionId: version.id, changed: true } });
      } else {
        expect(res.body.error.code, role).toBe(res.status === 403 ? "forbidden" : "version_not_found");
        expect(live, role).toEqual([`Cambiado antes de que ${role} restaure.`]);
        expect(await restoreAudits(version.id), role).toHaveLength(before);
      }
    }
    const unknown = await clients.owner.post("/api/versions/00000000-0000-4000-8000-000000000000/restore", {});
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "version_not_found"]);
  });
});

describe("an archived document", () => {
  it("refuses a restore with 409 document_archived and changes nothing; its abilities say so", async () => {
    await setParagraphs(["Texto archivado."]);
    const v = await freeze(textDoc.id, "Antes de archivar");
    await setParagraphs(["Texto archivado, corregido."]);
    expect((await clients.owner.post(`/api/documents/${textDoc.id}/archive`, {})).status).toBe(200);
    try {
      const opened = await clients.editor.get(`/api/documents/${textDoc.id}`);
      expect(opened.body.abilities).toMatchObject({ editDocument: false, restoreVersion: false });
      for (const role of ["owner", "editor"] as const) {
        const res = await clients[role].post(`/api/versions/${v.id}/restore`, {});
        expect([res.status, res.body.error?.code], role).toEqual([409, "document_archived"]);
      }
      expect(await restoreAudits(v.id)).toEqual([]);
      const live = await t.deps.realtime.host.withDoc(textDoc.collabName, (doc) => paragraphs(doc));
      expect(live).toEqual(["Texto archivado, corregido."]);
    } finally {
      expect((await clients.owner.post(`/api/documents/${textDoc.id}/restore`, {})).status).toBe(200);
    }
    expect((await clients.editor.get(`/api/documents/${textDoc.id}`)).body.abilities).toMatchObject({ editDocument: true, restoreVersion: true });
  });
});

describe("restoring as an edit", () => {
  it("reaches a connected stock y-websocket client as an update (text), changes only what differs, and hashes to the version", async () => {
    await setParagraphs(["Antecedentes del mercado.", "El techo se sustituye por lámina.", "Cierre."]);
    const v1 = await freeze(textDoc.id, "Techo de lámina");
    await setParagraphs(["Antecedentes del mercado.", "El techo se sustituye por losa de concreto.", "Cierre.", "Anexo agregado después."]);

    const client = connect(textDoc.collabName, clients.viewer);
    await synced(client);
    expect(paragraphs(client.doc)).toEqual(["Antecedentes del mercado.", "El techo se sustituye por losa de concreto.", "Cierre.", "Anexo agregado después."]);
    // What the client holds before: the restore must keep these items, not delete and re-insert them.
    const untouched = client.doc.getXmlFragment(STUDY_FIELD).get(0);
    const updates: Uint8Array[] = [];
    client.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === client) updates.push(update);
    });

    const res = await clients.editor.post(`/api/versions/${v1.id}/restore`, {});
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(true);
    await eventually(() => paragraphs(client.doc).length === 3 && paragraphs(client.doc)[1] === "El techo se sustituye por lámina.", 10_000, "the restore on the client");
    expect(paragraphs(client.doc)).toEqual(["Antecedentes del mercado.", "El techo se sustituye por lámina.", "Cierre."]);
    expect(updates.length).toBeGreaterThan(0);
    // The unchanged first paragraph is the same Yjs item (a minimal edit, not delete-all-and-insert).
    expect(client.doc.getXmlFragment(STUDY_FIELD).get(0)).toBe(untouched);
    // The server's reading of the client's copy is the version's content.
    const opened = (await clients.owner.get(`/api/versions/${v1.id}`)).body;
    expect(studyJson(client.doc)).toEqual(opened.content);

    // Restoring again: nothing to change, still audited.
    const again = await clients.editor.post(`/api/versions/${v1.id}/restore`, {});
    expect(again.body).toEqual({ documentId: textDoc.id, versionId: v1.id, changed: false });
    const audits = await restoreAudits(v1.id);
    expect(audits.map((a) => (a.details as { changed: boolean }).changed)).toEqual([true, false]);

    // A version frozen now has the same content, so the same hash.
    const now = await freeze(textDoc.id, "Tras restaurar");
    expect(now.sha256).toBe(v1.sha256);
  });

  it("keeps a concurrent client's typing once, merged into the restored text (no duplicated or lost text)", async () => {
    await setParagraphs(["Uno.", "Dos."]);
    const v = await freeze(textDoc.id, "Uno y dos");
    await setParagraphs(["Uno.", "Dos cambiado."]);
    const writer = connect(textDoc.collabName, clients.editor);
    await synced(writer);
    // The writer is cut off and types at the end of the first paragraph while the restore happens
    // on the server; its edit reaches the room only afterwards, when it reconnects.
    writer.disconnect();
    const first = writer.doc.getXmlFragment(STUDY_FIELD).get(0) as Y.XmlElement;
    (first.get(0) as Y.XmlText).insert(4, " Añadido sin conexión");
    const restored = await clients.owner.post(`/api/versions/${v.id}/restore`, {});
    expect(restored.body.changed).toBe(true);
    writer.connect();
    const expected = ["Uno. Añadido sin conexión", "Dos."];
    await eventually(async () => {
      const live = await t.deps.realtime.host.withDoc(textDoc.collabName, (doc) => paragraphs(doc));
      return JSON.stringify(live) === JSON.stringify(expected) && JSON.stringify(paragraphs(writer.doc)) === JSON.stringify(expected);
    }, 10_000, "client and room to converge on the restored text with the offline typing");
  });

  it("sets and deletes only the canvas records that differ, and a connected stock client ends with the version's records", async () => {
    await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) =>
      doc.transact(() => {
        const kv = canvasStore(doc);
        kv.set("page:p1", { id: "page:p1", typeName: "page", name: "Planta", index: "a1", meta: {} });
        kv.set("shape:puesto", geoShape("shape:puesto", { x: 10, y: 10 }));
        kv.set("shape:acceso", geoShape("shape:acceso", { x: 300, y: 40 }));
      }),
    );
    const v1 = await freeze(canvasDoc.id, "Distribución inicial");
    await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) =>
      doc.transact(() => {
        const kv = canvasStore(doc);
        kv.set("shape:puesto", geoShape("shape:puesto", { x: 250, y: 90 }));
        kv.delete("shape:acceso");
        kv.set("shape:bodega", geoShape("shape:bodega", { x: 500, y: 500 }));
      }),
    );

    const client = connect(canvasDoc.collabName, clients.commenter);
    await synced(client);
    const changes: string[] = [];
    const kv = canvasStore(client.doc);
    kv.on("change", (change: Map<string, { action: string }>) => change.forEach((c, key) => changes.push(`${c.action} ${key}`)));

    const res = await clients.owner.post(`/api/versions/${v1.id}/restore`, {});
    expect(res.body).toEqual({ documentId: canvasDoc.id, versionId: v1.id, changed: true });
    await eventually(() => kv.map.has("shape:acceso") && !kv.map.has("shape:bodega"), 10_000, "the canvas restore on the client");
    expect(changes.sort()).toEqual(["add shape:acceso", "delete shape:bodega", "update shape:puesto"]);
    const opened = (await clients.owner.get(`/api/versions/${v1.id}`)).body;
    expect(readCanvas(client.doc).records).toEqual(opened.content);

    expect((await clients.owner.post(`/api/versions/${v1.id}/restore`, {})).body.changed).toBe(false);
    expect((await freeze(canvasDoc.id, "Tras restaurar")).sha256).toBe(v1.sha256);
  });

  it("leaves versions as they were (a restore writes no version row)", async () => {
    const count = async () => Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(documentVersions))[0]!.n);
    const [any] = await t.database.db.select().from(documentVersions).where(eq(documentVersions.documentId, textDoc.id)).limit(1);
    const before = await count();
    await clients.owner.post(`/api/versions/${any!.id}/restore`, {});
    expect(await count()).toBe(before);
  });
});
