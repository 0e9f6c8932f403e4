import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { auditLog, documents, events, documentSnapshots, documentUpdates, projects } from "@taller/db";
import { and, eq, sql } from "@taller/db/sql";
import { STUDY_FIELD } from "@taller/editor-schema";
import { listenOn } from "@taller/server/listen";
import { signedIn, type ApiClient } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";
import { RawClient } from "../support/raw-client";

/**
 * Order (issue 15, item 2) through the real app on a real database: archiving, restoring and
 * deleting documents, archiving projects, the portfolio's «Incluir archivados» and «Mis
 * proyectos», `myRole`, and the duplicate-name warnings. Every refusal changes nothing (rows and
 * audit entries counted); every change writes its audit entry. The archived document's room is
 * read-only on the server: a live socket's edits stop reaching the document.
 */

type Role = "owner" | "editor" | "commenter" | "reviewer" | "viewer" | "admin" | "outsider";
const ROLES: Role[] = ["owner", "editor", "commenter", "reviewer", "viewer", "admin", "outsider"];
const NO_DOC = "00000000-0000-4000-8000-000000000000";

let t: TestApp;
let served: Awaited<ReturnType<typeof listenOn>>;
const clients = {} as Record<Role, ApiClient>;
const ids = {} as Record<Role, string>;
let projectId: string;
const sockets: RawClient[] = [];

async function auditCount(action?: string): Promise<number> {
  const where = action ? eq(auditLog.action, action) : undefined;
  const [row] = await t.database.db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where);
  return Number(row!.n);
}

async function newDocument(title: string, kind: "text" | "canvas" = "text") {
  const res = await clients.owner.post(`/api/projects/${projectId}/documents`, { kind, title, confirmDuplicate: true });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; collabName: string; title: string };
}

async function documentRow(id: string) {
  const [row] = await t.database.db.select().from(documents).where(eq(documents.id, id));
  return row;
}

/** Text of the study's paragraphs in the server's copy of the room. */
function paragraphsOf(collabName: string): Promise<string[]> {
  return t.deps.realtime.host.withDoc(collabName, (doc) =>
    doc
      .getXmlFragment(STUDY_FIELD)
      .toArray()
      .map((node) => (node instanceof Y.XmlElement ? node.toArray().map((c) => (c instanceof Y.XmlText ? c.toString() : "")).join("") : "")),
  );
}

/** A paragraph typed at the start of the client's copy, sent as a y-websocket update. */
async function type(client: RawClient, text: string): Promise<void> {
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array) => (update = u);
  client.doc.on("update", capture);
  const paragraph = new Y.XmlElement("paragraph");
  const xmlText = new Y.XmlText();
  xmlText.insert(0, text);
  paragraph.insert(0, [xmlText]);
  client.doc.getXmlFragment(STUDY_FIELD).insert(0, [paragraph]);
  client.doc.off("update", capture);
  client.sendWrite(update!);
  await client.roundTrip();
}

const endpoint = () => ({ url: served.url, wsUrl: `${served.url.replace(/^http/, "ws")}/collab` });

beforeAll(async () => {
  t = await startTestApp();
  served = await listenOn(t.app.fetch);
  served.server.on("upgrade", t.deps.realtime.handleUpgrade);
  const implan = await makeOrg(t, "IMPLAN", "Instituto Municipal de Planeación");
  const op = await makeOrg(t, "OP", "Dirección de Obra Pública");
  for (const role of ROLES) {
    const email = `${role}@ejemplo.mx`;
    const user = await makeUser(t, { email, orgId: role === "outsider" ? op.id : implan.id, name: `Persona ${role}`, isAdmin: role === "admin" });
    ids[role] = user.id;
    clients[role] = await signedIn(t, email);
  }
  const created = await clients.owner.post("/api/projects", { name: "Mercado municipal", kind: "study" });
  expect(created.status).toBe(201);
  projectId = created.body.id;
  for (const role of ["editor", "commenter", "reviewer", "viewer"] as const) {
    expect((await clients.owner.post(`/api/projects/${projectId}/members`, { userId: ids[role], role })).status).toBe(201);
  }
});

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await served?.close();
  await t?.close();
});

