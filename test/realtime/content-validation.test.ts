import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { decodeSessionSignal } from "@taller/collab";
import { STUDY_FIELD, STUDY_SECTIONS } from "@taller/editor-schema";
import { updateOn } from "@taller/editor-schema/testing";
import type { ApiClient } from "../support/api-client";
import { CollabTestServer, connectClient, eventually, setupProject, synced, type ProjectFixture } from "../support/realtime";
import { RawClient } from "../support/raw-client";

/**
 * Issue 9, case 6: a valid Yjs update that breaks a document's shape (bare text at the root of a
 * study's fragment; a null entry in a canvas) is refused by the real server — not applied,
 * stored nor broadcast, the writer told `invalid_content` and kept connected — and `/content`
 * and `/export` keep answering 200 for everyone, also on documents whose stored rows already
 * hold such shapes (written before validation existed).
 */
let server: CollabTestServer;
let fx: ProjectFixture;
const providers: WebsocketProvider[] = [];
const raws: RawClient[] = [];

beforeAll(async () => {
  server = await CollabTestServer.start();
  fx = await setupProject(server);
}, 120_000);

afterAll(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const raw of raws.splice(0)) raw.terminate();
  await server?.close();
});

function stock(collabName: string, session: ApiClient): WebsocketProvider {
  const provider = connectClient(server, collabName, session);
  providers.push(provider);
  return provider;
}

async function raw(collabName: string, session: ApiClient): Promise<RawClient> {
  const client = await RawClient.connect(server, collabName, session, { ack: true });
  raws.push(client);
  await client.handshake();
  return client;
}

const refusals = (client: RawClient) =>
  client.frames.map((frame) => decodeSessionSignal(frame)).filter((signal) => signal?.kind === "refused");

/** Everyone who may read the document gets 200 from /content and every export. */
async function expectReadable(document: { id: string }, kind: "text" | "canvas") {
  for (const who of [fx.owner, fx.editor, fx.commenter]) {
    const content = await who.get(`/api/documents/${document.id}/content`);
    expect(content.status).toBe(200);
    if (kind === "text") {
      for (const format of ["md", "html"]) {
        expect((await who.get(`/api/documents/${document.id}/export?format=${format}`)).status).toBe(200);
      }
    }
  }
  return (await fx.owner.get(`/api/documents/${document.id}/content`)).body;
}

