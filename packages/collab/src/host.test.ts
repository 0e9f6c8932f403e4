// End-to-end tests of the host over real sockets: an http + ws server on port 0, stock y-websocket
// providers, and raw clients for exact bytes. Storage is the in-memory implementation with hooks.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { encodeAwarenessEntries } from "./awareness-guard";
import { handleSessionSignals } from "./durable-ack-client";
import { CollabHost } from "./host";
import type { CollabErrorContext, CollabHostOptions } from "./options";
import { InMemoryStorage } from "./in-memory-storage";
import {
  CloseCode,
  decodeSessionSignal,
  encodeAwarenessFrame,
  encodeStep2Update,
  encodeSyncStep1,
  encodeUpdateFrame,
  isAcknowledgeable,
  type SessionSignal,
} from "./protocol";
import { Gate, RawCollabClient, roundTrip, silentLogger, startTestCollabServer, startTestRig, waitUntil, whenSynced } from "./testing";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.restoreAllMocks();
});

async function start(options: Partial<CollabHostOptions> = {}) {
  const storage = (options.storage as InMemoryStorage | undefined) ?? new InMemoryStorage();
  const errors: { error: unknown; context: CollabErrorContext }[] = [];
  const host = new CollabHost({
    logger: silentLogger,
    onError: (error, context) => errors.push({ error, context }),
    ...options,
    storage,
  });
  const { server, provider, raw } = await startTestRig(host, cleanups);
  return { host, storage, server, errors, provider, raw };
}

function textUpdate(text: string, clientID = 424242): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  doc.getText("body").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  return encodeAwarenessFrame(encodeAwarenessEntries([{ clientId, clock, stateJson: JSON.stringify(state) }]));
}

const bodyOf = (doc: Y.Doc | null | undefined) => doc?.getText("body").toString();

/** Session signals (100–102) a raw client received, in order. */
function signalsOf(client: RawCollabClient): SessionSignal[] {
  return client.frames.map((f) => decodeSessionSignal(f.data)).filter((signal) => signal !== null);
}

function lastAckOf(client: RawCollabClient): Extract<SessionSignal, { kind: "ack" }> | undefined {
  return signalsOf(client).filter((signal) => signal.kind === "ack").at(-1);
}

const isStep1 = (f: { data: Uint8Array }) => f.data[0] === 0 && f.data[1] === 0;

/** The state vector in the latest sync step 1 the server sent to `client`. */
function lastServerStateVector(client: RawCollabClient): Uint8Array {
  const frame = client.frames.filter(isStep1).at(-1)!;
  return decoding.readVarUint8Array(decoding.createDecoder(frame.data.subarray(2)));
}

/** An update of nothing but a delete set: `ranges` of `client` deleted (V1 encoding). */
function deleteOnlyUpdate(client: number, ranges: [clock: number, len: number][]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, 1); // one client in the delete set
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, ranges.length);
  for (const [clock, len] of ranges) {
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint(encoder, len);
  }
  return encoding.toUint8Array(encoder);
}

/** Every clock of `local` is covered by `committed`. */
function covers(committed: Map<number, number>, local: Y.Doc): boolean {
  return [...Y.decodeStateVector(Y.encodeStateVector(local))].every(([client, clock]) => (committed.get(client) ?? 0) >= clock);
}

/** The sequence number of an ack frame, or undefined for any other frame. */
function ackSeq(frame: Uint8Array): number | undefined {
  const signal = decodeSessionSignal(frame);
  return signal?.kind === "ack" ? signal.seq : undefined;
}

describe("sync with stock y-websocket clients", () => {
  it("converges two clients and persists their edits", async () => {
    const { provider, host, storage } = await start();
    const a = provider("doc-1");
    const b = provider("doc-1");
    await Promise.all([whenSynced(a), whenSynced(b)]);
    a.doc.getText("body").insert(0, "hola ");
    await waitUntil(() => bodyOf(b.doc) === "hola ");
    b.doc.getText("body").insert(5, "mundo");
    await waitUntil(() => bodyOf(a.doc) === "hola mundo");
    await host.flush();
    expect(bodyOf(storage.documentState("doc-1"))).toBe("hola mundo");
  });

  it("gives a late joiner the full state", async () => {
    const { provider } = await start();
    const a = provider("doc-2");
    await whenSynced(a);
    a.doc.getText("body").insert(0, "primero");
    a.doc.getMap("meta").set("title", "Estudio");
    await roundTrip(a);
    const late = provider("doc-2");
    await whenSynced(late);
    expect(bodyOf(late.doc)).toBe("primero");
    expect(late.doc.getMap("meta").get("title")).toBe("Estudio");
  });

  it("seeds a new document once on the server, even when two clients arrive together", async () => {
    const seed = vi.fn((_name: string, doc: Y.Doc) => {
      doc.getText("body").insert(0, "Plantilla");
    });
    const { provider, host, storage } = await start({ seed });
    const a = provider("fresh");
    const b = provider("fresh");
    await Promise.all([whenSynced(a), whenSynced(b)]);
    expect(bodyOf(a.doc)).toBe("Plantilla");
    expect(bodyOf(b.doc)).toBe("Plantilla");
    expect(seed).toHaveBeenCalledTimes(1);
    await host.flush();
    expect(bodyOf(storage.documentState("fresh"))).toBe("Plantilla");
  });
});

describe("server-side access", () => {
  it("withDoc changes are broadcast to clients and persisted like a client's", async () => {
    const { provider, host, storage } = await start();
    const client = provider("server-edit");
    await whenSynced(client);
    await host.withDoc("server-edit", (doc) => doc.getText("body").insert(0, "desde el servidor"));
    await waitUntil(() => bodyOf(client.doc) === "desde el servidor");
    await host.flush();
    expect(bodyOf(storage.documentState("server-edit"))).toBe("desde el servidor");
    const state = await host.encodeState("server-edit");
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state);
    expect(bodyOf(copy)).toBe("desde el servidor");
  });
});