describe("archiving documents", () => {
  it("owners and editors archive and restore; others 403, non-members 404; audited on the project's stream", async () => {
    const doc = await newDocument("Para archivar");
    const expected: Record<Role, number> = { owner: 200, editor: 200, commenter: 403, reviewer: 403, viewer: 403, admin: 403, outsider: 404 };
    for (const role of ROLES) {
      const archivedBefore = await auditCount("document.archived");
      const res = await clients[role].post(`/api/documents/${doc.id}/archive`);
      expect(res.status, role).toBe(expected[role]);
      if (res.status !== 200) {
        expect(res.body.error.code, role).toBe(res.status === 403 ? "forbidden" : "document_not_found");
        expect((await documentRow(doc.id))!.archivedAt, role).toBeNull();
        expect(await auditCount("document.archived"), role).toBe(archivedBefore);
        continue;
      }
      expect(res.body).toMatchObject({ id: doc.id, title: "Para archivar" });
      expect(res.body.archivedAt, role).not.toBeNull();
      expect((await documentRow(doc.id))!.archivedBy).toBe(ids[role]);
      const [entry] = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "document.archived"), eq(auditLog.subjectId, doc.id)))
        .orderBy(sql`${auditLog.id} desc`)
        .limit(1);
      expect(entry).toMatchObject({ actorId: ids[role], projectId, subjectType: "document", details: { title: "Para archivar", kind: "text" } });
      const streamed = await t.database.db.select().from(events).where(and(eq(events.stream, `project:${projectId}`), eq(events.type, "document.archived")));
      expect(streamed.at(-1)?.data).toMatchObject({ subjectId: doc.id, documentId: doc.id, actorId: ids[role] });

      // Twice: refused, nothing written.
      const again = await clients[role].post(`/api/documents/${doc.id}/archive`);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe("invalid_archive_state");
      expect(await auditCount("document.archived")).toBe(archivedBefore + 1);

      const restored = await clients[role].post(`/api/documents/${doc.id}/restore`);
      expect(restored.status, role).toBe(200);
      expect(restored.body.archivedAt).toBeNull();
      expect(await auditCount("document.restored")).toBeGreaterThan(0);
    }
    // Restoring what is not archived, and restoring as someone who may not.
    expect((await clients.owner.post(`/api/documents/${doc.id}/restore`)).body.error.code).toBe("invalid_archive_state");
    await clients.owner.post(`/api/documents/${doc.id}/archive`);
    for (const role of ["commenter", "viewer", "admin"] as const) {
      expect((await clients[role].post(`/api/documents/${doc.id}/restore`)).status, role).toBe(403);
    }
    expect((await clients.outsider.post(`/api/documents/${doc.id}/restore`)).status).toBe(404);
    expect((await documentRow(doc.id))!.archivedAt).not.toBeNull();
  });

  it("unknown and malformed ids are 404", async () => {
    for (const path of [`/api/documents/${NO_DOC}/archive`, "/api/documents/no-es-un-id/archive", `/api/documents/${NO_DOC}/restore`]) {
      const res = await clients.owner.post(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe("document_not_found");
    }
    for (const path of [`/api/documents/${NO_DOC}`, "/api/documents/123"]) {
      expect((await clients.owner.delete(path)).status, path).toBe(404);
    }
  });

  it("leaves the project's list unless asked for, and lists them with ?archived=1", async () => {
    const kept = await newDocument("Sigue en la lista");
    const gone = await newDocument("Se archiva");
    await clients.editor.post(`/api/documents/${gone.id}/archive`);
    const list = await clients.viewer.get(`/api/projects/${projectId}/documents`);
    expect(list.status).toBe(200);
    const titles = list.body.documents.map((d: { title: string }) => d.title);
    expect(titles).toContain(kept.title);
    expect(titles).not.toContain(gone.title);
    const all = await clients.viewer.get(`/api/projects/${projectId}/documents?archived=1`);
    const archived = all.body.documents.find((d: { id: string }) => d.id === gone.id);
    expect(archived.archivedAt).not.toBeNull();
    expect((await clients.viewer.get(`/api/projects/${projectId}/documents?archived=yes`)).status).toBe(400);
    // Opened by id it still answers (the page shows the banner).
    const opened = await clients.viewer.get(`/api/documents/${gone.id}`);
    expect(opened.status).toBe(200);
    expect(opened.body.archivedAt).not.toBeNull();
  });

  it("makes the room read-only for everyone while archived: live sockets and new ones", async () => {
    const doc = await newDocument("Sala de escritura");
    const live = await RawClient.connect(endpoint(), doc.collabName, clients.editor, { ack: true });
    sockets.push(live);
    await live.handshake();
    await type(live, "Antes de archivar");
    expect(await paragraphsOf(doc.collabName)).toContain("Antes de archivar");

    expect((await clients.owner.post(`/api/documents/${doc.id}/archive`)).status).toBe(200);
    await type(live, "Escrito en el archivo");
    expect(await paragraphsOf(doc.collabName)).not.toContain("Escrito en el archivo");

    const late = await RawClient.connect(endpoint(), doc.collabName, clients.owner, { ack: true });
    sockets.push(late);
    await late.handshake();
    await type(late, "Dueña en el archivo");
    expect(await paragraphsOf(doc.collabName)).not.toContain("Dueña en el archivo");

    expect((await clients.owner.post(`/api/documents/${doc.id}/restore`)).status).toBe(200);
    await type(late, "Restaurado");
    expect(await paragraphsOf(doc.collabName)).toContain("Restaurado");
    live.close();
    late.close();
  });
});

