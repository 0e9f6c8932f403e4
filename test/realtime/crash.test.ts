import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { prng } from "@taller/collab/testing";
import { CollabTestServer, adminCollab, setupLight, type LightFixture } from "../support/realtime";
import { RawClient, ownClock, stateVectorOf } from "../support/raw-client";
import { appendParagraph, paragraphOf } from "../support/study-content";

/**
 * Crash safety of durable acknowledgements, against a real server process: 20 clients edit one
 * study text (each its own Y.Text, 200 edits each) over `?ack=1` sockets; at a random moment
 * (seeded) the process gets SIGKILL. Every write acknowledged before the crash must be in
 * storage; after the restart, the clients resync from their local documents and every copy —
 * all 20 clients, a fresh client and storage — converges to the same state.
 *
 * Each seed is its own server lifecycle (a fresh document, then a crash and a restart of the
 * process). CRASH_SEEDS=n runs n seeds (default 5); CRASH_SEED_BASE moves the seed range;
 * CRASH_SEED=s replays exactly one seed.
 */
const CLIENTS = 20;
const EDITS = 200;
const SEED_COUNT = Math.max(1, Number(process.env.CRASH_SEEDS ?? 5));
const SEED_BASE = Number(process.env.CRASH_SEED_BASE ?? 20_240_601);
const SEEDS = process.env.CRASH_SEED
  ? [Number(process.env.CRASH_SEED)]
  : Array.from({ length: SEED_COUNT }, (_, i) => SEED_BASE + i);

let server: CollabTestServer;
let fx: LightFixture;
const live: RawClient[] = [];

beforeAll(async () => {
  server = await CollabTestServer.start();
  fx = await setupLight(server);
}, 120_000);