describe("authors of updates", () => {
  it("hands storage each update's author: the sending connection's user, none for the seed and withDoc", async () => {
    const seed = (_name: string, doc: Y.Doc) => doc.getText("body").insert(0, "Plantilla");
    for (const groupCommit of [true, false]) {
      const { provider, host, storage } = await start({ seed, storage: new InMemoryStorage({ groupCommit }) });
      const ana = provider("authored", { user: "ana" });
      const beto = provider("authored", { user: "beto" });
      const anonymous = provider("authored");
      await Promise.all([whenSynced(ana), whenSynced(beto), whenSynced(anonymous)]);
      ana.doc.getText("body").insert(0, "A");
      await roundTrip(ana);
      beto.doc.getText("body").insert(0, "B");
      await roundTrip(beto);
      anonymous.doc.getText("body").insert(0, "C");
      await roundTrip(anonymous);
      await host.withDoc("authored", (doc) => doc.getText("body").insert(0, "S"));
      await host.flush();
      const authors = storage.appended.filter((e) => e.name === "authored").map((e) => e.author ?? null);
      // The seed, then Ana, Beto, the connection without a user, and the server.
      expect(authors, `groupCommit ${groupCommit}`).toEqual([null, "ana", "beto", null, null]);
      expect(bodyOf(storage.documentState("authored"))).toBe("SCBAPlantilla");
    }
  });
});

describe("read-only connections", () => {
  it("drops a viewer's edits (not applied, stored or broadcast) while it still receives state", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { provider, host, storage } = await start();
    const writer = provider("ro-doc", { user: "w" });
    const viewer = provider("ro-doc", { user: "v", ro: "1" });
    await Promise.all([whenSynced(writer), whenSynced(viewer)]);
    writer.doc.getText("body").insert(0, "oficial");
    await waitUntil(() => bodyOf(viewer.doc) === "oficial");

    viewer.doc.getText("body").insert(0, "intruso ");
    await roundTrip(viewer);
    await roundTrip(writer);
    await host.flush();
    expect(bodyOf(writer.doc)).toBe("oficial");
    expect(await host.withDoc("ro-doc", (doc) => bodyOf(doc))).toBe("oficial");
    expect(bodyOf(storage.documentState("ro-doc"))).toBe("oficial");
    // The stock client was told through the protocol's own auth message.
    expect(warn.mock.calls.some(([message]) => String(message).includes("Permission denied"))).toBe(true);

    // Other clients are unaffected: the writer keeps editing and the viewer keeps receiving.
    writer.doc.getText("body").insert(0, "más ");
    // (The viewer's own dropped edit stays in its local doc; only the server refuses it.)
    await waitUntil(() => bodyOf(viewer.doc)?.includes("más ") === true);
  });

  it("downgrades and closes live connections found by user", async () => {
    const { provider, host } = await start();
    const other = provider("roles", { user: "other" });
    const editor = provider("roles", { user: "ana" });
    await Promise.all([whenSynced(editor), whenSynced(other)]);
    const [connection] = host.connectionsOf("ana");
    expect(connection?.room).toBe("roles");
    host.setReadOnly(connection!, true);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    editor.doc.getText("body").insert(0, "ya no");
    await roundTrip(editor);
    expect(await host.withDoc("roles", (doc) => bodyOf(doc))).toBe("");

    const closed = new Promise<{ code: number; reason: string }>((resolve) => editor.once("closed", resolve));
    host.closeConnection(connection!, CloseCode.forbidden, "forbidden");
    expect(await closed).toEqual({ code: 4403, reason: "forbidden" });
    expect(host.connectionsOf("ana")).toEqual([]);
    expect(host.connectionsIn("roles")).toHaveLength(1);
  });
});

describe("awareness", () => {
  it("drops awareness that describes another connection's clientID and removes presence on close", async () => {
    const { provider, raw } = await start({ limits: { maxAwarenessStateBytes: 256 } });
    const victim = provider("presence", { user: "victim" });
    const observer = provider("presence", { user: "observer" });
    victim.awareness.setLocalStateField("user", { name: "Victima" });
    await Promise.all([whenSynced(victim), whenSynced(observer)]);
    const victimId = victim.doc.clientID;
    await waitUntil(() => observer.awareness.getStates().get(victimId)?.user?.name === "Victima");

    // First announcement can't take an id another user holds; the attacker then binds to 777.
    const attacker = await raw("presence", "?user=mallory");
    attacker.send(awarenessFrame(victimId, 1000, { user: { name: "spoof-first" } }));
    attacker.send(awarenessFrame(777, 1, { user: { name: "Mallory" } }));
    attacker.send(awarenessFrame(victimId, 1001, { user: { name: "spoof" } }));
    attacker.send(awarenessFrame(victimId, 1002, null));
    attacker.send(awarenessFrame(777, 2, { user: { name: "x".repeat(400) } })); // oversize: dropped
    attacker.send(awarenessFrame(777, 3, { user: { name: "Mallory 2" } }));
    await waitUntil(() => observer.awareness.getStates().get(777)?.user?.name === "Mallory 2");
    expect(observer.awareness.getStates().get(victimId)?.user?.name).toBe("Victima");
    expect(victim.awareness.getStates().get(victimId)?.user?.name).toBe("Victima");

    attacker.close();
    await waitUntil(() => !observer.awareness.getStates().has(777));
    expect(attacker.closed === undefined || attacker.closed.code !== CloseCode.malformedFrame).toBe(true);
  });
});

