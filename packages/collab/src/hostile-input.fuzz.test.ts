// Property test: random and mutated frames fed into live connections. Whatever arrives, the host
// stays up, other rooms keep working, a read-only connection never changes a document, and a
// fuzzed room's memory, storage and clients still agree afterwards.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodeAwarenessEntries } from "./awareness-guard";
import { CollabHost } from "./host";
import type { CollabErrorContext } from "./options";
import { InMemoryStorage } from "./in-memory-storage";
import { encodeAwarenessFrame, encodeSyncStep1, encodeUpdateFrame, parseClientFrame } from "./protocol";
import {
  RawCollabClient,
  connectProvider,
  roundTrip,
  silentLogger,
  startTestCollabServer,
  waitUntil,
  whenSynced,
  type TestCollabServer,
} from "./testing";
import type { WebsocketProvider } from "y-websocket";

type Target = { room: string; query: string };
const targets: Target[] = [
  { room: "fuzz-writer", query: "" },
  { room: "stable", query: "?ro=1" }, // read-only fuzzing of a room with real content
  { room: "fuzz-acked", query: "?ack=1" },
];

let storage: InMemoryStorage;
let host: CollabHost;
let server: TestCollabServer;
const errors: { error: unknown; context: CollabErrorContext }[] = [];
const providers: WebsocketProvider[] = [];
const sockets = new Map<string, RawCollabClient>();

beforeAll(async () => {
  storage = new InMemoryStorage();
  host = new CollabHost({
    storage,
    logger: silentLogger,
    onError: (error, context) => errors.push({ error, context }),
    limits: { maxFrameBytes: 64 * 1024, rate: { messagesPerSecond: 10_000, messageBurst: 10_000 } },
    groupCommit: { windowMs: 2 },
  });
  server = await startTestCollabServer(host);
});

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  for (const socket of sockets.values()) socket.terminate();
  await server.close();
  await host.close({ flushTimeoutMs: 1000 });
});

function provider(room: string): WebsocketProvider {
  const created = connectProvider(server.url, room);
  providers.push(created);
  return created;
}

async function socketFor(target: Target): Promise<RawCollabClient> {
  const key = target.room + target.query;
  const existing = sockets.get(key);
  if (existing?.isOpen && existing.closed === undefined) return existing;
  existing?.terminate();
  const fresh = await RawCollabClient.connect(server.url, target.room, target.query);
  sockets.set(key, fresh);
  return fresh;
}

/** Valid frames of every kind, the raw material for mutations. */
const validFrame: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .record({
      clientID: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
      text: fc.string({ maxLength: 12 }),
      deleteCount: fc.nat({ max: 3 }),
      key: fc.constantFrom("title", "stage", "owner"),
      value: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean()),
    })
    .map(({ clientID, text, deleteCount, key, value }) => {
      const doc = new Y.Doc();
      doc.clientID = clientID;
      const body = doc.getText("body");
      body.insert(0, text + "xyz");
      body.delete(0, Math.min(deleteCount, body.length));
      doc.getMap("meta").set(key, value);
      doc.getXmlFragment("content").insert(0, [new Y.XmlElement("paragraph")]);
      return encodeUpdateFrame(Y.encodeStateAsUpdate(doc));
    }),
  fc.constant(encodeSyncStep1(new Y.Doc())),
  fc.constant(new Uint8Array([3])),
  fc
    .record({ clientId: fc.nat({ max: 1000 }), clock: fc.nat({ max: 50 }), name: fc.string({ maxLength: 10 }) })
    .map(({ clientId, clock, name }) =>
      encodeAwarenessFrame(encodeAwarenessEntries([{ clientId, clock, stateJson: JSON.stringify({ user: { name } }) }])),
    ),
);

type Mutation = { kind: "flip"; at: number; value: number } | { kind: "truncate"; at: number } | { kind: "insert"; at: number; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
);

function mutate(frame: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = Array.from(frame);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === "flip") bytes[at] = m.value;
    else if (m.kind === "truncate") bytes = bytes.slice(0, at);
    else bytes.splice(at, 0, ...m.bytes);
  }
  return new Uint8Array(bytes);
}

