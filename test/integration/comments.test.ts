import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { auditLog, comments, events, notifications, threads } from "@taller/db";
import { and, asc, eq, sql } from "@taller/db/sql";
import { canvasStore, STUDY_FIELD } from "@taller/editor-schema";
import { geoShape } from "@taller/editor-schema/testing";
import { validateCanvasUpdate } from "@taller/editor-schema/canvas-validation";
import { signedIn, type ApiClient } from "../support/api-client";
import { CollabTestServer } from "../support/realtime";
import { startTestApp, type TestApp } from "../support/app";
import { projectWithRoles, ROLES, type ProjectWithRoles, type Role } from "../support/project-roles";

/**
 * Coordination comments through the real app (in process, real database, the real collab host
 * holding the documents): who may do what (every role × every action), anchors checked against
 * the live document, bodies, notifications and audit rows, exports.
 */

const SENTENCE = "El derecho de vía del libramiento norte no está liberado en el tramo dos.";

let t: TestApp;
let projectId: string;
let textDoc: { id: string; collabName: string };
let canvasDoc: { id: string; collabName: string };
let clients: ProjectWithRoles["clients"];
let ids: ProjectWithRoles["ids"];

/** The live study's XmlText that holds `word` (in `doc`). */
function textHolding(doc: Y.Doc, word: string): Y.XmlText {
  const found: Y.XmlText[] = [];
  const visit = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText && child.toString().includes(word)) found.push(child);
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment(STUDY_FIELD));
  if (!found[0]) throw new Error(`${word} is not in the study`);
  return found[0];
}

/**
 * A text anchor on `word` made the way a client makes one: on its own replica of the document
 * (the server's state), as relative positions of the text node, sent as JSON.
 */
async function anchorOn(word: string): Promise<{ type: "text"; start: unknown; end: unknown }> {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, await t.deps.realtime.host.encodeState(textDoc.collabName));
  const text = textHolding(replica, word);
  const index = text.toString().indexOf(word);
  return {
    type: "text",
    start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index)),
    end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index + word.length, -1)),
  };
}

const canvasAnchor = { type: "canvas", shapeId: "shape:puente", point: { x: 0.25, y: 0.4 } };

