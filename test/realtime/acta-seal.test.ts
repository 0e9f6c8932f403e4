import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { roundTrip } from "@taller/collab/testing";
import { CollabTestServer, connectClient, eventually, setupProject, synced, type ProjectFixture } from "../support/realtime";
import { appendParagraph, paragraphTexts } from "../support/study-content";

/**
 * Issue 13, «done when»: a meeting's acta co-written by two stock y-websocket clients on the real
 * server; closing the meeting seals it (the record carries what both wrote), and from then on the
 * room is read-only for everyone, enforced by the server: a further edit over the open socket is
 * not applied, a client that reconnects with that edit in its state is refused too, and the
 * server's content stays what was sealed (read by fresh clients, also after a restart).
 */
let server: CollabTestServer;
let fx: ProjectFixture;
let meetingId: string;
const open: WebsocketProvider[] = [];

function client(session: { cookie: string }, doc = new Y.Doc()) {
  const provider = connectClient(server, `acta.${meetingId}`, session, { doc });
  open.push(provider);
  return provider;
}

/** What a fresh client of the acta gets from the server. */
async function serverParagraphs(): Promise<string[]> {
  const fresh = client(fx.owner);
  await synced(fresh);
  const texts = paragraphTexts(fresh.doc);
  fresh.destroy();
  return texts;
}

/** The HTTP status an upgrade to `acta.<id>` gets for this session. */
function upgradeStatus(session: { cookie: string }): Promise<number> {
  return upgradeStatusOf(`acta.${meetingId}`, session);
}