describe("loading", () => {
  it("loads once for 20 simultaneous connections and sends nothing before the load finished", async () => {
    const loadGate = new Gate();
    loadGate.close();
    const storage = new InMemoryStorage({ beforeLoad: () => loadGate.wait() });
    storage.put("crowd", [textUpdate("contenido")]);
    const { host, raw } = await start({ storage });
    const clients = await Promise.all(Array.from({ length: 20 }, () => raw("crowd")));
    for (const client of clients) client.send(encodeSyncStep1(new Y.Doc()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(host.metrics()).toMatchObject({ loads: 1, roomsLoading: 1, roomsLoaded: 0, connections: 20 });
    expect(clients.every((c) => c.frames.length === 0)).toBe(true);

    const releasedAt = Date.now();
    loadGate.open();
    // Each gets our step 1, then the step 2 that answers its own step 1.
    await Promise.all(clients.map((c) => c.waitFor(() => c.frames.some((f) => f.data[0] === 0 && f.data[1] === 1))));
    expect(storage.loadCalls).toBe(1);
    expect(host.metrics()).toMatchObject({ loads: 1, roomsLoaded: 1, roomsLoading: 0 });
    for (const client of clients) {
      expect(client.frames[0]!.at).toBeGreaterThanOrEqual(releasedAt);
      const step2 = client.frames.find((f) => f.data[0] === 0 && f.data[1] === 1)!;
      const doc = new Y.Doc();
      const decoder = decoding.createDecoder(step2.data.subarray(2));
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
      expect(bodyOf(doc)).toBe("contenido");
    }
  });

  it("sends a big stored document to waiting clients before building the room, then only what changed", async () => {
    const first = new Y.Doc();
    first.clientID = 1;
    first.getText("body").insert(0, "primera ");
    const snapshot = Y.encodeStateAsUpdate(first);
    const second = new Y.Doc();
    second.clientID = 2;
    Y.applyUpdate(second, snapshot);
    second.getText("body").insert(8, "segunda");
    const logRow = Y.encodeStateAsUpdate(second, Y.encodeStateVector(first));
    const storage = new InMemoryStorage();
    storage.put("grande", [snapshot, logRow]);
    const { raw, provider } = await start({ storage, earlyServeBytes: 1 });

    const client = await raw("grande");
    client.send(encodeSyncStep1(new Y.Doc()));
    // Stored bytes as they are: the snapshot as an update, the last row as the sync step 2.
    await client.waitFor(() => client.frames.length >= 4);
    expect([...client.frames[0]!.data.subarray(0, 2)]).toEqual([0, 2]);
    expect([...client.frames[1]!.data.subarray(0, 2)]).toEqual([0, 1]);
    const held = new Y.Doc();
    for (const frame of client.frames.slice(0, 2)) {
      Y.applyUpdate(held, decoding.readVarUint8Array(decoding.createDecoder(frame.data.subarray(2))));
    }
    expect(bodyOf(held)).toBe("primera segunda");
    // Then the host's own step 1, and an answer to the client's step 1 that carries no content.
    expect([...client.frames[2]!.data.subarray(0, 2)]).toEqual([0, 0]);
    const answer = client.frames.slice(3).find((f) => f.data[0] === 0 && f.data[1] === 1)!;
    const rest = new Y.Doc();
    Y.applyUpdate(rest, decoding.readVarUint8Array(decoding.createDecoder(answer.data.subarray(2))));
    expect(bodyOf(rest)).toBe("");

    // A stock client gets the whole document, and edits after the load reach the early client.
    const late = provider("grande");
    await whenSynced(late);
    expect(bodyOf(late.doc)).toBe("primera segunda");
    late.doc.getText("body").insert(0, "¡");
    await client.waitFor(() => client.frames.some((f) => f.data[0] === 0 && f.data[1] === 2 && f.at > answer.at));
  });

  it("answers equal state vectors from one encoding, and a change invalidates it", async () => {
    const storage = new InMemoryStorage();
    storage.put("compartido", [textUpdate("uno")]);
    const { raw } = await start({ storage });
    const step2Of = async (client: RawCollabClient) => {
      client.send(encodeSyncStep1(new Y.Doc()));
      await client.waitFor(() => client.frames.some((f) => f.data[0] === 0 && f.data[1] === 1));
      const frame = client.frames.find((f) => f.data[0] === 0 && f.data[1] === 1)!;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoding.createDecoder(frame.data.subarray(2))));
      return bodyOf(doc);
    };
    const [first, second] = await Promise.all([raw("compartido"), raw("compartido")]);
    expect(await step2Of(first)).toBe("uno");
    expect(await step2Of(second)).toBe("uno");
    first.send(encodeUpdateFrame(textUpdate(" dos", 777)));
    await second.waitFor(() => second.frames.some((f) => f.data[0] === 0 && f.data[1] === 2));
    const third = await raw("compartido");
    expect((await step2Of(third))?.length).toBe("uno dos".length);
  });

  it("closes everyone with 4500 load_failed when the load fails, writes nothing, and can retry", async () => {
    let failing = true;
    const seed = vi.fn();
    // The failing load waits until all three sockets are attached: on a busy machine a socket
    // attached after the failure would rightly start a load of its own.
    let attached = (): boolean => false;
    const storage = new InMemoryStorage({
      beforeLoad: async () => {
        while (failing && !attached()) await new Promise((resolve) => setTimeout(resolve, 5));
        if (failing) throw new Error("database unavailable");
      },
    });
    storage.put("precious", [textUpdate("no me borres")]);
    const { host, raw, errors, provider } = await start({ storage, seed });
    let allAttached = false; // a latch: later loads (withDoc below) must not wait for sockets
    attached = () => (allAttached ||= host.metrics().connections >= 3);
    const clients = await Promise.all([raw("precious"), raw("precious"), raw("precious")]);
    clients[0]!.send(encodeUpdateFrame(textUpdate("queued while loading", 5)));
    for (const client of clients) expect(await client.closedWith()).toEqual({ code: 4500, reason: "load_failed" });
    expect(clients.every((c) => c.frames.length === 0)).toBe(true);
    expect(host.metrics()).toMatchObject({ roomsLoaded: 0, roomsLoading: 0, loads: 1, loadFailures: 1, connections: 0 });
    expect(errors.map((e) => e.context.operation)).toEqual(["load"]);
    await host.flush();
    expect(storage.logs.get("precious")).toHaveLength(1);
    expect(seed).not.toHaveBeenCalled();
    await expect(host.withDoc("precious", () => 1)).rejects.toThrow(/could not load/);

    failing = false;
    const client = provider("precious");
    await whenSynced(client);
    expect(bodyOf(client.doc)).toBe("no me borres");
    expect(storage.loadCalls).toBe(3);
  });

  it("treats a throwing seed as a failed load and stores nothing", async () => {
    const { raw, storage, host } = await start({
      seed: () => {
        throw new Error("template missing");
      },
    });
    const client = await raw("unseeded");
    expect(await client.closedWith()).toEqual({ code: 4500, reason: "load_failed" });
    await host.flush();
    expect(storage.logs.has("unseeded")).toBe(false);
  });
});