async function openThread(as: ApiClient, body = "¿Está liberado el derecho de vía?", anchor?: unknown) {
  const res = await as.post(`/api/documents/${textDoc.id}/threads`, { anchor: anchor ?? (await anchorOn("derecho de vía")), body });
  if (res.status !== 201) throw new Error(`open thread: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Counts of every table a comment request writes to. */
async function writes() {
  const count = async (table: typeof threads | typeof comments | typeof notifications | typeof auditLog | typeof events) =>
    Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);
  return { threads: await count(threads), comments: await count(comments), notifications: await count(notifications), audit: await count(auditLog), events: await count(events) };
}

beforeAll(async () => {
  t = await startTestApp();
  ({ projectId, clients, ids } = await projectWithRoles(t));
  const text = await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Propuesta de estudio" });
  const canvas = await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "canvas", title: "Croquis <b>del puente</b>" });
  textDoc = text.body;
  canvasDoc = canvas.body;
  // What the editors wrote: a paragraph under the first heading, a shape on the canvas.
  await t.deps.realtime.host.withDoc(textDoc.collabName, (doc) => {
    const paragraph = new Y.XmlElement("paragraph");
    const xmlText = new Y.XmlText();
    paragraph.insert(0, [xmlText]);
    doc.transact(() => {
      doc.getXmlFragment(STUDY_FIELD).insert(1, [paragraph]);
      xmlText.insert(0, SENTENCE);
    });
  });
  await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) => {
    doc.transact(() => {
      canvasStore(doc).set("page:p1", { id: "page:p1", typeName: "page", name: "Planta", index: "a1", meta: {} });
      canvasStore(doc).set("shape:puente", geoShape("shape:puente"));
    });
  });
});

afterAll(async () => {
  await t?.close();
});

describe("opening a thread", () => {
  it("anchors it to the selected text, quotes it from the document and names the agency", async () => {
    const res = await clients.agency.post(`/api/documents/${textDoc.id}/threads`, {
      anchor: { ...(await anchorOn("derecho de vía")), quote: "no confiable" },
      body: "¿Está liberado el derecho de vía?",
    });
    // The client's quote is not part of the shape: refused, never trusted.
    expect(res.status).toBe(400);
    const thread = await openThread(clients.agency);
    expect(thread).toMatchObject({
      documentId: textDoc.id,
      projectId,
      status: "open",
      anchor: { type: "text", quote: "derecho de vía", orphaned: false },
      openedBy: { id: ids.agency, name: "Jorge Ibarra", org: { shortName: "OP", name: "Dirección de Obra Pública" } },
      resolvedBy: null,
      resolvedAt: null,
      resolutionNote: null,
      abilities: { reply: true, resolve: true, reopen: false },
    });
    expect(thread.comments).toEqual([
      {
        id: expect.any(String),
        threadId: thread.id,
        body: "¿Está liberado el derecho de vía?",
        author: { id: ids.agency, name: "Jorge Ibarra", org: { id: expect.any(String), name: "Dirección de Obra Pública", shortName: "OP" } },
        createdAt: expect.any(String),
        editedAt: null,
        deleted: false,
        abilities: { edit: true, delete: true },
      },
    ]);
    expect(await t.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, thread.id))).toEqual([{ action: "thread.created" }]);
    const [event] = await t.database.db.select().from(events).where(and(eq(events.stream, `project:${projectId}`), eq(events.type, "thread.created"))).orderBy(asc(events.seq));
    expect(event!.data).toMatchObject({ documentId: textDoc.id, threadId: thread.id, commentId: thread.comments[0].id, subjectType: "thread" });
    expect(JSON.stringify(event!.data)).not.toContain("derecho");
  });

  it("pins a thread to a canvas shape, a point or a region", async () => {
    const pinned = await clients.commenter.post(`/api/documents/${canvasDoc.id}/threads`, { anchor: canvasAnchor, body: "El cauce requiere estudio hidrológico." });
    expect(pinned.status).toBe(201);
    expect(pinned.body.anchor).toEqual({ type: "canvas", shapeId: "shape:puente", point: { x: 0.25, y: 0.4 }, orphaned: false });
    const point = await clients.commenter.post(`/api/documents/${canvasDoc.id}/threads`, { anchor: { type: "canvas", point: { x: -5, y: 7.5 } }, body: "Aquí." });
    expect(point.body.anchor).toEqual({ type: "canvas", point: { x: -5, y: 7.5 }, orphaned: false });
    const region = await clients.commenter.post(`/api/documents/${canvasDoc.id}/threads`, { anchor: { type: "canvas", region: { x: 0, y: 0, w: 50, h: 20 } }, body: "Esta zona." });
    expect(region.body.anchor).toEqual({ type: "canvas", region: { x: 0, y: 0, w: 50, h: 20 }, orphaned: false });
  });

  it("keeps the tldraw page of a point or a region, and returns it", async () => {
    const anchor = { type: "canvas", point: { x: 3, y: 4 }, pageId: "page:p1" };
    const point = await clients.commenter.post(`/api/documents/${canvasDoc.id}/threads`, { anchor, body: "En la planta." });
    expect(point.status).toBe(201);
    expect(point.body.anchor).toEqual({ ...anchor, orphaned: false });
    const region = { type: "canvas", region: { x: 0, y: 0, w: 5, h: 5 }, pageId: "page:p1" };
    const zone = await clients.commenter.post(`/api/documents/${canvasDoc.id}/threads`, { anchor: region, body: "Zona de la planta." });
    const listed = (await clients.commenter.get(`/api/documents/${canvasDoc.id}/threads`)).body.threads;
    expect(listed.find((th: { id: string }) => th.id === point.body.id).anchor).toEqual({ ...anchor, orphaned: false });
    expect(listed.find((th: { id: string }) => th.id === zone.body.id).anchor).toEqual({ ...region, orphaned: false });
  });

  it("refuses anchors that do not resolve, writing nothing", async () => {
    const good = await anchorOn("libramiento norte");
    const before = await writes();
    const bad: [string, string, unknown][] = [
      ["unknown client", textDoc.id, { ...good, start: { item: { client: 4_000_000_001, clock: 0 }, assoc: 0 } }],
      ["future clock", textDoc.id, { ...good, end: { item: { client: (good.start as { item: { client: number } }).item.client, clock: 9_999_999 }, assoc: -1 } }],
      ["other root", textDoc.id, { ...good, start: { tname: "tldraw", assoc: 0 } }],
      ["empty range", textDoc.id, { ...good, end: good.start }],
      ["inverted range", textDoc.id, { ...good, start: good.end, end: good.start }],
      ["text anchor on a canvas", canvasDoc.id, good],
      ["canvas anchor on a text", textDoc.id, { type: "canvas", point: { x: 1, y: 1 } }],
      ["missing shape", canvasDoc.id, { type: "canvas", shapeId: "shape:nada", point: { x: 1, y: 1 } }],
      ["missing page", canvasDoc.id, { type: "canvas", point: { x: 1, y: 1 }, pageId: "page:nada" }],
    ];
    for (const [name, documentId, anchor] of bad) {
      const res = await clients.agency.post(`/api/documents/${documentId}/threads`, { anchor, body: "¿?" });
      expect({ name, status: res.status, code: res.body?.error?.code }).toEqual({ name, status: 400, code: "invalid_anchor" });
    }
    for (const [name, anchor] of [
      ["no positions", { type: "text" }],
      ["not a relative position", { type: "text", start: { item: "x" }, end: {} }],
      ["canvas with nothing", { type: "canvas" }],
      ["shape without point", { type: "canvas", shapeId: "shape:puente" }],
      ["bad shape id", { type: "canvas", shapeId: "<script>", point: { x: 1, y: 1 } }],
      ["infinite region", { type: "canvas", region: { x: 0, y: 0, w: 1e300, h: 1 } }],
      ["page of a shape anchor", { ...canvasAnchor, pageId: "page:p1" }],
      ["bad page id", { type: "canvas", point: { x: 1, y: 1 }, pageId: "shape:puente" }],
    ] as const) {
      const res = await clients.agency.post(`/api/documents/${canvasDoc.id}/threads`, { anchor, body: "¿?" });
      expect({ name, status: res.status, code: res.body?.error?.code }).toEqual({ name, status: 400, code: "validation_failed" });
    }
    expect(await writes()).toEqual(before);
  });

  it("keeps bodies as plain text up to 10,000 characters", async () => {
    const anchor = await anchorOn("tramo dos");
    const before = await writes();
    const long = await clients.agency.post(`/api/documents/${textDoc.id}/threads`, { anchor, body: "a".repeat(10_001) });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: "validation_failed", details: { issues: [{ path: "body", code: "too_long" }] } });
    const empty = await clients.agency.post(`/api/documents/${textDoc.id}/threads`, { anchor, body: "   " });
    expect(empty.status).toBe(400);
    expect(await writes()).toEqual(before);
    const exact = await clients.agency.post(`/api/documents/${textDoc.id}/threads`, { anchor, body: "b".repeat(10_000) });
    expect(exact.status).toBe(201);
    const script = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const scripted = await clients.agency.post(`/api/documents/${textDoc.id}/threads`, { anchor, body: script });
    expect(scripted.status).toBe(201);
    expect(scripted.headers.get("content-type")).toContain("application/json");
    expect(scripted.body.comments[0].body).toBe(script);
    const listed = await clients.viewer.get(`/api/documents/${textDoc.id}/threads`);
    expect(listed.body.threads.find((th: { id: string }) => th.id === scripted.body.id).comments[0].body).toBe(script);
    const md = await clients.viewer.get(`/api/documents/${textDoc.id}/threads/export?format=md`);
    expect(md.status).toBe(200);
    expect(md.body).not.toContain("<script");
    expect(md.body).not.toContain("<img");
    expect(md.body).toContain("&lt;script");
  });
});

describe("anchors follow the document", () => {
  it("keeps a text anchor on its words when text is typed before, and marks it orphaned (with its quote) once they are deleted", async () => {
    await t.deps.realtime.host.withDoc(textDoc.collabName, (doc) => {
      doc.transact(() => doc.getXmlFragment(STUDY_FIELD).insert(1, [new Y.XmlElement("paragraph")]));
    });
    const thread = await openThread(clients.agency, "¿Qué tramo?", await anchorOn("tramo dos"));
    await t.deps.realtime.host.withDoc(textDoc.collabName, (doc) => textHolding(doc, "tramo dos").insert(0, "Nota previa. "));
    let listed = await clients.agency.get(`/api/documents/${textDoc.id}/threads`);
    expect(listed.body.threads.find((th: { id: string }) => th.id === thread.id).anchor).toMatchObject({ quote: "tramo dos", orphaned: false });
    await t.deps.realtime.host.withDoc(textDoc.collabName, (doc) => {
      const text = textHolding(doc, "tramo dos");
      text.delete(text.toString().indexOf("tramo dos"), "tramo dos".length);
    });
    listed = await clients.agency.get(`/api/documents/${textDoc.id}/threads`);
    expect(listed.body.threads.find((th: { id: string }) => th.id === thread.id).anchor).toMatchObject({ quote: "tramo dos", orphaned: true });
  });

  it("marks a pin orphaned when its shape is deleted, and not once it is back", async () => {
    await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) => doc.transact(() => canvasStore(doc).set("shape:muro", geoShape("shape:muro"))));
    const res = await clients.commenter.post(`/api/documents/${canvasDoc.id}/threads`, { anchor: { ...canvasAnchor, shapeId: "shape:muro" }, body: "¿Muro de contención?" });
    expect(res.status).toBe(201);
    await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) => doc.transact(() => canvasStore(doc).delete("shape:muro")));
    const orphanOf = async () => (await clients.commenter.get(`/api/documents/${canvasDoc.id}/threads`)).body.threads.find((th: { id: string }) => th.id === res.body.id).anchor.orphaned;
    expect(await orphanOf()).toBe(true);
    await t.deps.realtime.host.withDoc(canvasDoc.collabName, (doc) => doc.transact(() => canvasStore(doc).set("shape:muro", geoShape("shape:muro"))));
    expect(await orphanOf()).toBe(false);
  });
});

describe("who may do what", () => {
  /** The status each role gets for each action (owner, editor, commenter, reviewer, viewer, admin without role, non-member). */
  const table: Record<string, { expected: Record<Role, number>; run: (as: ApiClient, role: Role) => Promise<{ status: number; body: any }> }> = { // eslint-disable-line @typescript-eslint/no-explicit-any
    "open a thread": {
      expected: { owner: 201, editor: 201, commenter: 201, reviewer: 201, viewer: 403, admin: 403, outsider: 404 },
      run: async (as) => as.post(`/api/documents/${textDoc.id}/threads`, { anchor: await anchorOn("derecho de vía"), body: "Observación." }),
    },
    "pin a thread on the canvas": {
      expected: { owner: 201, editor: 201, commenter: 201, reviewer: 201, viewer: 403, admin: 403, outsider: 404 },
      run: (as) => as.post(`/api/documents/${canvasDoc.id}/threads`, { anchor: canvasAnchor, body: "Observación." }),
    },
    "reply to an agency's thread": {
      expected: { owner: 201, editor: 201, commenter: 201, reviewer: 201, viewer: 403, admin: 403, outsider: 404 },
      run: async (as) => as.post(`/api/threads/${(await openThread(clients.agency)).id}/comments`, { body: "Respuesta." }),
    },
    "edit their own comment": {
      expected: { owner: 200, editor: 200, commenter: 200, reviewer: 200, viewer: 403, admin: 403, outsider: 404 },
      run: async (as, role) => {
        // Those who cannot comment have no comment of their own: they try with the agency's.
        const thread = ["viewer", "admin", "outsider"].includes(role) ? await openThread(clients.agency) : await openThread(as);
        return as.patch(`/api/comments/${thread.comments[0].id}`, { body: "Corregido." });
      },
    },
    "edit another's comment": {
      expected: { owner: 403, editor: 403, commenter: 403, reviewer: 403, viewer: 403, admin: 403, outsider: 404 },
      run: async (as) => as.patch(`/api/comments/${(await openThread(clients.agency)).comments[0].id}`, { body: "Cambiado por otra persona." }),
    },
    "delete their own comment": {
      expected: { owner: 200, editor: 200, commenter: 200, reviewer: 200, viewer: 403, admin: 403, outsider: 404 },
      run: async (as, role) => {
        const thread = ["viewer", "admin", "outsider"].includes(role) ? await openThread(clients.agency) : await openThread(as);
        return as.delete(`/api/comments/${thread.comments[0].id}`);
      },
    },
    "delete another's comment": {
      expected: { owner: 403, editor: 403, commenter: 403, reviewer: 403, viewer: 403, admin: 403, outsider: 404 },
      run: async (as) => as.delete(`/api/comments/${(await openThread(clients.agency)).comments[0].id}`),
    },
    "resolve their own thread": {
      expected: { owner: 200, editor: 200, commenter: 200, reviewer: 200, viewer: 403, admin: 403, outsider: 404 },
      run: async (as, role) => {
        const thread = ["viewer", "admin", "outsider"].includes(role) ? await openThread(clients.agency) : await openThread(as);
        return as.post(`/api/threads/${thread.id}/resolve`, { note: "Atendido." });
      },
    },
    "resolve an agency's thread": {
      expected: { owner: 200, editor: 403, commenter: 403, reviewer: 200, viewer: 403, admin: 403, outsider: 404 },
      run: async (as) => as.post(`/api/threads/${(await openThread(clients.agency)).id}/resolve`, {}),
    },
    "reopen a resolved thread": {
      expected: { owner: 200, editor: 200, commenter: 200, reviewer: 200, viewer: 403, admin: 403, outsider: 404 },
      run: async (as) => {
        const thread = await openThread(clients.agency);
        expect((await clients.agency.post(`/api/threads/${thread.id}/resolve`, {})).status).toBe(200);
        return as.post(`/api/threads/${thread.id}/reopen`);
      },
    },
    "list a document's threads": {
      expected: { owner: 200, editor: 200, commenter: 200, reviewer: 200, viewer: 200, admin: 200, outsider: 404 },
      run: (as) => as.get(`/api/documents/${textDoc.id}/threads`),
    },
    "read a comment's revisions": {
      expected: { owner: 200, editor: 200, commenter: 200, reviewer: 200, viewer: 200, admin: 200, outsider: 404 },
      run: async (as) => as.get(`/api/comments/${(await openThread(clients.agency)).comments[0].id}/revisions`),
    },
    "export a document's threads": {
      expected: { owner: 200, editor: 200, commenter: 200, reviewer: 200, viewer: 200, admin: 200, outsider: 404 },
      run: (as) => as.get(`/api/documents/${textDoc.id}/threads/export?format=csv`),
    },
  };

  for (const [action, { expected, run }] of Object.entries(table)) {
    it(action, async () => {
      const got: Record<string, number> = {};
      const codes: Record<string, string | undefined> = {};
      for (const role of ROLES) {
        const res = await run(clients[role], role);
        got[role] = res.status;
        codes[role] = res.body?.error?.code;
      }
      expect(got).toEqual(expected);
      for (const role of ROLES) {
        if (expected[role] === 403) expect(codes[role], role).toBe("forbidden");
        if (expected[role] === 404) expect(codes[role], role).toMatch(/^(document|thread|comment)_not_found$/);
      }
    });
  }

  it("answers 404 for unknown and malformed ids", async () => {
    for (const [path, code] of [
      ["/api/threads/00000000-0000-4000-8000-000000000000/comments", "thread_not_found"],
      ["/api/threads/nope/resolve", "thread_not_found"],
      ["/api/documents/nope/threads", "document_not_found"],
    ] as const) {
      const res = await clients.owner.post(path, { body: "x" });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe(code);
    }
    const res = await clients.owner.patch("/api/comments/00000000-0000-4000-8000-000000000000", { body: "x" });
    expect(res.body.error.code).toBe("comment_not_found");
  });

  it("keeps thread state transitions explicit (409) and writes nothing on a refusal", async () => {
    const thread = await openThread(clients.agency);
    const before = await writes();
    expect((await clients.agency.post(`/api/threads/${thread.id}/reopen`)).body.error.code).toBe("invalid_thread_state");
    expect((await clients.editor.post(`/api/threads/${thread.id}/resolve`, { note: "Cerrado por edición" })).status).toBe(403);
    expect((await clients.viewer.post(`/api/threads/${thread.id}/comments`, { body: "hola" })).status).toBe(403);
    expect((await clients.commenter.patch(`/api/comments/${thread.comments[0].id}`, { body: "ajeno" })).status).toBe(403);
    expect(await writes()).toEqual(before);
    const resolved = await clients.agency.post(`/api/threads/${thread.id}/resolve`, { note: "Liberado según oficio 123." });
    expect(resolved.body).toMatchObject({ status: "resolved", resolvedBy: { id: ids.agency, org: { shortName: "OP" } }, resolutionNote: "Liberado según oficio 123.", abilities: { resolve: false, reopen: true } });
    const again = await clients.owner.post(`/api/threads/${thread.id}/resolve`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("invalid_thread_state");
    // A reply goes to a resolved thread without reopening it.
    const reply = await clients.editor.post(`/api/threads/${thread.id}/comments`, { body: "Confirmado." });
    expect(reply.body.status).toBe("resolved");
    const reopened = await clients.editor.post(`/api/threads/${thread.id}/reopen`);
    expect(reopened.body).toMatchObject({ status: "open", resolvedBy: null, resolvedAt: null, resolutionNote: null });
    const audited = await t.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, thread.id)).orderBy(asc(auditLog.id));
    expect(audited.map((a) => a.action)).toEqual(["thread.created", "thread.resolved", "thread.reopened"]);
    // The project's activity lists them (without the bodies).
    const activity = await clients.reviewer.get(`/api/projects/${projectId}/activity?limit=100`);
    expect(activity.status).toBe(200);
    expect(JSON.stringify(activity.body)).toContain("thread.reopened");
    expect(JSON.stringify(activity.body)).not.toContain("Confirmado.");
  });

  it("lists threads oldest first, filtered by status", async () => {
    const all = (await clients.viewer.get(`/api/documents/${textDoc.id}/threads`)).body.threads as { id: string; status: string; createdAt: string }[];
    const open = (await clients.viewer.get(`/api/documents/${textDoc.id}/threads?status=open`)).body.threads as { id: string; status: string }[];
    const resolved = (await clients.viewer.get(`/api/documents/${textDoc.id}/threads?status=resolved`)).body.threads as { id: string; status: string }[];
    expect(open.length).toBeGreaterThan(0);
    expect(resolved.length).toBeGreaterThan(0);
    expect(open.every((th) => th.status === "open") && resolved.every((th) => th.status === "resolved")).toBe(true);
    expect(open.length + resolved.length).toBe(all.length);
    expect(all.map((th) => th.createdAt)).toEqual([...all.map((th) => th.createdAt)].sort());
    expect(open.map((th) => th.id)).toEqual(all.filter((th) => th.status === "open").map((th) => th.id));
    const bad = await clients.viewer.get(`/api/documents/${textDoc.id}/threads?status=closed`);
    expect(bad.status).toBe(400);
  });

  it("lets only one of two simultaneous resolutions succeed", async () => {
    const thread = await openThread(clients.agency);
    const results = await Promise.all([clients.owner.post(`/api/threads/${thread.id}/resolve`, {}), clients.reviewer.post(`/api/threads/${thread.id}/resolve`, {})]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const audited = await t.database.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.subjectId, thread.id), eq(auditLog.action, "thread.resolved")));
    expect(audited).toHaveLength(1);
  });
});

describe("editing and deleting comments", () => {
  it("keeps earlier bodies, shows a deleted comment in place and refuses to change it again", async () => {
    const thread = await openThread(clients.agency, "Primera versión.");
    const commentId = thread.comments[0].id;
    const edited = await clients.agency.patch(`/api/comments/${commentId}`, { body: "Segunda versión." });
    expect(edited.status).toBe(200);
    expect(edited.body.comments[0]).toMatchObject({ body: "Segunda versión.", editedAt: expect.any(String), deleted: false });
    const revisions = await clients.viewer.get(`/api/comments/${commentId}/revisions`);
    expect(revisions.body).toEqual({ revisions: [{ body: "Primera versión.", replacedAt: expect.any(String) }] });
    const reply = await clients.owner.post(`/api/threads/${thread.id}/comments`, { body: "Gracias." });
    const deleted = await clients.agency.delete(`/api/comments/${commentId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.comments.map((c: { body: string; deleted: boolean }) => [c.body, c.deleted])).toEqual([
      ["", true],
      ["Gracias.", false],
    ]);
    expect(deleted.body.comments[0].abilities).toEqual({ edit: false, delete: false });
    expect(reply.status).toBe(201);
    const before = await writes();
    expect((await clients.agency.patch(`/api/comments/${commentId}`, { body: "Tercera." })).body.error.code).toBe("comment_deleted");
    expect((await clients.agency.delete(`/api/comments/${commentId}`)).body.error.code).toBe("comment_deleted");
    expect(await writes()).toEqual(before);
    expect((await clients.viewer.get(`/api/comments/${commentId}/revisions`)).body).toEqual({ revisions: [] });
    for (const format of ["csv", "json", "md"]) {
      const file = await clients.viewer.get(`/api/documents/${textDoc.id}/threads/export?format=${format}`);
      const text = typeof file.body === "string" ? file.body : JSON.stringify(file.body);
      expect(text).toContain("comentario eliminado");
      expect(text).not.toContain("Segunda versión.");
      expect(text).not.toContain("Primera versión.");
    }
    const audited = await t.database.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.subjectId, commentId)).orderBy(asc(auditLog.id));
    expect(audited.map((a) => a.action)).toEqual(["comment.edited", "comment.deleted"]);
    expect(JSON.stringify(audited)).not.toContain("versión");
  });
});

