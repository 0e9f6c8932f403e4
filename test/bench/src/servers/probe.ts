import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { writeHeapSnapshot } from "node:v8";

/**
 * The side door every benchmarked server process opens next to its WebSocket port, so the load
 * generator can read the same figures from each server in the same way: memory after a forced
 * GC, CPU time, how many documents are loaded and how many storage loads happened; and put a
 * stored document into the server's own persistence before a cold-join or memory scenario.
 * Server processes run with --expose-gc.
 */
export interface ServerStats {
  pid: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** process.cpuUsage() user + system, microseconds since start. */
  cpuMicros: number;
  documentsLoaded: number;
  storageLoads: number;
  connections: number;
  /** Event-loop delay since the previous `reset` (ms): how long ready work waited for the loop. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

// 1 ms resolution: fine enough to see GC pauses and long synchronous work.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

export interface ProbeHooks {
  counts(): { documentsLoaded: number; storageLoads: number; connections: number };
  /** Writes `state` (one Yjs update) as the stored content of document `name`. */
  store(name: string, state: Uint8Array): Promise<void>;
  /** Creates `count` documents the load generator may open; returns their names. */
  prepare(count: number): Promise<string[]>;
}

declare const gc: (() => void) | undefined;

export function readStats(hooks: ProbeHooks, collect: boolean, reset = false): ServerStats {
  if (collect && typeof gc === "function") {
    // Several passes: the first one only queues finalizers of the documents just released.
    for (let i = 0; i < 3; i++) gc();
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const stats = {
    pid: process.pid,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    cpuMicros: cpu.user + cpu.system,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
    ...hooks.counts(),
  };
  if (reset) loopDelay.reset();
  return stats;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the probe on loopback; resolves with its port. */
export function startProbe(hooks: ProbeHooks): Promise<number> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://probe");
    const reply = (status: number, value: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(value));
    };
    (async () => {
      if (url.pathname === "/stats") return reply(200, readStats(hooks, url.searchParams.get("gc") === "1", url.searchParams.get("reset") === "1"));
      if (url.pathname === "/heap-snapshot" && request.method === "POST") {
        // For investigating memory per document: a V8 heap snapshot written to `file`.
        return reply(200, { file: writeHeapSnapshot(url.searchParams.get("file") ?? undefined) });
      }
      if (url.pathname === "/store" && request.method === "POST") {
        await hooks.store(url.searchParams.get("name") ?? "", new Uint8Array(await body(request)));
        return reply(200, { ok: true });
      }
      if (url.pathname === "/prepare" && request.method === "POST") {
        return reply(200, { names: await hooks.prepare(Number(url.searchParams.get("count") ?? "1")) });
      }
      reply(404, { error: "not found" });
    })().catch((error: unknown) => reply(500, { error: String(error) }));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** Tells the harness where to connect: one JSON line on stdout. */
export function announce(info: { wsPort: number; probePort: number; headers?: Record<string, string> }): void {
  // The harness stops servers with SIGTERM; exiting normally lets --cpu-prof write its profile.
  process.once("SIGTERM", () => process.exit(0));
  console.log(`BENCH_READY ${JSON.stringify(info)}`);
}
