import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { studyJson } from "@taller/editor-schema/server";
import { STUDY_SECTIONS } from "@taller/editor-schema";
import { roundTrip } from "@taller/collab/testing";
import { CollabTestServer, connectClient, eventually, setupProject, synced, type ProjectFixture } from "../support/realtime";
import { upgradeStatus } from "../support/raw-client";
import { authorConcurrentTrace, loadTrace, satisfies } from "../support/traces";
import { appendParagraph, lastParagraph, pageEntry, traceParagraph } from "../support/study-content";

/**
 * The real-time core end to end: a real server process, stock y-websocket clients with real
 * session cookies, the project's roles deciding who may write, and storage that survives
 * restarts.
 */
let server: CollabTestServer;
let fx: ProjectFixture;
const open: WebsocketProvider[] = [];

function client(collabName: string, session: ProjectFixture["owner"] | null, options: Parameters<typeof connectClient>[3] = {}) {
  const provider = connectClient(server, collabName, session, options);
  open.push(provider);
  return provider;
}

function closeAll() {
  for (const provider of open.splice(0)) provider.destroy();
}

const headings = (doc: Y.Doc) =>
  (studyJson(doc).content ?? []).filter((n) => n.type === "heading").map((n) => n.content?.[0]?.text);

beforeAll(async () => {
  server = await CollabTestServer.start();
  fx = await setupProject(server);
}, 120_000);

afterAll(async () => {
  closeAll();
  await server?.close();
});