describe("durable acknowledgements", () => {
  it("acks only after append resolved, and only to clients that opted in", async () => {
    const gate = new Gate();
    const storage = new InMemoryStorage({ beforeAppend: () => gate.wait() });
    const errorSpy = vi.spyOn(console, "error");
    const { provider, raw, host } = await start({ storage });
    const acking = provider("acked", { ack: "1" });
    const acks: { seq: number; storedBody: string | undefined }[] = [];
    handleSessionSignals(acking, {
      onAck: (seq) => acks.push({ seq, storedBody: bodyOf(storage.documentState("acked")) }),
      onRefused: () => {},
      onAccess: () => {},
    });
    const stock = provider("acked");
    const rawStock = await raw("acked");
    rawStock.send(encodeSyncStep1(new Y.Doc()));
    await Promise.all([whenSynced(acking), whenSynced(stock)]);
    // The handshake step 2 changed nothing, so it is acknowledged at once.
    await waitUntil(() => acks.length === 1);
    expect(acks[0]!.seq).toBe(1);

    gate.close();
    acking.doc.getText("body").insert(0, "guardado");
    await waitUntil(() => storage.appendManyCalls === 1, 2000, "append started");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acks).toHaveLength(1);
    gate.open();
    await waitUntil(() => acks.length === 2);
    // The ack was produced after COMMIT: storage already held the edit when it arrived.
    expect(acks[1]).toEqual({ seq: 2, storedBody: "guardado" });

    await waitUntil(() => bodyOf(stock.doc) === "guardado");
    await host.flush();
    expect(rawStock.frames.some((f) => f.data[0] === 100)).toBe(false);
    expect(errorSpy.mock.calls.some(([m]) => String(m).includes("Unable to compute message"))).toBe(false);
  });

  it("does not ack while append fails, retries, then acks; failures reach onError", async () => {
    let failures = 2;
    const storage = new InMemoryStorage({
      beforeAppend: () => {
        if (failures-- > 0) throw new Error("deadlock detected");
      },
    });
    const { raw, errors, host } = await start({ storage, groupCommit: { retryBaseMs: 30 } });
    const client = await raw("retry", "?ack=1");
    client.send(encodeUpdateFrame(textUpdate("persistente")));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(client.frames.some((f) => decodeSessionSignal(f.data)?.kind === "ack")).toBe(false);
    await client.waitFor(() => client.frames.some((f) => ackSeq(f.data) === 1));
    expect(errors.filter((e) => e.context.operation === "append")).toHaveLength(2);
    expect(bodyOf(storage.documentState("retry"))).toBe("persistente");
    expect(host.metrics().pendingUpdates).toBe(0);
  });
});

