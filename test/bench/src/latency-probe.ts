// `pnpm probe:latency [--databases pglite,postgres]`
//
// Does a big document make other requests wait? Starts the real Taller server (apps/server,
// `pnpm start`'s entry point) on embedded PGlite and on PostgreSQL, and while a health probe on
// a thread of its own asks GET /api/health every 20 ms, it
//   1. push:      has one editor push ~1.9 MiB paragraphs into a study until the server refuses
//                 (document_too_large) or 50 MB were sent — each one acknowledged before the
//                 next, 2 s apart (the per-connection byte rate is 1 MiB/s);
//   2. cold open: lets the room unload (idle), then opens it again, until the server has loaded
//                 it (its sync step 1 arrives after the load);
//   3. history:   cold-opens a second study whose stored state is one 7.9 MiB update of dense
//                 keystroke history (37 × the automerge-paper trace, 9.6 million keystrokes — the
//                 worst shape for Yjs, ~1 µs per struct), written straight into storage.
// and prints, per phase, the health requests' p50/p99/max latency. Figures go to
// docs/performance.md; the target is that no request waits more than 200 ms.
import { Worker } from "node:worker_threads";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { createDb } from "@taller/db";
import { sql } from "@taller/db/sql";
import { startServerProcess, type ServerProcess } from "../../support/server-process";
import { b4Copies } from "./fixtures";

const argument = (name: string) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};
const databases = (argument("--databases") ?? "pglite,postgres").split(",");
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PUSH_BYTES = 1.9 * 1024 * 1024;
const PUSH_LIMIT = 50 * 1000 * 1000;
const HISTORY_COPIES = 37;
const log = (line: string) => console.log(line);

// ---------------------------------------------------------------------------------------------
// Health probe: its own thread, so the work of this process never delays its requests.