function upgradeStatusOf(room: string, session: { cookie: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/${room}`, { headers: { origin: server.url, cookie: session.cookie } });
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("open", () => {
      resolve(101);
      ws.close();
    });
    ws.on("error", (error) => reject(error));
  });
}

beforeAll(async () => {
  server = await CollabTestServer.start();
  fx = await setupProject(server);
  const meeting = await fx.owner.post("/api/meetings", { title: "Mesa de trabajo: acceso norte", kind: "working_table", startsAt: new Date(Date.now() + 3_600_000).toISOString(), place: "Sala 3" });
  expect(meeting.status).toBe(201);
  meetingId = meeting.body.id;
  expect((await fx.owner.post(`/api/meetings/${meetingId}/attendees`, { userId: fx.users.editor })).status).toBe(201);
  expect((await fx.owner.post(`/api/meetings/${meetingId}/agenda`, { topic: "Trazo del acceso norte" })).status).toBe(201);
  expect((await fx.owner.post(`/api/meetings/${meetingId}/start`)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  for (const provider of open.splice(0)) provider.destroy();
  await server?.close();
});

describe("the acta's room", () => {
  it("is written by the convener and an attendee, sealed on close, and refuses every edit after", async () => {
    // Only readers of the meeting may open the room; the template is filled with its data.
    expect(await upgradeStatus(fx.stranger)).toBe(404);
    const convener = client(fx.owner);
    const attendee = client(fx.editor);
    await Promise.all([synced(convener), synced(attendee)]);
    const seeded = JSON.stringify(convener.doc.getXmlFragment("default").toJSON());
    expect(seeded).toContain("Orden del día");
    expect(seeded).toContain("Trazo del acceso norte");
    expect(seeded).toContain("Sala 3");

    appendParagraph(convener.doc, "Se presentó el trazo.");
    appendParagraph(attendee.doc, "OP pide revisar el derecho de vía.");
    const both = (doc: Y.Doc) => ["Se presentó el trazo.", "OP pide revisar el derecho de vía."].every((text) => paragraphTexts(doc).includes(text));
    await eventually(() => both(convener.doc) && both(attendee.doc), 10_000, "both edits on both clients");

    const closed = await fx.owner.post(`/api/meetings/${meetingId}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const seal = await fx.editor.get(`/api/meetings/${meetingId}/seal`);
    const sealedActa = JSON.stringify(seal.body.record.acta);
    expect(sealedActa).toContain("Se presentó el trazo.");
    expect(sealedActa).toContain("OP pide revisar el derecho de vía.");
    const atSeal = await serverParagraphs();
    expect(atSeal).toContain("OP pide revisar el derecho de vía.");

    // An edit over the open socket after the seal is not applied.
    appendParagraph(attendee.doc, "Texto agregado después del sello.");
    expect(await serverParagraphs()).toEqual(atSeal);

    // The attendee reconnects: its step 2 carries the refused edit, and is refused again.
    let resent = false;
    attendee.disconnect();
    const again = client(fx.editor, attendee.doc);
    again.on("sync", () => (resent = true));
    await eventually(() => resent, 15_000, "the reconnected attendee synced");
    expect(paragraphTexts(again.doc)).toContain("Texto agregado después del sello.");
    expect(await serverParagraphs()).toEqual(atSeal);

    // After a restart (SIGTERM writes whatever is pending) the room is read-only from the database.
    await server.restart();
    expect(await serverParagraphs()).toEqual(atSeal);
    const after = client(fx.owner);
    await synced(after);
    appendParagraph(after.doc, "El convocante tampoco puede editar.");
    expect(await serverParagraphs()).toEqual(atSeal);
  });

  it("decides live acta sockets again when the attendees or the agenda change", async () => {
    const created = await fx.owner.post("/api/meetings", { title: "Reunión de coordinación: banquetas", kind: "coordination_meeting", startsAt: new Date(Date.now() + 7_200_000).toISOString() });
    const id = created.body.id as string;
    const editorRow = await fx.owner.post(`/api/meetings/${id}/attendees`, { userId: fx.users.editor });
    const commenterRow = await fx.owner.post(`/api/meetings/${id}/attendees`, { userId: fx.users.commenter });
    // A round of the project on the agenda: its members read the meeting (and its acta).
    expect((await fx.owner.patch(`/api/projects/${fx.projectId}/members/${fx.users.commenter}`, { role: "reviewer" })).status).toBe(200);
    const version = await fx.editor.post(`/api/documents/${fx.text.id}/versions`, { name: "Para la reunión" });
    const round = await fx.editor.post(`/api/versions/${version.body.id}/reviews`, { participants: [{ userId: fx.users.commenter }], rule: "all" });
    expect(round.status, JSON.stringify(round.body)).toBe(201);
    const item = await fx.owner.post(`/api/meetings/${id}/agenda`, { reviewId: round.body.id });
    expect(item.status, JSON.stringify(item.body)).toBe(201);

    const room = `acta.${id}`;
    const convener = connectClient(server, room, fx.owner);
    const editor = connectClient(server, room, fx.editor);
    const commenter = connectClient(server, room, fx.commenter);
    open.push(convener, editor, commenter);
    await Promise.all([synced(convener), synced(editor), synced(commenter)]);
    appendParagraph(commenter.doc, "Escribe como asistente.");
    await eventually(() => paragraphTexts(convener.doc).includes("Escribe como asistente."), 10_000, "the attendee's edit");

    // The editor is no longer an attendee but still a member of the agenda's project: they keep
    // reading, and their socket is read-only by the time the DELETE answers (no reconnect needed).
    expect((await fx.owner.delete(`/api/meetings/${id}/attendees/${editorRow.body.id}`)).status).toBe(204);
    appendParagraph(editor.doc, "Ya no puede escribir.");
    // A socket's frames are handled in order: once the round trip after the edit returns, the
    // server has decided about the edit.
    await roundTrip(editor);
    const fresh = connectClient(server, room, fx.owner);
    open.push(fresh);
    await synced(fresh);
    expect(paragraphTexts(fresh.doc)).toContain("Escribe como asistente.");
    expect(paragraphTexts(fresh.doc)).not.toContain("Ya no puede escribir.");
    expect(editor.wsconnected).toBe(true);

    // The reviewer is no attendee and, once the round leaves the agenda, no reader at all: closed.
    const commenterClosed = new Promise<number>((resolve) => commenter.ws?.addEventListener("close", (e) => resolve((e as { code: number }).code)));
    expect((await fx.owner.delete(`/api/meetings/${id}/attendees/${commenterRow.body.id}`)).status).toBe(204);
    expect((await fx.owner.delete(`/api/meetings/${id}/agenda/${item.body.id}`)).status).toBe(204);
    expect(await commenterClosed).toBe(4403);
    expect(await upgradeStatusOf(room, fx.commenter)).toBe(404);
  });
});