describe("deleting documents", () => {
  it("only owners delete; refused with versions or threads (nothing changed), deletes the row and its stored room", async () => {
    const doc = await newDocument("Borrador sin registro");
    await t.deps.realtime.host.withDoc(doc.collabName, () => undefined);
    await t.deps.realtime.host.flush();
    const expected: Record<Role, number> = { owner: 204, editor: 403, commenter: 403, reviewer: 403, viewer: 403, admin: 403, outsider: 404 };
    for (const role of ROLES.filter((r) => r !== "owner")) {
      const res = await clients[role].delete(`/api/documents/${doc.id}`);
      expect(res.status, role).toBe(expected[role]);
      expect(await documentRow(doc.id), role).toBeDefined();
    }
    const live = await RawClient.connect(endpoint(), doc.collabName, clients.editor, { ack: true });
    sockets.push(live);
    await live.handshake();
    await type(live, "Se va a borrar");
    const stored = async () =>
      Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(documentUpdates).where(eq(documentUpdates.collabName, doc.collabName)))[0]!.n) +
      Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(documentSnapshots).where(eq(documentSnapshots.collabName, doc.collabName)))[0]!.n);
    expect(await stored()).toBeGreaterThan(0);

    const deletedBefore = await auditCount("document.deleted");
    const res = await clients.owner.delete(`/api/documents/${doc.id}`);
    expect(res.status).toBe(204);
    expect(await documentRow(doc.id)).toBeUndefined();
    expect(await stored()).toBe(0);
    const closed = await live.whenClosed(5000);
    expect(closed.code).toBe(4403);
    expect(await auditCount("document.deleted")).toBe(deletedBefore + 1);
    const [entry] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "document.deleted"), eq(auditLog.subjectId, doc.id)));
    expect(entry).toMatchObject({ actorId: ids.owner, projectId, details: { title: "Borrador sin registro", kind: "text" } });
    expect((await clients.owner.get(`/api/documents/${doc.id}`)).status).toBe(404);
    expect((await clients.owner.delete(`/api/documents/${doc.id}`)).status).toBe(404);
    const upgrade = await RawClient.open(endpoint(), doc.collabName, clients.owner);
    expect(upgrade.status).toBe(404);
  });

  it("refuses a document with a version, naming why, and changes nothing", async () => {
    const doc = await newDocument("Con versión");
    expect((await clients.owner.post(`/api/documents/${doc.id}/versions`, { name: "Entrega 1" })).status).toBe(201);
    const before = await auditCount();
    const res = await clients.owner.delete(`/api/documents/${doc.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("document_has_records");
    expect(res.body.error.message).toMatch(/1 versión guardada/);
    expect(res.body.error.details).toEqual({ versions: 1, threads: 0 });
    expect(await documentRow(doc.id)).toBeDefined();
    expect(await auditCount()).toBe(before);
  });

  it("refuses a document with a comment thread (archived or not), naming why", async () => {
    const doc = await newDocument("Con comentarios", "canvas");
    const thread = await clients.commenter.post(`/api/documents/${doc.id}/threads`, { anchor: { type: "canvas", point: { x: 0.25, y: 0.4 } }, body: "¿Y el drenaje?" });
    expect(thread.status, JSON.stringify(thread.body)).toBe(201);
    await clients.owner.post(`/api/documents/${doc.id}/archive`);
    const before = await auditCount();
    const res = await clients.owner.delete(`/api/documents/${doc.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("document_has_records");
    expect(res.body.error.message).toMatch(/1 hilo de comentarios/);
    expect(await documentRow(doc.id)).toBeDefined();
    expect(await auditCount()).toBe(before);
  });
});