describe("notifications", () => {
  it("writes a row and a user-stream event for mentions, replies to participants and resolutions", async () => {
    const notified = async (userId: string) =>
      t.database.db.select({ kind: notifications.kind, threadId: notifications.threadId, id: notifications.id }).from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.createdAt));
    const before = { editor: (await notified(ids.editor)).length, agency: (await notified(ids.agency)).length, outsider: (await notified(ids.outsider)).length };
    const thread = await openThread(clients.agency, `Favor de revisar @[Andrés Solís](${ids.editor}) y @[Pedro](${ids.outsider}).`);
    const editorRows = await notified(ids.editor);
    expect(editorRows.slice(before.editor)).toEqual([{ kind: "mention", threadId: thread.id, id: expect.any(String) }]);
    // Not a member: a mention of them stays text.
    expect((await notified(ids.outsider)).length).toBe(before.outsider);
    await clients.editor.post(`/api/threads/${thread.id}/comments`, { body: "Lo reviso." });
    await clients.owner.post(`/api/threads/${thread.id}/resolve`, { note: "Listo." });
    expect((await notified(ids.agency)).slice(before.agency).map((n) => n.kind)).toEqual(["reply", "resolved"]);
    // The editor took part: the owner's resolution notifies only the opener; the editor got nothing for their own reply.
    expect((await notified(ids.editor)).length).toBe(before.editor + 1);
    const stream = await t.database.db.select().from(events).where(eq(events.stream, `user:${ids.agency}`)).orderBy(asc(events.seq));
    const agencyRows = await notified(ids.agency);
    expect(stream.slice(-2).map((e) => [e.type, e.data])).toEqual(agencyRows.slice(-2).map((n) => ["notification.created", { notificationId: n.id, projectId }]));
  });
});