describe("acknowledgements that cannot lie (session signals)", () => {
  it("refuses an update whose structs depend on content the room lacks, resyncs, and stores it once the step 2 brings the rest", async () => {
    const { raw, host, storage } = await start({ idleUnloadMs: 50 });
    const client = await raw("deps", "?ack=1");
    await client.waitFor(() => client.frames.some(isStep1));
    const local = new Y.Doc();
    local.clientID = 500;
    local.getText("body").insert(0, "hola");
    const before = Y.encodeStateVector(local);
    local.getText("body").insert(4, " mundo");
    const dependent = Y.encodeStateAsUpdate(local, before);

    // The handshake: the server's step 1 is answered with a step 2 (message 1, nothing new).
    client.send(encodeStep2Update(Y.encodeStateAsUpdate(new Y.Doc())));
    client.send(encodeUpdateFrame(dependent)); // message 2: its first structs are missing
    await client.waitFor(() => lastAckOf(client)?.seq === 2);
    const signals = signalsOf(client);
    expect(signals.filter((s) => s.kind !== "ack")).toEqual([
      { kind: "access", access: "write" },
      { kind: "refused", seq: 2, reason: "missing_dependencies" },
    ]);
    // The refusal came before the ack, and the server asked for what it lacks with a step 1.
    const refusalAt = client.frames.findIndex((f) => decodeSessionSignal(f.data)?.kind === "refused");
    expect(client.frames.findLastIndex(isStep1)).toBeGreaterThan(refusalAt);
    expect(lastAckOf(client)!.durableStateVector.has(500)).toBe(false);
    expect(await host.withDoc("deps", (doc) => [bodyOf(doc), doc.store.pendingStructs, doc.store.pendingDs])).toEqual(["", null, null]);

    // The client answers that step 1 as every y-websocket client does: with what the server lacks.
    client.send(encodeStep2Update(Y.encodeStateAsUpdate(local, lastServerStateVector(client)))); // message 3
    await client.waitFor(() => lastAckOf(client)?.seq === 3);
    expect(signalsOf(client).filter((s) => s.kind === "refused")).toHaveLength(1);
    expect(covers(lastAckOf(client)!.durableStateVector, local)).toBe(true);
    expect(bodyOf(storage.documentState("deps"))).toBe("hola mundo");
    // And it survives the room's unload.
    client.close();
    await waitUntil(() => host.metrics().roomsLoaded === 0, 3000, "unload");
    expect(await host.withDoc("deps", (doc) => bodyOf(doc))).toBe("hola mundo");
  });

  it("editor downgraded to viewer keeps typing, is promoted back and types again: everything is stored, and the numbering agrees", async () => {
    const { host, storage, server } = await start({ idleUnloadMs: 50 });
    let sent = 0;
    // A stock provider whose socket counts the messages the server numbers.
    class CountingWebSocket extends WebSocket {
      override send(data: Parameters<WebSocket["send"]>[0], ...rest: unknown[]): void {
        if (data instanceof Uint8Array && isAcknowledgeable(data)) sent++;
        (super.send as (...args: unknown[]) => void)(data, ...rest);
      }
    }
    const editor = new WebsocketProvider(server.url, "promoted", new Y.Doc(), {
      WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { ack: "1", user: "ana" },
    });
    cleanups.push(() => editor.destroy());
    const acks: { seq: number; state: Map<number, number> }[] = [];
    const refusals: { seq: number; reason: string }[] = [];
    const access: string[] = [];
    handleSessionSignals(editor, {
      onAck: (seq, state) => acks.push({ seq, state }),
      onRefused: (seq, reason) => refusals.push({ seq, reason }),
      onAccess: (value) => access.push(value),
    });
    const settled = () => acks.length > 0 && acks.at(-1)!.seq === sent;
    await whenSynced(editor);
    await waitUntil(settled, 5000, "handshake acknowledged");
    const body = editor.doc.getText("body");
    body.insert(0, "uno");
    await waitUntil(() => settled() && covers(acks.at(-1)!.state, editor.doc), 5000, "first edit acknowledged");

    const [connection] = host.connectionsOf("ana");
    host.setReadOnly(connection!, true);
    await waitUntil(() => access.at(-1) === "read", 5000, "told read");
    body.insert(3, " dos"); // dropped by the server
    await waitUntil(() => settled() && refusals.length === 1, 5000, "refusal while read-only");
    expect(refusals[0]!.reason).toBe("read_only");
    expect(covers(acks.at(-1)!.state, editor.doc)).toBe(false);

    host.setReadOnly(connection!, false);
    await waitUntil(() => access.at(-1) === "write", 5000, "told write");
    // The server's fresh step 1 brings the refused edit back, without any further typing.
    await waitUntil(() => settled() && covers(acks.at(-1)!.state, editor.doc), 5000, "refused edit stored after promotion");
    expect(bodyOf(storage.documentState("promoted"))).toBe("uno dos");
    body.insert(7, " tres");
    await waitUntil(() => settled() && covers(acks.at(-1)!.state, editor.doc), 5000, "everything acknowledged as committed");
    expect(access).toEqual(["write", "read", "write"]);
    // Every message was answered, in the client's own numbering, and storage holds all of it.
    expect(acks.at(-1)!.seq).toBe(sent);
    expect(bodyOf(storage.documentState("promoted"))).toBe("uno dos tres");
    editor.destroy();
    await waitUntil(() => host.metrics().roomsLoaded === 0, 3000, "unload");
    expect(await host.withDoc("promoted", (doc) => bodyOf(doc))).toBe("uno dos tres");
  });

  it("counts frames refused while read-only, so client and server numbering agree afterwards", async () => {
    const { raw, host } = await start();
    const client = await raw("numbering", "?ack=1&user=luis");
    await client.waitFor(() => client.frames.some(isStep1));
    const [connection] = host.connectionsOf("luis");
    client.send(encodeUpdateFrame(textUpdate("a", 601))); // 1
    await client.waitFor(() => lastAckOf(client)?.seq === 1);
    host.setReadOnly(connection!, true);
    client.send(encodeUpdateFrame(textUpdate("b", 602))); // 2: refused
    client.send(encodeStep2Update(Y.encodeStateAsUpdate(new Y.Doc()))); // 3: a no-op
    await client.waitFor(() => lastAckOf(client)?.seq === 3);
    const step1s = client.frames.filter(isStep1).length;
    host.setReadOnly(connection!, false);
    await client.waitFor(() => client.frames.filter(isStep1).length === step1s + 1); // a fresh step 1 follows "write"
    client.send(encodeUpdateFrame(textUpdate("c", 603))); // 4
    await client.waitFor(() => lastAckOf(client)?.seq === 4);
    expect(signalsOf(client).filter((s) => s.kind !== "ack")).toEqual([
      { kind: "access", access: "write" },
      { kind: "access", access: "read" },
      { kind: "refused", seq: 2, reason: "read_only" },
      { kind: "access", access: "write" },
    ]);
    const state = lastAckOf(client)!.durableStateVector;
    expect([state.has(601), state.has(602), state.has(603)]).toEqual([true, false, true]);
    // Setting the same rights again sends nothing.
    const frames = client.frames.length;
    host.setReadOnly(connection!, false);
    await roundTripRaw(client);
    expect(client.frames.length).toBe(frames + 1);
  });

  it("answers an opted-in viewer: access first, its handshake acknowledged, its edits refused as read_only", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { provider, raw, host } = await start();
    const writer = provider("viewing");
    await whenSynced(writer);
    writer.doc.getText("body").insert(0, "texto");
    await roundTrip(writer);
    const viewer = provider("viewing", { ro: "1", ack: "1" });
    const acks: number[] = [];
    const refusals: { seq: number; reason: string }[] = [];
    const access: string[] = [];
    handleSessionSignals(viewer, {
      onAck: (seq) => acks.push(seq),
      onRefused: (seq, reason) => refusals.push({ seq, reason }),
      onAccess: (value) => access.push(value),
    });
    await whenSynced(viewer);
    await waitUntil(() => acks.at(-1) === 1, 5000, "handshake ack");
    expect(refusals).toEqual([]);
    expect(access).toEqual(["read"]);
    viewer.doc.getText("body").insert(0, "no ");
    await waitUntil(() => acks.at(-1) === 2, 5000, "ack of the refused edit");
    expect(refusals).toEqual([{ seq: 2, reason: "read_only" }]);
    expect(await host.withDoc("viewing", (doc) => bodyOf(doc))).toBe("texto");
    expect(warn.mock.calls.some(([message]) => String(message).includes("Permission denied"))).toBe(false);

    // A stock viewer (no opt-in) gets no 100–102 frame, and permission-denied once.
    const stock = await raw("viewing", "?ro=1");
    await stock.waitFor(() => stock.frames.some(isStep1));
    expect(stock.frames[0]!.data[0]).toBe(0); // the step 1 comes first
    stock.send(encodeUpdateFrame(textUpdate("x", 701)));
    stock.send(encodeUpdateFrame(textUpdate("y", 702)));
    await roundTripRaw(stock);
    expect(stock.frames.filter((f) => f.data[0] === 2)).toHaveLength(1);
    expect(stock.frames.some((f) => f.data[0]! >= 100)).toBe(false);
  });

  it("sends in every ack the state vector storage holds, never updates still queued", async () => {
    const gate = new Gate();
    const storage = new InMemoryStorage({ beforeAppend: () => gate.wait() });
    const { raw } = await start({ storage });
    const first = await raw("committed", "?ack=1");
    const second = await raw("committed", "?ack=1");
    await Promise.all([first, second].map((c) => c.waitFor(() => c.frames.some(isStep1))));
    gate.close();
    first.send(encodeUpdateFrame(textUpdate("uno", 801)));
    await waitUntil(() => storage.appendManyCalls === 1, 2000, "first append in flight");
    second.send(encodeUpdateFrame(textUpdate("dos", 802))); // queued behind the write in flight
    await roundTripRaw(second);
    expect(lastAckOf(first)).toBeUndefined();
    gate.open();
    await first.waitFor(() => lastAckOf(first)?.seq === 1);
    const atFirstAck = lastAckOf(first)!.durableStateVector;
    expect([...atFirstAck]).toEqual([[801, 3]]);
    await second.waitFor(() => lastAckOf(second)?.seq === 1);
    expect(new Map(lastAckOf(second)!.durableStateVector)).toEqual(new Map([[801, 3], [802, 3]]));
  });

  it("refuses a delete set beyond what the room holds (fuzz seed 321727620) and keeps the room encodable", async () => {
    const { raw, provider, host, storage } = await start();
    const client = await raw("deletes", "?ack=1");
    await client.waitFor(() => client.frames.some(isStep1));
    const accepted = [textUpdate("abcd", 901)];
    client.send(encodeUpdateFrame(accepted[0]!)); // 1
    // 2: a client the room never saw, with an id beyond 32 bits (as in the failing fuzz case).
    client.send(encodeUpdateFrame(deleteOnlyUpdate(4099252202804486, [[0, 3]])));
    // 3: a range that starts inside client 901's content and runs past its end.
    client.send(encodeUpdateFrame(deleteOnlyUpdate(901, [[2, 5]])));
    // 4: a deletion of the update's own new content is fine.
    const own = new Y.Doc();
    own.clientID = 902;
    own.getText("body").insert(0, "xyz");
    own.getText("body").delete(0, 1);
    accepted.push(Y.encodeStateAsUpdate(own), deleteOnlyUpdate(901, [[0, 1]]));
    client.send(encodeUpdateFrame(accepted[1]!));
    // 5: a plain deletion afterwards.
    client.send(encodeUpdateFrame(accepted[2]!));
    await client.waitFor(() => lastAckOf(client)?.seq === 5);
    expect(signalsOf(client).filter((s) => s.kind === "refused")).toEqual([
      { kind: "refused", seq: 2, reason: "missing_dependencies" },
      { kind: "refused", seq: 3, reason: "missing_dependencies" },
    ]);
    const reference = new Y.Doc();
    for (const update of accepted) Y.applyUpdate(reference, update);
    const expected = bodyOf(reference);
    expect(expected).toHaveLength(5); // "bcd" and "yz"
    const held = await host.withDoc("deletes", (doc) => {
      expect([doc.store.pendingStructs, doc.store.pendingDs]).toEqual([null, null]);
      return bodyOf(doc);
    });
    expect(held).toBe(expected);
    // Joiners and storage can use the room's state.
    const joiner = provider("deletes");
    await whenSynced(joiner);
    expect(bodyOf(joiner.doc)).toBe(expected);
    await host.flush();
    expect(bodyOf(storage.documentState("deletes"))).toBe(expected);
  });

  it("lets a writer's sync step 2 exceed the frame cap up to the document cap; nothing else", async () => {
    const { raw, provider, host, storage } = await start({ limits: { maxFrameBytes: 64 * 1024, maxDocumentBytes: 512 * 1024 } });
    const big = (clientID: number, bytes: number) => textUpdate("x".repeat(bytes), clientID);
    const writer = await raw("catch-up", "?ack=1");
    writer.send(encodeStep2Update(big(1001, 200_000)));
    await writer.waitFor(() => lastAckOf(writer)?.seq === 1);
    expect(bodyOf(storage.documentState("catch-up"))?.length).toBe(200_000);

    const update = await raw("catch-up");
    update.send(encodeUpdateFrame(big(1002, 200_000)));
    expect(await update.closedWith()).toEqual({ code: 1009, reason: "frame_too_large" });
    const viewer = await raw("catch-up", "?ro=1");
    viewer.send(encodeStep2Update(big(1003, 200_000)));
    expect(await viewer.closedWith()).toEqual({ code: 1009, reason: "frame_too_large" });
    const beyond = await raw("catch-up");
    beyond.send(encodeStep2Update(big(1004, 600_000)));
    expect(await beyond.closedWith()).toEqual({ code: 1009, reason: "frame_too_large" });

    // A stock client that edited offline beyond the frame cap syncs on reconnect.
    const offline = provider("catch-up");
    await whenSynced(offline);
    offline.disconnect();
    offline.doc.getText("offline").insert(0, "y".repeat(150_000));
    offline.connect();
    await waitUntil(() => storage.documentState("catch-up")?.getText("offline").length === 150_000, 5000, "offline edits stored");
    expect(host.metrics().connections).toBeGreaterThanOrEqual(2);
  });

  it("refuses updates beyond the document size cap cleanly; deletions still pass, and a refusal compacts for the next attempt", async () => {
    const local = new Y.Doc();
    local.clientID = 1100;
    let before = Y.encodeStateVector(local);
    local.getText("body").insert(0, "a".repeat(60_000));
    const first = Y.encodeStateAsUpdate(local, before);
    const { raw, provider, host, storage } = await start({ limits: { maxDocumentBytes: first.byteLength + 8 } });
    const client = await raw("capped", "?ack=1");
    await client.waitFor(() => client.frames.some(isStep1));
    const refusals = () => signalsOf(client).filter((s) => s.kind === "refused");
    const extra = textUpdate("pequeño", 1101);

    client.send(encodeUpdateFrame(first)); // 1: just fits
    client.send(encodeUpdateFrame(extra)); // 2: beyond the cap
    await client.waitFor(() => lastAckOf(client)?.seq === 2);
    expect(refusals()).toEqual([{ kind: "refused", seq: 2, reason: "document_too_large" }]);
    expect(client.closed).toBeUndefined();
    await host.flush();
    expect(bodyOf(storage.documentState("capped"))).toHaveLength(60_000);
    // Another room is not affected.
    const elsewhere = provider("uncapped");
    await whenSynced(elsewhere);
    elsewhere.doc.getText("body").insert(0, "c".repeat(50_000));
    await roundTrip(elsewhere);

    // 3: a pure deletion passes even at the cap (it is how people make room).
    before = Y.encodeStateVector(local);
    local.getText("body").delete(0, 60_000);
    const deletion = Y.encodeStateAsUpdate(local, before);
    expect(deletion.byteLength).toBeGreaterThan(8);
    client.send(encodeUpdateFrame(deletion));
    await client.waitFor(() => lastAckOf(client)?.seq === 3);
    expect(refusals()).toHaveLength(1);
    // 4: still refused (the bound counts the log), but the refusal compacts the log...
    client.send(encodeUpdateFrame(extra));
    await client.waitFor(() => lastAckOf(client)?.seq === 4);
    expect(refusals()).toHaveLength(2);
    await waitUntil(() => host.metrics().compactions === 1, 3000, "compaction after the refusal");
    // 5: ...so the same edit fits now.
    client.send(encodeUpdateFrame(extra));
    await client.waitFor(() => lastAckOf(client)?.seq === 5);
    expect(refusals()).toHaveLength(2);
    await host.flush();
    expect(bodyOf(storage.documentState("capped"))).toBe("pequeño");
  });

  it("refuses what validateUpdate rejects, keeping the connection", async () => {
    const { raw, host } = await start({
      validateUpdate: (_room, _doc, update) => {
        const probe = new Y.Doc();
        Y.applyUpdate(probe, update);
        return bodyOf(probe)?.includes("prohibido") ? "invalid_content" : null;
      },
    });
    const client = await raw("validated", "?ack=1");
    client.send(encodeUpdateFrame(textUpdate("prohibido", 1201)));
    client.send(encodeUpdateFrame(textUpdate("permitido", 1202)));
    await client.waitFor(() => lastAckOf(client)?.seq === 2);
    expect(signalsOf(client).filter((s) => s.kind === "refused")).toEqual([{ kind: "refused", seq: 1, reason: "invalid_content" }]);
    expect(await host.withDoc("validated", (doc) => bodyOf(doc))).toBe("permitido");
  });
});