describe("collaboration over the real server", () => {
  it("seeds the study template once, converges concurrent editors, and serves latecomers the full state", async () => {
    const a = client(fx.text.collabName, fx.owner);
    const b = client(fx.text.collabName, fx.editor);
    await Promise.all([synced(a), synced(b)]);
    expect(headings(a.doc)).toEqual(STUDY_SECTIONS.map((s) => s.heading));
    expect(headings(b.doc)).toEqual(headings(a.doc));

    // Concurrent edits in a shared text next to the template (a paragraph a appends: the server
    // refuses content outside the study schema).
    const ta = appendParagraph(a.doc);
    await eventually(() => lastParagraph(b.doc) !== undefined, 5_000, "shared paragraph");
    const tb = lastParagraph(b.doc)!;
    for (let i = 0; i < 50; i++) {
      ta.insert(ta.length, "a");
      tb.insert(0, "b");
    }
    await eventually(() => ta.toString() === tb.toString() && ta.length === 100, 10_000, "convergence");

    const late = client(fx.text.collabName, fx.commenter);
    await synced(late);
    await eventually(() => lastParagraph(late.doc)?.toString() === ta.toString(), 5_000, "late joiner state");
    expect(headings(late.doc)).toHaveLength(STUDY_SECTIONS.length);

    // The HTTP view reads the same document.
    const content = await fx.commenter.get(`/api/documents/${fx.text.id}/content`);
    expect(content.status).toBe(200);
    expect(content.body.content.content[0].content[0].text).toBe(STUDY_SECTIONS[0]!.heading);
    const md = await fx.commenter.get(`/api/documents/${fx.text.id}/export?format=md`);
    expect(md.body).toContain("## 12. Anexos");
    const html = await fx.owner.get(`/api/documents/${fx.text.id}/export?format=html`);
    expect(html.body).toContain('<html lang="es-MX">');
    expect((await fx.stranger.get(`/api/documents/${fx.text.id}/content`)).status).toBe(404);
    expect((await fx.owner.get(`/api/documents/${fx.canvas.id}/export?format=md`)).status).toBe(400);
  });

  it("keeps content across a restart and does not duplicate text when old clients reconnect", async () => {
    const [owner, editor] = open as [WebsocketProvider, WebsocketProvider];
    const notes = (doc: Y.Doc) => lastParagraph(doc)?.toString();
    const before = notes(owner.doc);
    expect(before).toHaveLength(100);
    await server.restart("SIGTERM");
    // The stock clients reconnect by themselves with their old local documents and send what
    // they have; Yjs recognises it as already stored, so nothing is duplicated.
    await eventually(() => owner.wsconnected && editor.wsconnected && owner.synced && editor.synced, 15_000, "reconnect");
    const fresh = client(fx.text.collabName, fx.commenter);
    await synced(fresh);
    await eventually(() => notes(fresh.doc) === before, 5_000, "content after restart");
    expect(notes(owner.doc)).toBe(before);
    expect(notes(editor.doc)).toBe(before);
    expect(headings(fresh.doc)).toEqual(STUDY_SECTIONS.map((s) => s.heading));
    closeAll();
  });

  it("never lets a commenter change a document: not applied, not broadcast, not stored", async () => {
    const writer = client(fx.canvas.collabName, fx.owner);
    const commenter = client(fx.canvas.collabName, fx.commenter);
    await Promise.all([synced(writer), synced(commenter)]);
    writer.doc.getArray("tldraw").push([pageEntry("1")]);
    await eventually(() => commenter.doc.getArray("tldraw").length === 1, 5_000, "owner's shape at commenter");

    let writerSawForeign = false;
    writer.doc.on("update", (_u: Uint8Array, origin: unknown) => {
      if (origin === writer) writerSawForeign = true;
    });
    commenter.doc.getArray("tldraw").push([pageEntry("evil")]);
    // The server has handled the commenter's frame, and anything it relayed to the writer because
    // of it is in (the writer's round trip comes after it).
    await roundTrip(commenter);
    await roundTrip(writer);
    writer.doc.getArray("tldraw").push([pageEntry("2")]);
    await eventually(() => commenter.doc.getArray("tldraw").length === 3, 5_000, "second owner shape");
    expect(writerSawForeign).toBe(false);
    expect(writer.doc.getArray("tldraw").toArray().map((e) => (e as { key: string }).key)).toEqual(["page:1", "page:2"]);
    const records = await fx.owner.get(`/api/documents/${fx.canvas.id}/content`);
    expect(Object.keys(records.body.records).sort()).toEqual(["page:1", "page:2"]);
    closeAll();

    await server.server.stop("SIGTERM");
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await server.storedState(fx.canvas.collabName))!);
    expect(stored.getArray("tldraw").toArray().map((e) => (e as { key: string }).key)).toEqual(["page:1", "page:2"]);
    await server.resume();
  });

  it("refuses foreign origins, strangers, anonymous users and unknown documents before upgrading", async () => {
    const text = fx.text.collabName;
    const noOrigin = { origin: null }; // not a browser
    expect(await upgradeStatus(server, text, fx.owner, { origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus(server, text, fx.stranger)).toBe(403);
    expect(await upgradeStatus(server, text, null)).toBe(401);
    expect(await upgradeStatus(server, "doc.00000000-0000-4000-8000-000000000000", fx.owner, noOrigin)).toBe(404);
    expect(await upgradeStatus(server, "../api/health", fx.owner, noOrigin)).toBe(404);
    expect(await upgradeStatus(server, text, fx.owner)).toBe(101);
    expect(await upgradeStatus(server, text, fx.owner, noOrigin)).toBe(101);
  });

  it("downgrades, closes and revokes live sockets when access changes", async () => {
    const editor = client(fx.canvas.collabName, fx.editor);
    const owner = client(fx.canvas.collabName, fx.owner);
    await Promise.all([synced(editor), synced(owner)]);

    // Editor → viewer: their socket becomes read-only at once.
    // (The role change reaches live sockets before the PATCH answers.)
    expect((await fx.owner.patch(`/api/projects/${fx.projectId}/members/${fx.users.editor}`, { role: "viewer" })).status).toBe(200);
    editor.doc.getArray("tldraw").push([pageEntry("after-downgrade")]);
    await roundTrip(editor);
    await roundTrip(owner);
    owner.doc.getArray("tldraw").push([pageEntry("marker")]);
    await eventually(() => editor.doc.getArray("tldraw").toArray().some((e) => (e as { key: string }).key === "page:marker"), 5_000, "marker");
    expect(owner.doc.getArray("tldraw").toArray().some((e) => (e as { key: string }).key === "page:after-downgrade")).toBe(false);
    const content = await fx.owner.get(`/api/documents/${fx.canvas.id}/content`);
    expect(Object.keys(content.body.records)).not.toContain("page:after-downgrade");

    // Removal closes the socket within seconds, and the client cannot come back.
    const closed = new Promise<number>((resolve) => editor.ws?.addEventListener("close", (e) => resolve((e as { code: number }).code)));
    expect((await fx.owner.delete(`/api/projects/${fx.projectId}/members/${fx.users.editor}`)).status).toBe(204);
    expect(await closed).toBe(4403);
    expect(await upgradeStatus(server, fx.canvas.collabName, fx.editor, { origin: null })).toBe(403);

    // Logout closes that session's sockets.
    const ownerClosed = new Promise<number>((resolve) => owner.ws?.addEventListener("close", (e) => resolve((e as { code: number }).code)));
    const ownerCookie = fx.owner.cookie;
    await fx.owner.post("/api/auth/logout");
    expect(await ownerClosed).toBe(4401);
    expect(await upgradeStatus(server, fx.canvas.collabName, { cookie: ownerCookie }, { origin: null })).toBe(401);
    closeAll();
  });
});