describe("export", () => {
  it("writes CSV with a BOM and neutralized formulas, JSON and Markdown, as attachments", async () => {
    const thread = await openThread(clients.agency, '=HYPERLINK("http://x","y") y "comillas"');
    await clients.owner.post(`/api/threads/${thread.id}/comments`, { body: "+1 de acuerdo\nsegunda línea" });
    const csv = await clients.reviewer.get(`/api/documents/${textDoc.id}/threads/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="Propuesta de estudio - comentarios\.csv"/);
    const raw = new Uint8Array(await (await clients.reviewer.fetch(`/api/documents/${textDoc.id}/threads/export?format=csv`)).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://x"",""y"") y ""comillas"""`);
    expect(csv.body).toContain(`"'+1 de acuerdo\nsegunda línea"`);
    expect(csv.body).toContain('"Jorge Ibarra","OP"');
    const json = await clients.reviewer.get(`/api/documents/${textDoc.id}/threads/export?format=json`);
    expect(json.headers.get("content-disposition")).toMatch(/comentarios\.json/);
    const exported = json.body.threads.find((th: { id: string }) => th.id === thread.id);
    expect(exported).toMatchObject({ status: "open", anchor: { type: "text", quote: "derecho de vía", orphaned: false }, openedBy: { name: "Jorge Ibarra", agency: "OP" } });
    expect(exported.comments.map((c: { body: string }) => c.body)).toEqual(['=HYPERLINK("http://x","y") y "comillas"', "+1 de acuerdo\nsegunda línea"]);
    const md = await clients.reviewer.get(`/api/documents/${canvasDoc.id}/threads/export?format=md`);
    expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(md.body).toContain("# Comentarios: Croquis &lt;b\\>del puente&lt;/b\\>");
    expect(md.body).toContain("Marta Cano");
    const bad = await clients.reviewer.get(`/api/documents/${textDoc.id}/threads/export?format=xlsx`);
    expect(bad.status).toBe(400);
  });
});

