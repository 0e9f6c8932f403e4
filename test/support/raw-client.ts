import * as Y from "yjs";
import WebSocket from "ws";

/**
 * The tests' one raw WebSocket client of the collaboration server: byte-exact y-websocket framing
 * over `ws` (with a session cookie and an Origin like a page of the site, durable-ack tracking and
 * its own Y.Doc), for load, crash, fuzz and upgrade tests; and the varint codec it needs, written
 * here on purpose after lib0's decoding rules, independent of the server's code.
 */

// -------------------------------------------------------------------------------------------------
// lib0-compatible varint codec

function writeVarUint(out: number[], value: number): void {
  let n = value;
  while (n > 0x7f) {
    out.push(0x80 | (n % 0x80));
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

export function varUint(value: number): Uint8Array {
  const out: number[] = [];
  writeVarUint(out, value);
  return new Uint8Array(out);
}

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Reads a varUint at `pos` exactly as lib0's decoding.readVarUint does; null where lib0 throws
 * (the bytes end before the varint does, or the value exceeds 2^53).
 */
export function readVarUint(bytes: Uint8Array, pos: number): { value: number; pos: number } | null {
  let value = 0;
  let mult = 1;
  let at = pos;
  while (at < bytes.length) {
    const b = bytes[at++]!;
    value += (b & 0x7f) * mult;
    mult *= 128;
    if (b < 0x80) return { value, pos: at };
    if (value > Number.MAX_SAFE_INTEGER) return null;
  }
  return null;
}

export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_QUERY_AWARENESS = 3;
const MSG_DURABLE_ACK = 100;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export function syncFrame(subType: number, payload: Uint8Array): Uint8Array {
  return concat([MSG_SYNC, subType], varUint(payload.length), payload);
}
const step1Frame = (doc: Y.Doc): Uint8Array => syncFrame(SYNC_STEP1, Y.encodeStateVector(doc));
const step2Frame = (update: Uint8Array): Uint8Array => syncFrame(SYNC_STEP2, update);
export const updateFrame = (update: Uint8Array): Uint8Array => syncFrame(SYNC_UPDATE, update);

type ServerFrame =
  | { type: "sync"; subType: number; payload: Uint8Array }
  | { type: "ack"; seq: number }
  | { type: "other"; messageType: number };

/** Parses a frame the server sent (the server is trusted to send well-formed frames). */
function parseServerFrame(bytes: Uint8Array): ServerFrame {
  const type = readVarUint(bytes, 0);
  if (type === null) throw new Error("server sent an empty frame");
  if (type.value === MSG_SYNC) {
    const sub = readVarUint(bytes, type.pos)!;
    const len = readVarUint(bytes, sub.pos)!;
    return { type: "sync", subType: sub.value, payload: bytes.subarray(len.pos, len.pos + len.value) };
  }
  if (type.value === MSG_DURABLE_ACK) return { type: "ack", seq: readVarUint(bytes, type.pos)!.value };
  return { type: "other", messageType: type.value };
}

// -------------------------------------------------------------------------------------------------
// Raw client

/** Where a raw client connects: the server's page URL (for Origin) and its collab socket URL. */
export interface CollabEndpoint {
  url: string;
  wsUrl: string;
}

export interface RawClientOptions {
  /** Connect with `?ack=1` and track durable acknowledgements. */
  ack?: boolean;
  /** The client's document (kept across reconnects); a fresh one by default. */
  doc?: Y.Doc;
  /** Apply the server's step 2 and updates to `doc` (default true). */
  applyRemote?: boolean;
  /** The Origin header: the server's own by default, null for none (a non-browser client). */
  origin?: string | null;
}

/** How an upgrade attempt ended: an open client, or the HTTP answer that refused it. */
export type Upgrade = { status: 101; client: RawClient } | { status: number; body: string };

/**
 * One socket of a y-websocket client, byte-exact. Counts the sync-step-2/update messages it sends
 * (`writesSent`) so that a durable ack `[100, seq]` can be mapped back to them, and remembers, for
 * every write, the client's own clock after it (`clockAfterWrite[seq]`).
 */
export class RawClient {
  readonly frames: Uint8Array[] = [];
  readonly doc: Y.Doc;
  closed: { code: number; reason: string } | undefined;
  /** Server sync step 1 frames received. */
  serverStep1 = 0;
  /** Sync step 2 frames received (answers to our step 1). */
  step2Received = 0;
  updatesReceived = 0;
  writesSent = 0;
  /** Highest durable-ack sequence number received on this socket. */
  acked = 0;
  /** clockAfterWrite[seq] = the doc's own clock once write `seq` was sent (index 0 = before any). */
  readonly clockAfterWrite: number[] = [];
  /** Messages sent on this socket (any type), to stay below the server's rate limit. */
  messagesSent = 0;
  private readonly waiters = new Set<() => void>();
  private readonly applyRemote: boolean;

  private constructor(
    readonly ws: WebSocket,
    doc: Y.Doc,
    applyRemote: boolean,
  ) {
    this.doc = doc;
    this.applyRemote = applyRemote;
    this.clockAfterWrite.push(ownClock(doc));
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer) => this.onFrame(new Uint8Array(data)));
    ws.on("close", (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on("error", () => {});
  }

  /**
   * Opens a socket to `collabName` as `session` (its cookie; null for anonymous). Resolves with the
   * open client, or with the status and body of the HTTP answer that refused the upgrade.
   */
  static open(server: CollabEndpoint, collabName: string, session: { cookie: string } | null, options: RawClientOptions = {}): Promise<Upgrade> {
    const headers: Record<string, string> = {};
    const origin = options.origin === undefined ? server.url : options.origin;
    if (origin !== null) headers.origin = origin;
    if (session?.cookie) headers.cookie = session.cookie;
    const ws = new WebSocket(`${server.wsUrl}/${collabName}${options.ack ? "?ack=1" : ""}`, { headers, perMessageDeflate: false });
    const client = new RawClient(ws, options.doc ?? new Y.Doc(), options.applyRemote ?? true);
    return new Promise<Upgrade>((resolve, reject) => {
      ws.once("open", () => resolve({ status: 101, client }));
      ws.once("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body });
          ws.terminate();
        });
      });
      ws.once("error", reject);
      ws.once("close", (code) => reject(new Error(`closed before open: ${code}`)));
    });
  }

  /** Opens a socket (see `open`) and fails when the upgrade is refused. */
  static async connect(server: CollabEndpoint, collabName: string, session: { cookie: string } | null, options: RawClientOptions = {}): Promise<RawClient> {
    const upgrade = await RawClient.open(server, collabName, session, options);
    if (!("client" in upgrade)) throw new Error(`upgrade refused: ${upgrade.status} ${upgrade.body}`);
    return upgrade.client;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN && this.closed === undefined;
  }

  /** Sends any bytes (counts as a message for the rate limit, not as a write). */
  sendRaw(frame: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.messagesSent++;
    this.ws.send(frame);
  }

  sendStep1(): void {
    this.sendRaw(step1Frame(this.doc));
  }

  /** Sends a step 2 or update carrying `update` and counts it as a write. */
  sendWrite(update: Uint8Array, kind: "step2" | "update" = "update"): number {
    if (this.ws.readyState !== WebSocket.OPEN) return this.writesSent;
    this.sendRaw(kind === "step2" ? step2Frame(update) : updateFrame(update));
    this.writesSent++;
    this.clockAfterWrite.push(ownClock(this.doc));
    return this.writesSent;
  }

  /**
   * The y-websocket opening: our step 1; when the server's step 1 arrives, our step 2 with
   * everything it lacks (a write). Resolves once we received the server's step 2.
   */
  async handshake(timeoutMs = 15_000): Promise<void> {
    this.sendStep1();
    await this.waitFor(() => this.serverStep1 > 0 && this.step2Received > 0, timeoutMs, "handshake");
  }

  /** Barrier: a step 1 whose step-2 answer proves every earlier frame on this socket was handled. */
  async roundTrip(timeoutMs = 15_000): Promise<void> {
    const want = this.step2Received + 1;
    this.sendStep1();
    await this.waitFor(() => this.step2Received >= want, timeoutMs, "round trip");
  }

  async waitFor(predicate: () => boolean, timeoutMs = 15_000, what = "condition"): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        } else if (this.closed !== undefined) {
          clearTimeout(timer);
          this.waiters.delete(check);
          reject(new Error(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting for ${what}`));
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves when the socket is closed (by either side). */
  async whenClosed(timeoutMs = 15_000): Promise<{ code: number; reason: string }> {
    if (this.closed === undefined) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("socket did not close")), timeoutMs);
        this.ws.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed!;
  }

  close(): void {
    this.ws.close();
  }

  terminate(): void {
    this.ws.terminate();
  }

  private onFrame(bytes: Uint8Array): void {
    this.frames.push(bytes);
    const frame = parseServerFrame(bytes);
    if (frame.type === "ack") {
      if (frame.seq > this.acked) this.acked = frame.seq;
    } else if (frame.type === "sync") {
      if (frame.subType === SYNC_STEP1) {
        this.serverStep1++;
        this.sendWrite(Y.encodeStateAsUpdate(this.doc, frame.payload), "step2");
      } else {
        if (this.applyRemote) Y.applyUpdate(this.doc, frame.payload, "server");
        if (frame.subType === SYNC_STEP2) this.step2Received++;
        else this.updatesReceived++;
      }
    }
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Tries an upgrade and reports the HTTP status (101 when it upgraded; that socket is closed again). */
export async function upgradeStatus(
  server: CollabEndpoint,
  collabName: string,
  session: { cookie: string } | null,
  options: Pick<RawClientOptions, "origin"> = {},
): Promise<number> {
  const upgrade = await RawClient.open(server, collabName, session, options);
  if ("client" in upgrade) upgrade.client.terminate();
  return upgrade.status;
}

/** The doc's clock for its own clientID (how many structs it created). */
export function ownClock(doc: Y.Doc): number {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
}

/** State vector of a (merged) update. */
export function stateVectorOf(update: Uint8Array): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update));
}