const PROBE_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const samples = [];
let stop = false;
let inFlight = false;
parentPort.on("message", (m) => {
  if (m === "stop") { stop = true; parentPort.postMessage(samples); }
});
const tick = async () => {
  if (stop) return;
  setTimeout(tick, 20);
  if (inFlight) return; // one request at a time: a stalled server shows as one long request
  inFlight = true;
  const start = performance.timeOrigin + performance.now();
  try {
    const response = await fetch(workerData.url + "/api/health");
    await response.text();
    samples.push([start, performance.timeOrigin + performance.now() - start, response.status]);
  } catch (error) {
    samples.push([start, performance.timeOrigin + performance.now() - start, 0]);
  }
  inFlight = false;
};
tick();
`;

interface Probe {
  stop(): Promise<Array<[start: number, latency: number, status: number]>>;
}

function startProbe(url: string): Probe {
  const worker = new Worker(PROBE_SOURCE, { eval: true, workerData: { url } });
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once("message", (samples: Array<[number, number, number]>) => {
          void worker.terminate();
          resolve(samples);
        });
        worker.postMessage("stop");
      }),
  };
}

const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------
// HTTP and collaboration clients

async function call(baseUrl: string, method: string, path: string, cookie: string, body?: unknown) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { origin: baseUrl, cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { json: JSON.parse(text) as Record<string, string>, setCookie: response.headers.get("set-cookie") };
}

/** A raw y-websocket client with Taller's acknowledgements (?ack=1, notes in protocol.ts). */
class Peer {
  private readonly ws: WebSocket;
  private sent = 0;
  private acked = 0;
  private readonly refused = new Map<number, string>();
  private waiters: Array<() => void> = [];
  serverStep1At = 0;
  readonly opened: Promise<void>;

  constructor(baseUrl: string, collabName: string, cookie: string) {
    const ws = new URL(baseUrl);
    this.ws = new WebSocket(`ws://${ws.host}/collab/${collabName}?ack=1`, { headers: { cookie, origin: baseUrl }, maxPayload: 256 * 1024 * 1024 });
    this.ws.binaryType = "nodebuffer";
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("error", reject);
    });
    this.ws.on("message", (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    this.ws.on("close", (code: number, reason: Buffer) => {
      this.closedWith = `${code} ${reason.toString()}`;
    });
  }

  closedWith: string | undefined;

  private receive(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === 0 && decoding.readVarUint(decoder) === 0 && this.serverStep1At === 0) this.serverStep1At = now();
    if (type === 100) this.acked = Math.max(this.acked, decoding.readVarUint(decoder));
    if (type === 101) this.refused.set(decoding.readVarUint(decoder), decoding.readVarString(decoder));
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline || this.closedWith !== undefined) {
        throw new Error(`${this.closedWith === undefined ? "timed out" : `socket closed (${this.closedWith})`} waiting for ${what}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Sends a Yjs update; resolves with null once acknowledged (committed), or the refusal reason. */
  async write(update: Uint8Array): Promise<string | null> {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, update);
    this.ws.send(encoding.toUint8Array(encoder));
    const seq = ++this.sent;
    await this.until(() => this.acked >= seq || this.refused.has(seq), 120_000, `ack of write ${seq}`);
    return this.refused.get(seq) ?? null;
  }

  /** Resolves once the server, having loaded the room, sent its own sync step 1. */
  loaded(timeoutMs = 120_000): Promise<void> {
    return this.until(() => this.serverStep1At > 0, timeoutMs, "the room to load");
  }

  close(): void {
    this.ws.close();
  }
}

// ---------------------------------------------------------------------------------------------
// One database

interface PhaseResult {
  database: string;
  phase: string;
  detail: string;
  durationMs: number;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  failed: number;
}

function stats(samples: Array<[number, number, number]>, from: number, to: number) {
  const inside = samples.filter(([start]) => start >= from && start <= to);
  const latencies = inside.map(([, latency]) => latency).sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: inside.length, p50: pick(0.5), p99: pick(0.99), max: latencies.at(-1) ?? 0, failed: inside.filter(([, , status]) => status !== 200).length };
}

function historyState(): Uint8Array {
  const fixture = b4Copies(HISTORY_COPIES);
  return new Uint8Array(readFileSync(fixture.file));
}

async function storeDirectly(db: Awaited<ReturnType<typeof createDb>>["db"], collabName: string, update: Uint8Array): Promise<void> {
  await db.execute(sql`DELETE FROM document_updates WHERE collab_name = ${collabName}`);
  await db.execute(sql`INSERT INTO document_snapshots (collab_name, state) VALUES (${collabName}, ${Buffer.from(update)})
    ON CONFLICT (collab_name) DO UPDATE SET state = excluded.state`);
}

async function runDatabase(database: string): Promise<PhaseResult[]> {
  const password = randomBytes(12).toString("base64url");
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (database === "pglite") {
    dataDir = mkdtempSync(join(tmpdir(), "taller-probe-"));
  } else {
    const name = `taller_probe_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  const env = {
    ADMIN_EMAIL: "probe@taller.local",
    ADMIN_PASSWORD: password,
    COLLAB_IDLE_UNLOAD_SECONDS: "2",
    ...(dataDir ? { DATA_DIR: dataDir } : { DATABASE_URL: databaseUrl! }),
  };
  const results: PhaseResult[] = [];
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess(env, 120_000);
    const login = await call(server.url, "POST", "/api/auth/login", "", { email: env.ADMIN_EMAIL, password });
    const cookie = login.setCookie!.split(";")[0]!;
    const project = await call(server.url, "POST", "/api/projects", cookie, { name: "Sonda de latencia", kind: "study", confirmDuplicate: true });
    const bulk = await call(server.url, "POST", `/api/projects/${project.json.id}/documents`, cookie, { kind: "text", title: "Documento grande" });
    const history = await call(server.url, "POST", `/api/projects/${project.json.id}/documents`, cookie, { kind: "text", title: "Historial denso" });

    const phase = async (name: string, run: () => Promise<string>) => {
      const probe = startProbe(server!.url);
      await new Promise((r) => setTimeout(r, 500)); // a baseline before the work starts
      const from = now();
      const detail = await run();
      const to = now();
      await new Promise((r) => setTimeout(r, 300));
      const samples = await probe.stop();
      const result = { database, phase: name, detail, durationMs: to - from, ...stats(samples, from - 100, to) };
      results.push(result);
      log(`  ${database} ${name}: ${detail}; health p99 ${result.p99.toFixed(0)} ms, max ${result.max.toFixed(0)} ms (${result.requests} requests)`);
    };

    // 0. For reference: the same probe against the idle server (what the machine itself adds).
    await phase("idle", async () => {
      await new Promise((r) => setTimeout(r, 3_000));
      return `nothing running; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
    });

    // 1. An editor pushes paragraphs of ~1.9 MiB until refused.
    await phase("push", async () => {
      const editor = new Peer(server!.url, bulk.json.collabName!, cookie);
      await editor.opened;
      await editor.loaded();
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on("update", (u: Uint8Array) => updates.push(u));
      let pushed = 0;
      let accepted = 0;
      let refusal: string | null = null;
      const filler = "Texto de relleno del estudio de factibilidad. ".repeat(Math.ceil(PUSH_BYTES / 46)).slice(0, PUSH_BYTES);
      while (pushed < PUSH_LIMIT) {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText(filler)]);
        doc.getXmlFragment("default").insert(0, [paragraph]);
        const update = updates.pop()!;
        pushed += update.byteLength;
        refusal = await editor.write(update);
        if (refusal !== null) break;
        accepted += update.byteLength;
        // Within the per-connection byte rate (1 MiB/s): faster is closed with 1008.
        await new Promise((r) => setTimeout(r, 2_000));
      }
      editor.close();
      return `${(accepted / 1048576).toFixed(1)} MiB accepted, then ${refusal ?? "no refusal"}`;
    });

    // 2. Cold open of that document after its room unloaded.
    await new Promise((r) => setTimeout(r, 4_000));
    /** Opens a document whose room is not loaded; ms until the server's sync step 1 (the room loaded). */
    const coldOpen = async (collabName: string): Promise<number> => {
      const start = now();
      const reader = new Peer(server!.url, collabName, cookie);
      await reader.opened;
      await reader.loaded();
      reader.close();
      return reader.serverStep1At - start;
    };
    await phase("cold open", async () => `loaded in ${(await coldOpen(bulk.json.collabName!)).toFixed(0)} ms`);

    // 3. A stored document of dense keystroke history, written into storage directly (on PGlite
    //    with the server stopped: one process per data directory).
    const state = historyState();
    if (dataDir) {
      await server.stop("SIGTERM");
      const handle = await createDb({ dataDir });
      await storeDirectly(handle.db, history.json.collabName!, state);
      await handle.close();
      server = await startServerProcess(env, 120_000);
    } else {
      const handle = await createDb({ databaseUrl, poolSize: 1, migrate: false });
      await storeDirectly(handle.db, history.json.collabName!, state);
      await handle.close();
    }
    const started = performance.now();
    Y.applyUpdate(new Y.Doc(), state);
    const inOneGo = performance.now() - started;
    await phase("history cold open", async () => {
      const loadedIn = await coldOpen(history.json.collabName!);
      return `${(state.byteLength / 1048576).toFixed(1)} MiB stored, loaded in ${loadedIn.toFixed(0)} ms (Y.applyUpdate in one go here: ${inOneGo.toFixed(0)} ms)`;
    });
  } catch (error) {
    console.error(server?.output().split("\n").slice(-30).join("\n"));
    throw error;
  } finally {
    if (process.env.PROBE_SERVER_LOG) console.error(server?.output());
    await server?.stop("SIGTERM");
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase?.();
  }
  return results;
}

const all: PhaseResult[] = [];
log(`Latency probe — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}; GET /api/health every 20 ms during each phase`);
for (const database of databases) {
  log(`${database}:`);
  all.push(...(await runDatabase(database)));
}
log("");
log("| database | phase | what happened | health p50 | p99 | max | requests | failed |");
log("|---|---|---|---:|---:|---:|---:|---:|");
for (const r of all) {
  log(`| ${r.database} | ${r.phase} | ${r.detail} | ${r.p50.toFixed(0)} ms | ${r.p99.toFixed(0)} ms | ${r.max.toFixed(0)} ms | ${r.requests} | ${r.failed} |`);
}
const worst = Math.max(...all.filter((r) => r.phase !== "idle").map((r) => r.max));
log(`Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min) on ${cpus().length} cores.`);
log("");
log(worst <= 200 ? "Every health request answered within 200 ms." : `Slowest health request: ${worst.toFixed(0)} ms (target 200 ms).`);