const hostileFrame: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 48 }) },
  { weight: 5, arbitrary: fc.tuple(validFrame, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([f, m]) => mutate(f, m)) },
  { weight: 2, arbitrary: validFrame },
);

/** How many sync-step-2 replies the server owes for these frames (valid step-1s among them). */
function repliesOwed(frames: Uint8Array[]): number {
  let owed = 0;
  for (const frame of frames) {
    try {
      const parsed = parseClientFrame(new Uint8Array(frame));
      if (parsed.kind !== "syncStep1") continue;
      Y.decodeStateVector(parsed.stateVector);
      owed++;
    } catch {
      // The server closes the socket on this one; later frames are never processed.
      return owed;
    }
  }
  return owed;
}

const isStep2 = (f: { data: Uint8Array }) => f.data[0] === 0 && f.data[1] === 1;

describe("hostile frames into live connections", () => {
  it("keeps the host up, other rooms working and documents consistent", async () => {
    const stableA = provider("stable");
    const stableB = provider("stable");
    const witness = provider("fuzz-writer");
    witness.awareness.setLocalStateField("user", { name: "Testigo" });
    await Promise.all([whenSynced(stableA), whenSynced(stableB), whenSynced(witness)]);
    stableA.doc.getText("body").insert(0, "contenido estable");
    witness.doc.getText("body").insert(0, "testigo ");
    await waitUntil(() => stableB.doc.getText("body").toString() === "contenido estable");
    await roundTrip(witness);

    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: targets.length - 1 }), fc.array(hostileFrame, { minLength: 1, maxLength: 3 }), async (targetIndex, frames) => {
        runs++;
        const socket = await socketFor(targets[targetIndex]!);
        const before = socket.frames.filter(isStep2).length;
        for (const frame of frames) socket.send(frame);
        socket.send(encodeSyncStep1(new Y.Doc())); // barrier: answered after the frames above
        const owed = before + repliesOwed(frames) + 1;
        await socket.waitFor(() => socket.closed !== undefined || socket.frames.filter(isStep2).length >= owed);
        if (socket.closed !== undefined) {
          expect([4400, 1009]).toContain(socket.closed.code);
        }
        if (runs % 250 === 0) {
          const marker = `|${runs}`;
          stableA.doc.getText("body").insert(stableA.doc.getText("body").length, marker);
          await waitUntil(() => stableB.doc.getText("body").toString().endsWith(marker), 3000, "stable room relay");
        }
      }),
      { numRuns: 1000 },
    );
    expect(runs).toBeGreaterThanOrEqual(1000);
    expect(errors.filter((e) => e.context.operation !== "apply")).toEqual([]);

    // The read-only fuzzing never changed the stable room.
    const stableText = await host.withDoc("stable", (doc) => doc.getText("body").toString());
    expect(stableText).toBe(stableA.doc.getText("body").toString());
    expect(stableText.startsWith("contenido estable")).toBe(true);

    // Fuzzed rooms: memory, storage and a fresh client agree.
    await host.flush();
    for (const room of ["fuzz-writer", "fuzz-acked", "stable"]) {
      const stored = storage.documentState(room);
      const state = await host.withDoc(room, (doc) => ({ snapshot: Y.snapshot(doc), json: JSON.stringify(doc.getText("body").toJSON()) }));
      expect(stored, room).not.toBeNull();
      expect(Y.equalSnapshots(Y.snapshot(stored!), state.snapshot), `${room}: storage vs memory`).toBe(true);
      const fresh = provider(room);
      await whenSynced(fresh);
      await roundTrip(fresh);
      expect(Y.equalSnapshots(Y.snapshot(fresh.doc), state.snapshot), `${room}: fresh client vs memory`).toBe(true);
      expect(JSON.stringify(fresh.doc.getText("body").toJSON())).toBe(state.json);
    }
    // The witness that stayed connected throughout converged too.
    await roundTrip(witness);
    const witnessSnapshot = await host.withDoc("fuzz-writer", (doc) => Y.snapshot(doc));
    await waitUntil(() => Y.equalSnapshots(Y.snapshot(witness.doc), witnessSnapshot), 3000, "witness convergence");
  });
});
