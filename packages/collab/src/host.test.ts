// End-to-end tests of the host over real sockets: an http + ws server on port 0, stock y-websocket
// providers, and raw clients for exact bytes. Storage is the in-memory implementation with hooks.
import * as decoding from "lib0/decoding";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { encodeAwarenessEntries } from "./awareness-guard";
import { handleDurableAcks } from "./durable-ack-client";
import { CollabHost, type CollabErrorContext, type CollabHostOptions } from "./host";
import { InMemoryStorage } from "./in-memory-storage";
import { CloseCode, decodeDurableAck, encodeAwarenessFrame, encodeSyncStep1, encodeUpdateFrame } from "./protocol";
import { Gate, RawCollabClient, connectProvider, roundTrip, silentLogger, startTestCollabServer, waitUntil, whenSynced } from "./testing";

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
  const server = await startTestCollabServer(host);
  cleanups.push(async () => {
    await server.close();
    await host.close({ flushTimeoutMs: 1000 });
  });
  const provider = (room: string, params: Record<string, string> = {}) => {
    const created = connectProvider(server.url, room, { params });
    cleanups.push(() => created.destroy());
    return created;
  };
  const raw = async (room: string, query = "") => {
    const client = await RawCollabClient.connect(server.url, room, query);
    cleanups.push(() => client.terminate());
    return client;
  };
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
    const storage = new InMemoryStorage({
      beforeLoad: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (failing) throw new Error("database unavailable");
      },
    });
    storage.put("precious", [textUpdate("no me borres")]);
    const { host, raw, errors, provider } = await start({ storage, seed });
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
    handleDurableAcks(acking, (seq) => acks.push({ seq, storedBody: bodyOf(storage.documentState("acked")) }));
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
    expect(client.frames.some((f) => decodeDurableAck(f.data) !== null)).toBe(false);
    await client.waitFor(() => client.frames.some((f) => decodeDurableAck(f.data) === 1));
    expect(errors.filter((e) => e.context.operation === "append")).toHaveLength(2);
    expect(bodyOf(storage.documentState("retry"))).toBe("persistente");
    expect(host.metrics().pendingUpdates).toBe(0);
  });
});

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
    await sender.waitFor(() => sender.frames.some((f) => decodeDurableAck(f.data) === 3));
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