describe("the demo portfolio", () => {
  it("has agencies' threads on the corridor's study and canvas, anchored to what is there", async () => {
    const server = await CollabTestServer.start({ TALLER_DEMO: "1" });
    try {
      const jorge = await signedIn(server.url, "jorge.ibarra@demo.taller.local", "demo-taller-2026");
      const projects = (await jorge.get("/api/projects")).body.projects as { id: string; stage: string; kind: string }[];
      const corridor = projects.find((p) => p.kind === "investment" && p.stage === "feasibility")!;
      const documents = (await jorge.get(`/api/projects/${corridor.id}/documents`)).body.documents as { id: string; kind: string }[];
      const study = documents.find((d) => d.kind === "text")!;
      const canvas = documents.find((d) => d.kind === "canvas")!;

      const studyThreads = (await jorge.get(`/api/documents/${study.id}/threads`)).body.threads;
      expect(studyThreads.map((th: { status: string; anchor: { quote: string; orphaned: boolean }; openedBy: { org: { shortName: string } } }) => [th.status, th.openedBy.org.shortName, th.anchor.quote, th.anchor.orphaned])).toEqual([
        ["open", "OP", "tiene 32 m de sección, suficiente para dos carriles exclusivos sin afectar predios", false],
        ["resolved", "MA", "se plantarán con especies nativas", false],
      ]);
      expect(studyThreads[0].abilities).toEqual({ reply: true, resolve: true, reopen: false });
      expect(studyThreads[1].resolutionNote).toContain("anexo 4");
      const canvasThreads = (await jorge.get(`/api/documents/${canvas.id}/threads`)).body.threads;
      expect(canvasThreads).toHaveLength(1);
      expect(canvasThreads[0]).toMatchObject({ anchor: { type: "canvas", shapeId: "shape:camellon", orphaned: false }, openedBy: { org: { shortName: "MA" } } });

      // The documents' content is what the editors' schema accepts.
      const text = (await jorge.get(`/api/documents/${study.id}/content`)).body;
      expect(text.skipped).toBeUndefined();
      expect(JSON.stringify(text.content)).toContain("12. Anexos");
      const board = (await jorge.get(`/api/documents/${canvas.id}/content`)).body;
      expect(board.skipped).toBeUndefined();
      const doc = new Y.Doc();
      doc.getArray<{ key: string; val: unknown }>("tldraw").push(Object.entries(board.records).map(([key, val]) => ({ key, val })));
      expect(validateCanvasUpdate(new Y.Doc(), Y.encodeStateAsUpdate(doc))).toBeNull();
    } finally {
      await server.close();
    }
  }, 120_000);
});
