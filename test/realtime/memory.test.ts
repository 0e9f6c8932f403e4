import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CollabTestServer, adminCollab, mapLimit, pollUntil, setupLight, type LightFixture } from "../support/realtime";
import { RawClient } from "../support/raw-client";

/**
 * Opening and closing 2,000 rooms must not leak: once every room is unloaded (idle unload at
 * 0.5 s), the server's heap is back within 10 % of the baseline measured after a warm-up of 100
 * rooms.
 *
 * Heap is read from GET /api/admin/collab (`memory.heapUsed`). Without a forced collection the
 * number mostly reflects when V8 last ran a major GC, so the server runs with its inspector on an
 * ephemeral port (NODE_OPTIONS=--inspect=127.0.0.1:0) and the test asks for a full collection
 * over the DevTools protocol (HeapProfiler.collectGarbage) before each sample: no server code is
 * involved. Rooms are half study texts (seeded with the template on first open) and half canvases.
 */
const WARMUP = 100;
const ROOMS = Number(process.env.MEMORY_ROOMS ?? 2000);
const OPEN_CONCURRENCY = Number(process.env.MEMORY_OPEN_CONCURRENCY ?? 16);

let server: CollabTestServer;
let fx: LightFixture;
let inspector: WebSocket | undefined;
const names: string[] = [];

beforeAll(async () => {
  server = await CollabTestServer.start({
    COLLAB_IDLE_UNLOAD_SECONDS: "0.5",
    // One person creates thousands of documents here: lift the per-hour cap (60 by default).
    DOCUMENTS_PER_USER_PER_HOUR: "1000000",
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --inspect=127.0.0.1:0`.trim(),
  });
  fx = await setupLight(server);
}, 120_000);

afterAll(async () => {
  inspector?.terminate();
  await server?.close();
});

/** Connects to the server process's inspector (its URL is printed on stderr at start). */
async function connectInspector(): Promise<WebSocket> {
  const match = /Debugger listening on (ws:\/\/\S+)/.exec(server.server.output());
  if (!match) throw new Error(`no inspector URL in the server output:\n${server.server.output()}`);
  const ws = new WebSocket(match[1]!);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return ws;
}

let cdpId = 0;
async function collectGarbage(): Promise<void> {
  inspector ??= await connectInspector();
  const id = ++cdpId;
  const ws = inspector;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("HeapProfiler.collectGarbage timed out")), 30_000);
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; error?: unknown };
      if (message.id !== id) return;
      clearTimeout(timer);
      ws.off("message", onMessage);
      if (message.error) reject(new Error(JSON.stringify(message.error)));
      else resolve();
    };
    ws.on("message", onMessage);
    ws.send(JSON.stringify({ id, method: "HeapProfiler.collectGarbage" }));
  });
}

/** Median heapUsed of several samples, each after a full collection. */
async function settledHeap(): Promise<{ heap: number; samples: number[]; withoutGc: number }> {
  const withoutGc = (await adminCollab(fx.admin)).memory.heapUsed;
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    await collectGarbage();
    samples.push((await adminCollab(fx.admin)).memory.heapUsed);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { heap: sorted[Math.floor(sorted.length / 2)]!, samples, withoutGc };
}

/** Sync step 1, wait for the step 2, close: the lightest possible visit of a room. */
async function visit(collabName: string): Promise<void> {
  const client = await RawClient.connect(server, collabName, fx.admin, { applyRemote: false });
  try {
    await client.handshake(30_000);
  } finally {
    client.close();
  }
  await client.whenClosed();
}

async function waitAllUnloaded() {
  return pollUntil(
    () => adminCollab(fx.admin),
    (m) => m.collab.roomsLoaded === 0 && m.collab.roomsLoading === 0 && m.collab.connections === 0 && m.collab.pendingUpdates === 0,
    60_000,
    "every room unloaded",
  );
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

describe("opening and closing many rooms", () => {
  it(`returns the heap to its baseline after ${ROOMS} rooms were unloaded`, async () => {
    const t0 = Date.now();
    const created = await mapLimit(
      Array.from({ length: WARMUP + ROOMS }, (_, i) => i),
      Number(process.env.MEMORY_CREATE_CONCURRENCY ?? 8),
      (i) => fx.createDocument(i % 2 === 0 ? "text" : "canvas", `Documento ${i}`),
    );
    names.push(...created.map((d) => d.collabName));
    const tCreated = Date.now();

    // Warm-up: code paths compiled, caches and pools at their steady size.
    await mapLimit(names.slice(0, WARMUP), OPEN_CONCURRENCY, visit);
    const warm = await waitAllUnloaded();
    const baseline = await settledHeap();

    await mapLimit(names.slice(WARMUP), OPEN_CONCURRENCY, visit);
    const tOpened = Date.now();
    const after = await waitAllUnloaded();
    const final = await settledHeap();

    console.log(
      `created ${names.length} documents in ${tCreated - t0} ms, opened ${ROOMS} rooms in ${tOpened - tCreated} ms; ` +
        `heap baseline ${mb(baseline.heap)} (samples ${baseline.samples.map(mb).join(", ")}; before gc ${mb(baseline.withoutGc)}), ` +
        `after ${mb(final.heap)} (samples ${final.samples.map(mb).join(", ")}; before gc ${mb(final.withoutGc)})`,
    );

    expect(after.collab.loads - warm.collab.loads).toBe(ROOMS);
    expect(after.collab.unloads - warm.collab.unloads).toBe(ROOMS);
    expect(after.collab.loadFailures).toBe(0);
    expect(after.collab.storageWriteFailures).toBe(0);
    expect(after.collab.roomsLoaded).toBe(0);
    expect(final.heap, `heap ${mb(final.heap)} vs baseline ${mb(baseline.heap)}`).toBeLessThanOrEqual(baseline.heap * 1.1);
  }, 180_000);
});