describe("archiving projects", () => {
  it("only owners archive and restore; the portfolio leaves it out unless archived=1; audited", async () => {
    const created = await clients.owner.post("/api/projects", { name: "Panteón del norte", kind: "study" });
    const id = created.body.id as string;
    for (const role of ["editor", "viewer"] as const) {
      await clients.owner.post(`/api/projects/${id}/members`, { userId: ids[role], role });
    }
    for (const role of ["editor", "viewer", "admin"] as const) {
      const res = await clients[role].post(`/api/projects/${id}/archive`);
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    expect((await clients.outsider.post(`/api/projects/${id}/archive`)).status).toBe(404);
    expect((await clients.owner.post(`/api/projects/${NO_DOC}/archive`)).status).toBe(404);
    expect((await clients.owner.post(`/api/projects/x/archive`)).status).toBe(404);
    expect(await auditCount("project.archived")).toBe(0);

    const archived = await clients.owner.post(`/api/projects/${id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    expect(archived.body.abilities.archiveProject).toBe(true);
    const [row] = await t.database.db.select().from(projects).where(eq(projects.id, id));
    expect(row!.archivedBy).toBe(ids.owner);
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "project.archived"));
    expect(entry).toMatchObject({ actorId: ids.owner, projectId: id, subjectType: "project", details: { name: "Panteón del norte" } });
    expect((await clients.owner.post(`/api/projects/${id}/archive`)).body.error.code).toBe("invalid_archive_state");
    expect(await auditCount("project.archived")).toBe(1);

    for (const role of ["owner", "viewer", "admin"] as const) {
      const list = await clients[role].get("/api/projects");
      expect(list.body.projects.map((p: { id: string }) => p.id), role).not.toContain(id);
      const all = await clients[role].get("/api/projects?archived=1");
      expect(all.body.projects.map((p: { id: string }) => p.id), role).toContain(id);
      const dashboard = await clients[role].get("/api/portfolio/dashboard");
      const dashboardAll = await clients[role].get("/api/portfolio/dashboard?archived=1");
      expect(dashboardAll.body.totals.projects, role).toBe(dashboard.body.totals.projects + 1);
    }
    // The workspace still opens for members.
    expect((await clients.viewer.get(`/api/projects/${id}`)).body.archivedAt).not.toBeNull();

    expect((await clients.editor.post(`/api/projects/${id}/restore`)).status).toBe(403);
    const restored = await clients.owner.post(`/api/projects/${id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.archivedAt).toBeNull();
    expect((await clients.owner.get("/api/projects")).body.projects.map((p: { id: string }) => p.id)).toContain(id);
    expect(await auditCount("project.restored")).toBe(1);
    expect((await clients.owner.post(`/api/projects/${id}/restore`)).body.error.code).toBe("invalid_archive_state");
  });
});

describe("portfolio: myRole and «Mis proyectos»", () => {
  it("each project carries the reader's role; mine=1 keeps an administrator's own projects", async () => {
    const list = await clients.viewer.get("/api/projects");
    expect(list.body.projects.find((p: { id: string }) => p.id === projectId).myRole).toBe("viewer");
    const adminAll = await clients.admin.get("/api/projects");
    expect(adminAll.body.projects.find((p: { id: string }) => p.id === projectId).myRole).toBeNull();
    expect((await clients.admin.get("/api/projects?mine=1")).body.projects).toEqual([]);
    const ownerMine = await clients.owner.get("/api/projects?mine=1");
    expect(ownerMine.body.projects.every((p: { myRole: string | null }) => p.myRole !== null)).toBe(true);
    expect(ownerMine.body.projects.length).toBeGreaterThan(0);
    expect((await clients.owner.get("/api/projects?mine=true")).status).toBe(400);
  });
});

describe("duplicate names", () => {
  it("warns about a project name already used (case, accents, spaces), creating it only when confirmed", async () => {
    const projectsBefore = Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(projects))[0]!.n);
    const auditBefore = await auditCount();
    const res = await clients.owner.post("/api/projects", { name: "  mercado   MUNICIPAL ", kind: "investment" });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("duplicate_name");
    expect(res.body.error.message).toMatch(/Mercado municipal/);
    expect(res.body.error.details.existing).toMatchObject({ id: projectId, name: "Mercado municipal" });
    expect(res.body.error.details.existing.clave).toMatch(/^EST-/);
    expect(Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(projects))[0]!.n)).toBe(projectsBefore);
    expect(await auditCount()).toBe(auditBefore);

    // Someone who cannot see the existing project hears that the name is taken, not which project it is.
    const outsider = await clients.outsider.post("/api/projects", { name: "Mercado Municipal", kind: "study" });
    expect(outsider.status).toBe(409);
    expect(outsider.body.error.details.existing).toBeNull();
    expect(outsider.body.error.message).not.toMatch(/EST-\d/);

    const confirmed = await clients.owner.post("/api/projects", { name: "Mercado Municípal", kind: "investment", confirmDuplicate: true });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.name).toBe("Mercado Municípal");
    expect((await clients.owner.post("/api/projects", { name: "Mercado municipal de abastos", kind: "study" })).status).toBe(201);
    expect((await clients.owner.post("/api/projects", { name: "Otro", kind: "study", confirmDuplicate: "sí" })).status).toBe(400);
  });

  it("warns about a document title already used in the project (archived ones too), on create and rename", async () => {
    const first = await newDocument("Estudio de mercado");
    const docsBefore = Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(documents))[0]!.n);
    const auditBefore = await auditCount();
    const dup = await clients.editor.post(`/api/projects/${projectId}/documents`, { kind: "canvas", title: "ESTUDIO  de Mercado" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("duplicate_name");
    expect(dup.body.error.details.existing).toMatchObject({ id: first.id, title: "Estudio de mercado", archived: false });
    expect(Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(documents))[0]!.n)).toBe(docsBefore);
    expect(await auditCount()).toBe(auditBefore);

    const second = await clients.editor.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Estudio de mercado (anexo)" });
    expect(second.status).toBe(201);
    const rename = await clients.editor.patch(`/api/documents/${second.body.id}`, { title: "estudio de mercádo" });
    expect(rename.status).toBe(409);
    expect(rename.body.error.code).toBe("duplicate_name");
    expect((await documentRow(second.body.id))!.title).toBe("Estudio de mercado (anexo)");
    // Renaming a document to its own title in other case is not a duplicate of itself.
    expect((await clients.editor.patch(`/api/documents/${first.id}`, { title: "Estudio de Mercado" })).status).toBe(200);
    const forced = await clients.editor.patch(`/api/documents/${second.body.id}`, { title: "Estudio de mercado", confirmDuplicate: true });
    expect(forced.status).toBe(200);

    // An archived document's title still counts, and says it is archived.
    await clients.owner.post(`/api/documents/${first.id}/archive`);
    const third = await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Presupuesto" });
    expect(third.status).toBe(201);
    const archivedDup = await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "estudio de mercado " });
    expect(archivedDup.status).toBe(409);
    // Either of the two same-titled documents may be named; the other project is unaffected.
    const other = await clients.owner.post("/api/projects", { name: "Rastro municipal", kind: "study" });
    expect((await clients.owner.post(`/api/projects/${other.body.id}/documents`, { kind: "text", title: "Estudio de mercado" })).status).toBe(201);
  });
});
