// Test support (exported as "@taller/collab/testing"): a real http + ws server on port 0 that
// hands sockets to a CollabHost, and a raw protocol client for tests that need to send exact
// bytes. Needs the `ws` package at runtime, which is why it is not part of the main entry.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { ConnectionAccess } from "./connection";
import type { CollabHost } from "./host";
import type { CollabLogger } from "./options";
import { encodeSyncStep1 } from "./protocol";
import { attachWebSocket } from "./ws-adapter";

/** A running test server. `url` is the y-websocket serverUrl: `ws://127.0.0.1:<port>/collab`. */
export interface TestCollabServer {
  url: string;
  port: number;
  /** Stops the http and ws servers and terminates every socket (does not close the host). */
  close(): Promise<void>;
}

/**
 * Decides access from the query string, standing in for the server's cookie/role check:
 * `/collab/<room>?ro=1&user=<id>&ack=1`.
 */
export function accessFromTestUrl(url: URL): ConnectionAccess {
  const room = decodeURIComponent(url.pathname.replace(/^\/collab\//, ""));
  const userId = url.searchParams.get("user");
  return {
    room,
    readOnly: url.searchParams.get("ro") === "1",
    wantsAck: url.searchParams.get("ack") === "1",
    ...(userId === null ? {} : { userId }),
  };
}

/**
 * Starts an http server with a ws WebSocketServer (noServer mode, like the real upgrade path) on
 * an ephemeral port and attaches every socket to `host`.
 */
export async function startTestCollabServer(
  host: CollabHost,
  accessFor: (url: URL) => ConnectionAccess = accessFromTestUrl,
): Promise<TestCollabServer> {
  const wss = new WebSocketServer({ noServer: true });
  const server: Server = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  server.on("upgrade", (request, socket, head) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    wss.handleUpgrade(request, socket, head, (ws) => {
      attachWebSocket(host, ws, accessFor(url), { heartbeatMs: 0 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/collab`,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A logger that drops everything (tests assert on onError/metrics instead). */
export const silentLogger: CollabLogger = { warn() {}, error() {} };

/**
 * A bare protocol client: sends exact bytes and records every frame and the close event. For
 * hostile-input tests and for observing what the server sends (e.g. that no frame precedes load).
 */
export class RawCollabClient {
  readonly frames: { at: number; data: Uint8Array }[] = [];
  closed: { code: number; reason: string } | undefined;
  private readonly ws: WebSocket;
  private readonly waiters = new Set<() => void>();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer) => {
      this.frames.push({ at: Date.now(), data: new Uint8Array(data) });
      this.wake();
    });
    ws.on("close", (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on("error", () => {});
  }

  /** Opens a socket to `${serverUrl}/${room}${query}` and resolves once it is open. */
  static async connect(serverUrl: string, room: string, query = ""): Promise<RawCollabClient> {
    const ws = new WebSocket(`${serverUrl}/${encodeURIComponent(room)}${query}`);
    const client = new RawCollabClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return client;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: Uint8Array): void {
    if (this.isOpen) this.ws.send(frame);
  }

  sendText(text: string): void {
    if (this.isOpen) this.ws.send(text);
  }

  /** Resolves when `predicate` holds (checked on every frame/close), or rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error("RawCollabClient.waitFor timed out"));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Waits for the server to close this socket and returns code and reason. */
  async closedWith(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    await this.waitFor(() => this.closed !== undefined, timeoutMs);
    return this.closed!;
  }

  close(): void {
    this.ws.close();
  }

  terminate(): void {
    this.ws.terminate();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Polls `predicate` every few milliseconds until it holds or `timeoutMs` passes. */
export async function waitUntil(predicate: () => boolean, timeoutMs = 5000, message = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Options of connectProvider. */
export interface ProviderOptions {
  params?: Record<string, string>;
  doc?: Y.Doc;
}

/**
 * A stock, unmodified y-websocket WebsocketProvider running in Node over `ws` (BroadcastChannel
 * off, so two providers in one process talk only through the server).
 */
export function connectProvider(serverUrl: string, room: string, options: ProviderOptions = {}): WebsocketProvider {
  return new WebsocketProvider(serverUrl, room, options.doc ?? new Y.Doc(), {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: options.params ?? {},
  });
}

/** Resolves once the provider finished its first sync with the server. */
export function whenSynced(provider: WebsocketProvider, timeoutMs = 5000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider for ${provider.roomname} did not sync`)), timeoutMs);
    provider.once("sync", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Barrier: sends a sync step 1 on the provider's socket and waits for the server's step 2 reply.
 * Frames on one socket are handled in order, so everything this provider sent before has been
 * processed by the host when this resolves.
 */
export async function roundTrip(provider: WebsocketProvider, timeoutMs = 5000): Promise<void> {
  const ws = provider.ws;
  if (ws === null) throw new Error("provider not connected");
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("round trip timed out")), timeoutMs);
    const onMessage = (event: MessageEvent) => {
      const data = new Uint8Array(event.data as ArrayBuffer);
      if (data[0] === 0 && data[1] === 1) {
        clearTimeout(timer);
        ws.removeEventListener("message", onMessage);
        resolve();
      }
    };
    ws.addEventListener("message", onMessage);
    // A fresh array (never a shared buffer); the DOM types pulled in by @types/pdfmake want that said.
    ws.send(encodeSyncStep1(provider.doc) as Uint8Array<ArrayBuffer>);
  });
}

/**
 * A gate for storage hooks: `wait()` resolves at once while open; after `close()` it blocks until
 * `open()`. Lets a test hold a load/append/compaction "in the database" and release it.
 */
export class Gate {
  private blocked: { promise: Promise<void>; release: () => void } | undefined;

  close(): void {
    if (this.blocked !== undefined) return;
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.blocked = { promise, release };
  }

  open(): void {
    this.blocked?.release();
    this.blocked = undefined;
  }

  wait(): Promise<void> {
    return this.blocked?.promise ?? Promise.resolve();
  }
}

/** A host served on an ephemeral port, with helpers that open stock and raw clients to it. */
export interface TestRig {
  server: TestCollabServer;
  /** A stock y-websocket provider (`params` go on the socket URL). */
  provider(room: string, params?: Record<string, string>): WebsocketProvider;
  /** A raw protocol client (`query` is the socket URL's query string without `?`). */
  raw(room: string, query?: string): Promise<RawCollabClient>;
}

/**
 * Serves `host` (startTestCollabServer) and registers, in `cleanups`, closing the server and the
 * host and every client opened through the rig; the test file runs the cleanups in reverse order
 * after each test.
 */
export async function startTestRig(
  host: CollabHost,
  cleanups: (() => unknown)[],
  accessFor?: (url: URL) => ConnectionAccess,
): Promise<TestRig> {
  const server = await startTestCollabServer(host, accessFor);
  cleanups.push(async () => {
    await server.close();
    await host.close({ flushTimeoutMs: 1000 });
  });
  return {
    server,
    provider(room, params = {}) {
      const created = connectProvider(server.url, room, { params });
      cleanups.push(() => created.destroy());
      return created;
    },
    async raw(room, query = "") {
      const client = await RawCollabClient.connect(server.url, room, query);
      cleanups.push(() => client.terminate());
      return client;
    },
  };
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1), so a failure can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