/** Barrier for a raw client: its step 1 is answered after every earlier frame was handled. */
async function roundTripRaw(client: RawCollabClient): Promise<void> {
  const isStep2 = (f: { data: Uint8Array }) => f.data[0] === 0 && f.data[1] === 1;
  const want = client.frames.filter(isStep2).length + 1;
  client.send(encodeSyncStep1(new Y.Doc()));
  await client.waitFor(() => client.frames.filter(isStep2).length >= want);
}

describe("hostile input", () => {
  it.each([
    ["bad varint", new Uint8Array([0xff, 0xff, 0xff, 0xff])],
    ["unknown message type", new Uint8Array([42, 0])],
    ["huge length prefix", new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1])],
    ["truncated update", encodeUpdateFrame(textUpdate("abc")).subarray(0, 12)],
    ["garbage update", encodeUpdateFrame(new Uint8Array([5, 200, 1, 3, 9, 9, 9]))],
    ["trailing bytes", new Uint8Array([...encodeUpdateFrame(textUpdate("x")), 0])],
  ])("closes only the socket that sent a %s", async (_label, frame) => {
    const { raw, provider, host } = await start();
    const neighbour = provider("same-room");
    const elsewhere = provider("other-room");
    await Promise.all([whenSynced(neighbour), whenSynced(elsewhere)]);
    const attacker = await raw("same-room");
    attacker.send(frame);
    expect(await attacker.closedWith()).toEqual({ code: 4400, reason: "malformed_frame" });

    neighbour.doc.getText("body").insert(0, "sigue");
    elsewhere.doc.getText("body").insert(0, "también");
    const late = provider("same-room");
    await whenSynced(late);
    await waitUntil(() => bodyOf(late.doc) === "sigue");
    await roundTrip(elsewhere);
    expect(await host.withDoc("other-room", (doc) => bodyOf(doc))).toBe("también");
  });

  it("closes text frames with 1003", async () => {
    const { raw } = await start();
    const client = await raw("texty");
    client.sendText("hola");
    expect((await client.closedWith()).code).toBe(1003);
  });

  it("closes oversize frames with 1009 and rate-limited sockets with 1008", async () => {
    const { raw, provider } = await start({
      limits: { maxFrameBytes: 1024, rate: { messagesPerSecond: 1, messageBurst: 10 } },
    });
    const big = await raw("caps");
    big.send(encodeUpdateFrame(textUpdate("x".repeat(2000))));
    expect(await big.closedWith()).toEqual({ code: 1009, reason: "frame_too_large" });

    const chatty = await raw("caps");
    for (let i = 0; i < 20; i++) chatty.send(new Uint8Array([3]));
    expect(await chatty.closedWith()).toEqual({ code: 1008, reason: "rate_limited" });

    const fine = provider("caps");
    await whenSynced(fine);
  });

  it("treats a replayed update as a no-op: stored and broadcast once, still acknowledged", async () => {
    const { raw, storage, host } = await start();
    const sender = await raw("replay", "?ack=1");
    const listener = await raw("replay");
    listener.send(encodeSyncStep1(new Y.Doc()));
    await listener.waitFor(() => listener.frames.length >= 2);
    const frame = encodeUpdateFrame(textUpdate("una vez"));
    sender.send(frame);
    sender.send(frame);
    sender.send(frame);
    await sender.waitFor(() => sender.frames.some((f) => ackSeq(f.data) === 3));
    await host.flush();
    expect(storage.logs.get("replay")).toHaveLength(1);
    const updateFrames = listener.frames.filter((f) => f.data[0] === 0 && f.data[1] === 2);
    expect(updateFrames).toHaveLength(1);
    expect(sender.frames.filter((f) => f.data[0] === 0 && f.data[1] === 2)).toHaveLength(0); // no echo
    expect(await host.withDoc("replay", (doc) => bodyOf(doc))).toBe("una vez");
  });
});

