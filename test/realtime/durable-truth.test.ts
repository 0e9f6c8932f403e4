import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { decodeSessionSignal, isAcknowledgeable } from "@taller/collab";
import { handleSessionSignals } from "@taller/collab/client";
import type { ApiClient } from "../support/api-client";
import { CollabTestServer, connectClient, eventually, setupProject, synced, type ProjectFixture } from "../support/realtime";
import { RawClient } from "../support/raw-client";
import { appendParagraph, lastParagraph, paragraphTexts } from "../support/study-content";

/**
 * What the server acknowledges is what it stores, against the real server process with stock
 * y-websocket clients: an editor's role changing under it (downgrade, promotion), a catch-up
 * step 2 larger than the frame cap, and the document size cap.
 */
const MAX_DOCUMENT = 4 * 1024 * 1024;
let server: CollabTestServer;
let fx: ProjectFixture;
const open: { destroy(): void }[] = [];

beforeAll(async () => {
  server = await CollabTestServer.start({ COLLAB_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT) });
  fx = await setupProject(server);
}, 120_000);

afterAll(async () => {
  for (const client of open.splice(0)) client.destroy();
  await server?.close();
});

function client(collabName: string, session: ApiClient, options: Parameters<typeof connectClient>[3] = {}): WebsocketProvider {
  const provider = connectClient(server, collabName, session, options);
  open.push(provider);
  return provider;
}

function appendToLastParagraph(doc: Y.Doc, text: string): void {
  const last = lastParagraph(doc)!;
  last.insert(last.length, text);
}

function covers(committed: Map<number, number>, doc: Y.Doc): boolean {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc))].every(([client, clock]) => (committed.get(client) ?? 0) >= clock);
}

/** After a SIGTERM restart (which writes what is pending), what a fresh client of `collabName` gets. */
async function storedParagraphs(collabName: string): Promise<string[]> {
  await server.restart();
  const fresh = client(collabName, fx.owner);
  await synced(fresh, 30_000);
  const texts = paragraphTexts(fresh.doc);
  fresh.destroy();
  return texts;
}

describe("acknowledged means stored", () => {
  it("an editor downgraded to viewer keeps typing, is promoted back and types again: everything is stored, and the numbering agrees", async () => {
    let sent = 0;
    const editor = client(fx.text.collabName, fx.editor, {
      ack: true,
      onSend: (frame) => {
        if (isAcknowledgeable(frame)) sent++;
      },
    });
    const acks: { seq: number; state: Map<number, number> }[] = [];
    const refusals: string[] = [];
    const access: string[] = [];
    handleSessionSignals(editor, {
      onAck: (seq, state) => acks.push({ seq, state }),
      onRefused: (_seq, reason) => refusals.push(reason),
      onAccess: (value) => access.push(value),
    });
    const allStored = () => acks.length > 0 && acks.at(-1)!.seq === sent && covers(acks.at(-1)!.state, editor.doc);
    const setRole = (role: string) => fx.owner.patch(`/api/projects/${fx.projectId}/members/${fx.users.editor}`, { role });

    await synced(editor);
    appendParagraph(editor.doc, "uno");
    await eventually(allStored, 10_000, "first edit stored");

    expect((await setRole("viewer")).status).toBe(200);
    await eventually(() => access.at(-1) === "read", 10_000, "told read");
    appendToLastParagraph(editor.doc, " dos"); // refused: read-only
    await eventually(() => refusals.length === 1 && acks.at(-1)!.seq === sent, 10_000, "refusal answered");
    expect(refusals).toEqual(["read_only"]);

    expect((await setRole("editor")).status).toBe(200);
    await eventually(() => access.at(-1) === "write", 10_000, "told write");
    appendToLastParagraph(editor.doc, " tres"); // builds on " dos"
    await eventually(allStored, 10_000, "everything stored after the promotion");
    expect(access).toEqual(["write", "read", "write"]);
    editor.destroy();

    expect((await storedParagraphs(fx.text.collabName)).at(-1)).toBe("uno dos tres");
  });

  it("3 MB of offline edits sync through the stock client and are stored (a step 2 beyond the frame cap)", async () => {
    const offline = client(fx.text.collabName, fx.editor);
    await synced(offline);
    let closes = 0;
    offline.on("connection-close", () => closes++);
    offline.disconnect();
    const line = "Texto escrito sin conexión. ".repeat(400); // ~11 KB
    offline.doc.transact(() => {
      for (let i = 0; i < 280; i++) appendParagraph(offline.doc, `${i} ${line}`);
    });
    const catchUp = Y.encodeStateAsUpdate(offline.doc).byteLength;
    expect(catchUp).toBeGreaterThan(3_000_000);
    closes = 0;
    offline.connect();

    const witness = client(fx.text.collabName, fx.owner);
    await synced(witness);
    await eventually(() => paragraphTexts(witness.doc).filter((p) => p.endsWith(line)).length === 280, 60_000, "offline paragraphs at another client");
    expect(closes).toBe(0); // no 1009 and reconnect loop
    offline.destroy();
    witness.destroy();

    const stored = await storedParagraphs(fx.text.collabName);
    expect(stored.filter((p) => p.endsWith(line))).toHaveLength(280);
  }, 180_000);

  it("refuses an edit beyond COLLAB_MAX_DOCUMENT_BYTES cleanly: not stored, socket open, other documents unaffected", async () => {
    // The study now holds more than 3 MB (previous test); 1.5 MB more goes beyond the 4 MiB cap.
    const writer = await RawClient.connect(server, fx.text.collabName, fx.editor, { ack: true });
    open.push({ destroy: () => writer.terminate() });
    await writer.handshake(30_000);
    const refusals = () => writer.frames.map((f) => decodeSessionSignal(f)).filter((s) => s?.kind === "refused");

    const big = new Y.Doc();
    Y.applyUpdate(big, Y.encodeStateAsUpdate(writer.doc));
    const before = Y.encodeStateVector(big);
    appendParagraph(big, "grande ".repeat(220_000));
    const seqBig = writer.sendWrite(Y.encodeStateAsUpdate(big, before));
    const small = Y.encodeStateVector(writer.doc);
    appendParagraph(writer.doc, "cabe");
    const seqSmall = writer.sendWrite(Y.encodeStateAsUpdate(writer.doc, small));
    await writer.waitFor(() => writer.acked >= seqSmall, 30_000, "both answered");
    expect(refusals()).toEqual([{ kind: "refused", seq: seqBig, reason: "document_too_large" }]);
    expect(writer.closed).toBeUndefined();

    // Another document of the project takes edits as usual.
    const other = (await fx.owner.post(`/api/projects/${fx.projectId}/documents`, { kind: "text", title: "Otro" })).body as { collabName: string };
    const a = client(other.collabName, fx.owner);
    const b = client(other.collabName, fx.editor);
    await Promise.all([synced(a), synced(b)]);
    appendParagraph(a.doc, "sin límite aquí");
    await eventually(() => paragraphTexts(b.doc).includes("sin límite aquí"), 10_000, "other document relays");
    writer.terminate();

    const stored = await storedParagraphs(fx.text.collabName);
    expect(stored.at(-1)).toBe("cabe");
    expect(stored.some((p) => p.startsWith("grande"))).toBe(false);
  }, 180_000);
});