describe("a real concurrent editing trace", () => {
  it("replays friendsforever through two clients and ends with its endContent everywhere", async () => {
    // The fixture first: authoring the trace keeps this process busy for a while, and a pooled
    // HTTP connection the server closed as idle meanwhile would be reused for the next request.
    const fresh = await setupProject(server);
    const doc = (await fresh.owner.post(`/api/projects/${fresh.projectId}/documents`, { kind: "text", title: "Traza" })).body;
    const trace = loadTrace("friendsforever.json.gz");
    // Replayed into a study paragraph (the server refuses text outside the study schema).
    const paragraph = traceParagraph();
    const authored = authorConcurrentTrace(trace, paragraph);
    const clients = [client(doc.collabName, fresh.owner), client(doc.collabName, fresh.editor)];
    await Promise.all(clients.map((c) => synced(c)));
    Y.applyUpdate(clients[0]!.doc, paragraph.base);
    const text = (d: Y.Doc) => {
      try {
        return paragraph.text(d).toString();
      } catch {
        return null;
      }
    };

    // Each client sends its author's updates in trace order, as many at a time (one Yjs
    // transaction, so one message) as its document already has the other author's context for;
    // then it waits for the server to deliver the other side. Both sockets carry concurrent edits.
    const queues = clients.map((_, agent) => authored.filter((u) => u.agent === agent));
    const deadline = Date.now() + 60_000;
    while (queues.some((q) => q.length > 0)) {
      if (Date.now() > deadline) throw new Error(`replay stalled with ${queues.map((q) => q.length).join("/")} updates left`);
      for (const [agent, c] of clients.entries()) {
        const stateVector = Y.decodeStateVector(Y.encodeStateVector(c.doc));
        const queue = queues[agent]!;
        let ready = 0;
        while (ready < queue.length && ready < 400 && satisfies(stateVector, queue[ready]!.requires)) ready++;
        const batch = queue.splice(0, ready);
        if (batch.length > 0) c.doc.transact(() => batch.forEach(({ update }) => Y.applyUpdate(c.doc, update)));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await eventually(
      () => clients.every((c) => text(c.doc) === trace.endContent),
      30_000,
      "both clients at endContent",
    ).catch((error: unknown) => {
      const state = clients.map((c) => ({ equal: text(c.doc) === trace.endContent, length: text(c.doc)?.length, connected: c.wsconnected, pending: c.doc.store.pendingStructs !== null, pendingDs: c.doc.store.pendingDs !== null }));
      throw new Error(`${String(error)}: ${JSON.stringify(state)} want ${trace.endContent.length}`);
    });
    closeAll();

    await server.server.stop("SIGTERM");
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await server.storedState(doc.collabName))!);
    expect(text(stored)).toBe(trace.endContent);
    await server.resume();
  }, 120_000);
});