describe("lifecycle", () => {
  it("flushes and unloads an idle room, destroying its doc, and reloads it on demand", async () => {
    const { provider, host, storage } = await start({ idleUnloadMs: 50 });
    const client = provider("idle");
    await whenSynced(client);
    client.doc.getText("body").insert(0, "antes de dormir");
    await roundTrip(client);
    const liveDoc = await host.withDoc("idle", (doc) => doc);
    client.destroy();
    await waitUntil(() => host.metrics().roomsLoaded === 0, 3000, "unload");
    expect(host.metrics()).toMatchObject({ unloads: 1, connections: 0, pendingUpdates: 0 });
    expect(liveDoc.isDestroyed).toBe(true);
    expect(bodyOf(storage.documentState("idle"))).toBe("antes de dormir");

    expect(await host.withDoc("idle", (doc) => bodyOf(doc))).toBe("antes de dormir");
    expect(host.metrics().loads).toBe(2);
  });

  it("compacts the log without losing updates that arrive during compaction", async () => {
    const compactGate = new Gate();
    const storage = new InMemoryStorage({ beforeCompact: () => compactGate.wait() });
    const { provider, host } = await start({ storage, compactAfterUpdates: 5, groupCommit: { windowMs: 1 } });
    const client = provider("long-log");
    await whenSynced(client);
    compactGate.close();
    for (let i = 0; i < 5; i++) {
      client.doc.getText("body").insert(0, String(i));
      // One write per edit, so the log reaches 5 entries. (Not host.flush(): once the fifth write
      // commits, flush would also wait for the compaction this test is holding.)
      await waitUntil(() => host.metrics().storageWrites === i + 1, 2000, `write ${i + 1}`);
    }
    await waitUntil(() => storage.compactCalls === 1, 2000, "compaction started");
    client.doc.getText("body").insert(0, "durante");
    await roundTrip(client);
    compactGate.open();
    await host.flush();
    await host.flush();
    const stored = storage.documentState("long-log");
    expect(bodyOf(stored)).toBe(bodyOf(client.doc));
    expect(bodyOf(stored)?.startsWith("durante")).toBe(true);
    expect(storage.logs.get("long-log")!.length).toBeLessThanOrEqual(2);
    expect(host.metrics().compactions).toBe(1);
  });

  it("close() flushes, closes sockets with 1012 and refuses new connections", async () => {
    const storage = new InMemoryStorage();
    const host = new CollabHost({ storage, logger: silentLogger });
    const server = await startTestCollabServer(host);
    cleanups.push(() => server.close());
    const client = await RawCollabClient.connect(server.url, "closing");
    cleanups.push(() => client.terminate());
    client.send(encodeUpdateFrame(textUpdate("último")));
    client.send(encodeSyncStep1(new Y.Doc()));
    await client.waitFor(() => client.frames.some((f) => f.data[0] === 0 && f.data[1] === 1));
    await host.close();
    expect(await client.closedWith()).toEqual({ code: 1012, reason: "server_restarting" });
    expect(bodyOf(storage.documentState("closing"))).toBe("último");
    const late = await RawCollabClient.connect(server.url, "closing");
    cleanups.push(() => late.terminate());
    expect((await late.closedWith()).code).toBe(1012);
    expect(host.metrics().roomsLoaded).toBe(0);
  });
});