afterAll(async () => {
  for (const client of live) client.terminate();
  await server?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One random local edit of client `i`'s own text; returns the Yjs update it produced. */
function edit(doc: Y.Doc, i: number, rand: () => number, n: number): Uint8Array {
  let captured: Uint8Array | undefined;
  const capture = (update: Uint8Array, origin: unknown) => {
    if (origin === "local") captured = update;
  };
  doc.on("update", capture);
  doc.transact(() => {
    // Each client's own paragraph of the study (the server refuses text outside the schema).
    const text = paragraphOf(doc, doc.clientID) ?? appendParagraph(doc);
    if (text.length > 40 && rand() < 0.25) {
      const at = Math.floor(rand() * (text.length - 5));
      text.delete(at, 1 + Math.floor(rand() * 4));
    } else {
      const at = Math.floor(rand() * (text.length + 1));
      text.insert(at, `${i}:${n};`);
    }
  }, "local");
  doc.off("update", capture);
  if (captured === undefined) throw new Error("edit produced no update");
  return captured;
}

/** Whether to read storage directly while the server is down (cheap on PostgreSQL). */
function readStorage(seed: number): boolean {
  return Boolean(process.env.DATABASE_URL) || process.env.CRASH_READ_STORAGE === "1" || seed === SEEDS[0];
}

function svToObject(sv: Map<number, number>): Record<number, number> {
  return Object.fromEntries([...sv.entries()].sort((a, b) => a[0] - b[0]));
}

async function runSeed(seed: number): Promise<string> {
  const rand = prng(seed);
  const t0 = Date.now();
  const marks: string[] = [];
  const mark = (what: string) => marks.push(`${what}@${Date.now() - t0}`);
  const document = await fx.createDocument("text", `Choque ${seed}`);
  const docs = Array.from({ length: CLIENTS }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = 1_000_000 * (i + 1) + Math.floor(rand() * 999_999);
    return doc;
  });

  // Connect and sync everyone (the first opens the room; the server seeds the template).
  const clients = await Promise.all(
    docs.map(async (doc) => {
      // Remote edits are not applied during this phase (they come back with the resync): the
      // test process shares two cores with the server and must keep up with reading acks.
      const client = await RawClient.connect(server, document.collabName, fx.admin, { ack: true, doc, applyRemote: false });
      live.push(client);
      await client.handshake();
      return client;
    }),
  );

  mark("connected");
  // Edit at a seeded pace; the crash comes at a seeded moment while edits are in flight. Edits
  // continue offline after the crash until each client has made all of its EDITS.
  let crashed = false;
  const paces = docs.map(() => 2 + Math.floor(rand() * 8));
  const editRands = docs.map(() => prng(Math.floor(rand() * 2 ** 32)));
  const killAfterMs = 150 + Math.floor(rand() * 1200);
  const loops = docs.map(async (doc, i) => {
    for (let n = 0; n < EDITS; n++) {
      const update = edit(doc, i, editRands[i]!, n);
      if (!crashed) {
        clients[i]!.sendWrite(update);
        await sleep(paces[i]! * editRands[i]!());
      }
    }
  });
  await sleep(killAfterMs);
  const beforeKill = process.env.CRASH_DEBUG ? JSON.stringify((await adminCollab(fx.admin)).collab) : "";
  await server.server.stop("SIGKILL");
  crashed = true;
  const sentClock = clients.map((c) => c.clockAfterWrite[c.writesSent]!);
  const sentWrites = clients.reduce((n, c) => n + c.writesSent, 0);
  await Promise.all(loops);
  // Frames the server wrote before it died are still delivered; an ack is only ever sent after
  // COMMIT, so everything acknowledged by the time the socket closes counts.
  await Promise.all(clients.map((c) => c.whenClosed()));
  const ackedClock = clients.map((c) => c.clockAfterWrite[c.acked]!);
  const ackedWrites = clients.reduce((n, c) => n + c.acked, 0);
  mark("killed+edits");
  if (process.env.CRASH_DEBUG) console.log(`seed ${seed} before kill ${beforeKill}; acked ${ackedWrites}/${sentWrites}`);

  const assertDurable = (sv: Map<number, number>, where: string) => {
    for (const [i, doc] of docs.entries()) {
      const have = sv.get(doc.clientID) ?? 0;
      expect(have, `${where}: client ${i} (clientID ${doc.clientID}) had writes up to clock ${ackedClock[i]} acknowledged, found ${have}`).toBeGreaterThanOrEqual(
        ackedClock[i]!,
      );
      // Nothing can be stored that was never sent.
      expect(have, `${where}: client ${i} ahead of what it sent`).toBeLessThanOrEqual(sentClock[i]!);
    }
  };

  // 1. Storage, read while the process is down (PGlite: opening the data dir costs ~2 s, so only
  //    on the first seed unless CRASH_READ_STORAGE=1), holds every acknowledged write.
  let storedSv: Map<number, number> | undefined;
  let nothingStored = false;
  if (readStorage(seed)) {
    // Under load the very first commit (the seeded template) can still be pending at the crash:
    // then nothing is stored, which is only correct if nothing beyond the handshakes was acked.
    const stored = await server.storedState(document.collabName);
    nothingStored = stored === null;
    storedSv = stored === null ? new Map() : stateVectorOf(stored);
    assertDurable(storedSv, "storage read while the server was down");
  }
  mark("stored");

  // 2. After the restart, the first client to open the document sees exactly what storage holds
  //    (nobody else has reconnected yet, so the room is loaded from storage alone).
  await server.restart();
  mark("restarted");
  const fresh = await RawClient.connect(server, document.collabName, fx.admin);
  live.push(fresh);
  await fresh.handshake();
  const restoredSv = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
  assertDurable(restoredSv, "first client after the restart");
  // (With nothing stored, the restarted server seeds the template again: see seed-crash.test.ts.)
  if (storedSv !== undefined && !nothingStored) {
    expect(svToObject(restoredSv), "first client after restart vs storage").toEqual(svToObject(storedSv));
  }
  expect(fresh.doc.store.pendingStructs, "restored document has no missing dependencies").toBeNull();

  // 3. The clients reconnect with their local documents and everything converges.
  const resynced = await Promise.all(
    docs.map(async (doc) => {
      const client = await RawClient.connect(server, document.collabName, fx.admin, { ack: true, doc });
      live.push(client);
      await client.handshake();
      return client;
    }),
  );
  mark("resynced");
  const target = new Map(restoredSv);
  for (const doc of docs) target.set(doc.clientID, ownClock(doc));
  // Each client is the only one to edit its own paragraph, so its own copy of it is the truth.
  const expectedTexts = docs.map((doc) => paragraphOf(doc, doc.clientID)?.toString());
  // Converged means the same structs (state vector) *and* the same deletions: a delete-only edit
  // does not move the state vector, and its relay to another client may arrive after that
  // client's state vector already matches.
  const missing = (c: RawClient) => {
    const sv = Y.decodeStateVector(Y.encodeStateVector(c.doc));
    const structs = [...target].filter(([client, clock]) => sv.get(client) !== clock).map(([client, clock]) => `${client}: ${sv.get(client) ?? 0}/${clock}`);
    const texts = docs.flatMap((doc, i) => (paragraphOf(c.doc, doc.clientID)?.toString() === expectedTexts[i] ? [] : [`text of client ${i}`]));
    return [...structs, ...texts];
  };
  await Promise.all(
    [...resynced, fresh].map((c, k) =>
      c.waitFor(() => missing(c).length === 0, 30_000, "convergence").catch((error: Error) => {
        throw new Error(`${error.message}: copy ${k} lacks ${missing(c).join(", ")}`);
      }),
    ),
  );
  await Promise.all(resynced.map((c) => c.waitFor(() => c.acked >= c.writesSent, 30_000, "resync acknowledged")));
  for (const [k, c] of [...resynced, fresh].entries()) {
    expect(
      docs.map((doc) => paragraphOf(c.doc, doc.clientID)?.toString()),
      `copy ${k} differs`,
    ).toEqual(expectedTexts);
    expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(fresh.doc));
  }
  for (const c of [...resynced, fresh]) c.close();
  await Promise.all([...resynced, fresh].map((c) => c.whenClosed()));

  mark("done");
  return `${marks.join(" ")} seed ${seed}${nothingStored ? " (nothing stored at the crash)" : ""}: kill after ${killAfterMs} ms, ${ackedWrites}/${sentWrites} writes acknowledged at the crash`;
}

describe("SIGKILL during 20 clients × 200 acknowledged edits", () => {
  it.each(SEEDS)(
    "seed %i: acknowledged edits survive, copies converge after resync",
    async (seed) => {
      try {
        console.log(await runSeed(seed));
      } catch (error) {
        const e = error as Error;
        e.message = `[crash seed ${seed}; replay with CRASH_SEED=${seed}] ${e.message}\n--- server output ---\n${server.server
          .output()
          .slice(-2000)}`;
        throw e;
      }
    },
    90_000,
  );
});