const headingText = (doc: Y.Doc) => ((doc.getXmlFragment(STUDY_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).toString();

describe("updates that would break a document's shape", () => {
  it("refuses bare text at a study's root; the writer stays connected and the others converge", async () => {
    const writer = await raw(fx.text.collabName, fx.owner);
    const editor = stock(fx.text.collabName, fx.editor);
    await synced(editor);

    const bare = updateOn(writer.doc, (copy) => copy.getXmlFragment(STUDY_FIELD).insert(0, [new Y.XmlText("texto suelto en la raíz")]));
    const seq = writer.sendWrite(bare);
    await writer.waitFor(() => refusals(writer).length > 0, 10_000, "refusal");
    expect(refusals(writer)).toEqual([{ kind: "refused", seq, reason: "invalid_content" }]);
    await writer.waitFor(() => writer.acked >= seq, 10_000, "the refused message answered");
    expect(writer.isOpen).toBe(true);

    // The same writer's valid edit is still taken, and every copy converges on it.
    const valid = updateOn(writer.doc, (copy) => ((copy.getXmlFragment(STUDY_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "[A] "));
    Y.applyUpdate(writer.doc, valid);
    const validSeq = writer.sendWrite(valid);
    await writer.waitFor(() => writer.acked >= validSeq, 10_000, "valid edit acknowledged");
    ((editor.doc.getXmlFragment(STUDY_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "[B] ");
    const late = stock(fx.text.collabName, fx.commenter);
    await synced(late);
    await eventually(() => headingText(late.doc).startsWith("[B] [A] ") && headingText(writer.doc) === headingText(late.doc), 10_000, "convergence");
    expect(headingText(editor.doc)).toBe(headingText(late.doc));
    expect(late.doc.getXmlFragment(STUDY_FIELD).toArray().every((node) => node instanceof Y.XmlElement)).toBe(true);

    const body = await expectReadable(fx.text, "text");
    expect(JSON.stringify(body)).not.toContain("texto suelto");
    expect(body.content.content[0].content[0].text).toBe(`[B] [A] ${STUDY_SECTIONS[0]!.heading}`);
    expect(body.skipped).toBeUndefined();
  }, 60_000);

  it("refuses a null entry in a canvas; the writer stays connected and the others converge", async () => {
    const writer = await raw(fx.canvas.collabName, fx.owner);
    const editor = stock(fx.canvas.collabName, fx.editor);
    await synced(editor);

    const seq = writer.sendWrite(updateOn(writer.doc, (copy) => copy.getArray("tldraw").push([null])));
    await writer.waitFor(() => refusals(writer).length > 0, 10_000, "refusal");
    expect(refusals(writer)).toEqual([{ kind: "refused", seq, reason: "invalid_content" }]);
    await writer.waitFor(() => writer.acked >= seq, 10_000, "the refused message answered");
    expect(writer.isOpen).toBe(true);

    const page = { id: "page:uno", typeName: "page", name: "Página 1", index: "a1", meta: {} };
    editor.doc.getArray("tldraw").push([{ key: page.id, val: page }]);
    const late = stock(fx.canvas.collabName, fx.commenter);
    await synced(late);
    await eventually(() => late.doc.getArray("tldraw").length === 1 && writer.doc.getArray("tldraw").length === 1, 10_000, "convergence");
    expect(late.doc.getArray("tldraw").toJSON()).toEqual([{ key: page.id, val: page }]);

    const body = await expectReadable(fx.canvas, "canvas");
    expect(body.records).toEqual({ [page.id]: page });
  }, 60_000);

  it("nothing refused was stored", async () => {
    for (const provider of providers.splice(0)) provider.destroy();
    for (const client of raws.splice(0)) client.terminate();
    await server.server.stop("SIGTERM");
    const study = new Y.Doc();
    Y.applyUpdate(study, (await server.storedState(fx.text.collabName))!);
    expect(study.getXmlFragment(STUDY_FIELD).toArray().every((node) => node instanceof Y.XmlElement)).toBe(true);
    const canvas = new Y.Doc();
    Y.applyUpdate(canvas, (await server.storedState(fx.canvas.collabName))!);
    expect(canvas.getArray("tldraw").toArray()).not.toContain(null);
    await server.resume();
  }, 60_000);
});

describe("documents stored before validation existed", () => {
  it("answers /content and /export with 200 and lists what it skipped", async () => {
    const text = (await fx.owner.post(`/api/projects/${fx.projectId}/documents`, { kind: "text", title: "Estudio heredado" })).body;
    const canvas = (await fx.owner.post(`/api/projects/${fx.projectId}/documents`, { kind: "canvas", title: "Lienzo heredado" })).body;
    // Seed the study through the server (its template), then write the legacy rows directly.
    expect((await fx.owner.get(`/api/documents/${text.id}/content`)).status).toBe(200);
    await server.server.stop("SIGTERM");
    const legacyStudy = new Y.Doc();
    legacyStudy.getXmlFragment(STUDY_FIELD).insert(0, [new Y.XmlText("texto suelto"), new Y.XmlElement("script")]);
    await server.appendStoredUpdate(text.collabName, Y.encodeStateAsUpdate(legacyStudy));
    const legacyCanvas = new Y.Doc();
    legacyCanvas.getArray("tldraw").push([null, { key: "page:uno", val: { id: "page:uno", typeName: "page" } }]);
    await server.appendStoredUpdate(canvas.collabName, Y.encodeStateAsUpdate(legacyCanvas));
    await server.resume();

    const study = await expectReadable(text, "text");
    expect(study.content.content).toContainEqual({ type: "paragraph", content: [{ type: "text", text: "texto suelto" }] });
    expect(study.skipped).toEqual(expect.arrayContaining([expect.stringContaining("unknown node <script>")]));
    const md = await fx.owner.get(`/api/documents/${text.id}/export?format=md`);
    expect(md.body).toContain("texto suelto");
    expect(md.body).toContain(STUDY_SECTIONS[0]!.heading);

    const board = await expectReadable(canvas, "canvas");
    expect(board.records).toEqual({ "page:uno": { id: "page:uno", typeName: "page" } });
    expect(board.skipped).toEqual(["1 canvas entries that are not records"]);
  }, 90_000);
});
