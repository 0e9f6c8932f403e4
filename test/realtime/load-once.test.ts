import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { STUDY_SECTIONS } from "@taller/editor-schema";
import { CollabTestServer, adminCollab, pollUntil, setupProject, type ProjectFixture } from "../support/realtime";
import { RawClient, stateVectorOf } from "../support/raw-client";
import { outline, pageEntry } from "../support/study-content";

/**
 * Single-flight loading through the real server: 20 people opening the same unloaded document at
 * the same moment cause exactly one storage load, and all of them see the same content — for a
 * brand-new study text, the seeded proposal template with its 13 headings.
 */
const CLIENTS = 20;

let server: CollabTestServer;
let fx: ProjectFixture;

beforeAll(async () => {
  server = await CollabTestServer.start({ COLLAB_IDLE_UNLOAD_SECONDS: "0.3" });
  fx = await setupProject(server);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** Opens `CLIENTS` raw clients on `collabName` in the same tick and waits until all are synced. */
async function openAtOnce(collabName: string, sessions: ProjectFixture["editor"][]): Promise<RawClient[]> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const client = await RawClient.connect(server, collabName, sessions[i % sessions.length]!);
      await client.handshake();
      return client;
    }),
  );
  return clients;
}

async function closeAll(clients: RawClient[]): Promise<void> {
  for (const client of clients) client.close();
  await Promise.all(clients.map((c) => c.whenClosed()));
}

async function waitUnloaded(): Promise<void> {
  await pollUntil(() => adminCollab(fx.admin), (m) => m.collab.roomsLoaded === 0 && m.collab.roomsLoading === 0, 20_000, "rooms unloaded");
}

describe("20 clients opening one unloaded document", () => {
  it("load the new study text once and all see the 13-heading template", async () => {
    await waitUnloaded();
    const before = (await adminCollab(fx.admin)).collab;

    const clients = await openAtOnce(fx.text.collabName, [fx.editor, fx.owner, fx.commenter]);
    const after = (await adminCollab(fx.admin)).collab;
    expect(after.loads - before.loads).toBe(1);
    expect(after.loadFailures).toBe(before.loadFailures);
    expect(after.roomsLoaded).toBe(1);
    expect(after.connections).toBe(CLIENTS);

    // Each heading with an empty paragraph; section 0 ends with the «control de versiones» block.
    const expected = STUDY_SECTIONS.flatMap((s, i) => [`heading:${s.heading}`, "paragraph:", ...(i === 0 ? ["versionControl:"] : [])]);
    expect(STUDY_SECTIONS).toHaveLength(13);
    const reference = Y.encodeStateAsUpdate(clients[0]!.doc);
    for (const [i, client] of clients.entries()) {
      expect(outline(client.doc), `client ${i}`).toEqual(expected);
      // Same content, and the same history (one seed by the server, not one seed per client).
      expect(Y.encodeStateVector(client.doc), `client ${i} state vector`).toEqual(Y.encodeStateVector(clients[0]!.doc));
    }
    expect([...stateVectorOf(reference).keys()]).toHaveLength(1);
    await closeAll(clients);
    await waitUnloaded();

    // Reopening after the unload loads from storage (no second seed), again exactly once.
    const beforeReload = (await adminCollab(fx.admin)).collab;
    const again = await openAtOnce(fx.text.collabName, [fx.editor, fx.commenter]);
    const afterReload = (await adminCollab(fx.admin)).collab;
    expect(afterReload.loads - beforeReload.loads).toBe(1);
    for (const client of again) {
      expect(outline(client.doc)).toEqual(expected);
      expect(Y.encodeStateAsUpdate(client.doc)).toEqual(reference);
    }
    await closeAll(again);
  });

  it("load an existing canvas once per unload cycle, with edits from the previous cycle", async () => {
    await waitUnloaded();
    let expectedEntries: unknown[] = [];
    for (let round = 0; round < 3; round++) {
      const before = (await adminCollab(fx.admin)).collab;
      const clients = await openAtOnce(fx.canvas.collabName, [fx.editor, fx.owner]);
      const after = (await adminCollab(fx.admin)).collab;
      expect(after.loads - before.loads, `round ${round}`).toBe(1);
      for (const client of clients) {
        expect(client.doc.getArray("tldraw").toJSON(), `round ${round}`).toEqual(expectedEntries);
      }
      // One edit per round, acknowledged as durable before everyone leaves.
      const writer = await RawClient.connect(server, fx.canvas.collabName, fx.editor, { ack: true });
      await writer.handshake();
      // A tldraw record: the server refuses canvas content that is not one.
      writer.doc.getArray("tldraw").push([pageEntry(`round-${round}`)]);
      const seq = writer.sendWrite(Y.encodeStateAsUpdate(writer.doc, Y.encodeStateVector(clients[0]!.doc)));
      await writer.waitFor(() => writer.acked >= seq, 15_000, "durable ack");
      expectedEntries = writer.doc.getArray("tldraw").toJSON();
      const relayed = (doc: Y.Doc) => doc.getArray<{ key: string }>("tldraw").toArray().some((e) => e.key === `page:round-${round}`);
      await Promise.all(clients.map((c) => c.waitFor(() => relayed(c.doc), 15_000, "edit relayed")));
      await closeAll([...clients, writer]);
      await waitUnloaded();
    }
  });
});
