import { Worker } from "node:worker_threads";
import { Duplex } from "node:stream";
import type { Socket } from "node:net";
import pg from "pg";

/**
 * Embedded PGlite on a worker thread (pglite-worker.mjs), reached through `pg`.
 *
 * PGlite runs PostgreSQL as WebAssembly, synchronously, on the thread that calls it; on the main
 * thread a 2 MB write held the event loop for 2.4 s and reading a 50 MB document for 8 s, so
 * every other request of the server waited. On its own thread it costs the event loop only the
 * copying of bytes. The worker speaks the PostgreSQL wire protocol, and each pg connection's
 * socket is replaced by a stream over the worker's MessagePort (pg's documented `stream`
 * option): the main thread uses drizzle's node-postgres driver against PGlite exactly as against
 * a PostgreSQL server — one code path for queries, transactions, errors (`code`, `constraint`)
 * and notifications. No socket or port is opened, so nothing else on the machine can connect.
 *
 * PGlite is one backend with one session, so the pool holds exactly one connection: pg.Pool
 * gives a transaction that connection for its whole duration, and other queries queue in the
 * pool meanwhile — the same serialization PGlite applies in-process.
 */
export interface PgliteThread {
  pool: pg.Pool;
  /** Ends the pool, lets PGlite close (flushing its files) and stops the worker. */
  close(): Promise<void>;
}

interface WorkerMessage {
  type: "ready" | "failed" | "data" | "error" | "closed";
  conn?: number;
  bytes?: Uint8Array;
  message?: string;
}

export async function startPgliteThread(options: { dataDir?: string | undefined }): Promise<PgliteThread> {
  const worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), {
    // Plain JavaScript: no loader (tsx, vitest) needed, so none is inherited (faster start).
    execArgv: [],
    workerData: { dataDir: options.dataDir },
  });
  const streams = new Map<number, WorkerStream>();
  let closed: ((error?: Error) => void) | undefined;
  let exited = false;
  let failure: Error | undefined;

  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`PGlite worker exited (${code}) before it was ready`));
    worker.once("error", reject);
    worker.once("exit", onExit);
    worker.on("message", function first(message: WorkerMessage) {
      if (message.type !== "ready" && message.type !== "failed") return;
      worker.off("message", first);
      worker.off("error", reject);
      worker.off("exit", onExit);
      if (message.type === "failed") reject(new Error(`PGlite could not open the database: ${message.message}`));
      else resolve();
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  worker.on("message", (message: WorkerMessage) => {
    if (message.type === "data" && message.conn !== undefined) {
      streams.get(message.conn)?.receive(message.bytes!);
    } else if (message.type === "error" && message.conn !== undefined) {
      streams.get(message.conn)?.destroy(new Error(`PGlite: ${message.message}`));
    } else if (message.type === "closed") {
      closed?.(message.message ? new Error(`PGlite close: ${message.message}`) : undefined);
    }
  });
  // A crashed worker fails every connection at once; queries reject instead of hanging.
  const fail = (error: Error) => {
    failure = error;
    for (const stream of streams.values()) stream.destroy(error);
    closed?.(error);
  };
  worker.on("error", (error) => fail(error));
  worker.on("exit", (code) => {
    exited = true;
    if (code !== 0 || closed === undefined) fail(new Error(`PGlite worker exited (${code})`));
  });

  let nextConn = 1;
  const pool = new pg.Pool({
    max: 1,
    // Keep the one connection: reconnecting costs a startup packet, for nothing.
    idleTimeoutMillis: 0,
    user: "postgres",
    database: "postgres",
    stream: () => {
      if (failure) throw failure;
      const conn = nextConn++;
      const stream = new WorkerStream(conn, worker, () => streams.delete(conn));
      streams.set(conn, stream);
      return stream as unknown as Socket;
    },
  });
  pool.on("error", (error) => console.error("[db] embedded database connection error:", error.message));

  return {
    pool,
    async close() {
      await pool.end();
      if (exited) {
        if (failure) throw failure;
        return;
      }
      const done = new Promise<void>((resolve, reject) => {
        closed = (error) => (error ? reject(error) : resolve());
      });
      worker.postMessage({ type: "close" });
      try {
        await done;
      } finally {
        await worker.terminate();
      }
    },
  };
}

const RECEIVE_CHUNK_BYTES = 1024 * 1024;

/**
 * What pg's Connection needs from its socket: a Duplex plus connect/setNoDelay/setKeepAlive/
 * ref/unref. Written bytes go to the worker; the worker's answers are pushed as readable data.
 */
class WorkerStream extends Duplex {
  constructor(
    private readonly conn: number,
    private readonly worker: Worker,
    private readonly forget: () => void,
  ) {
    super();
  }

  connect(): this {
    queueMicrotask(() => this.emit("connect"));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  private readonly incoming: Buffer[] = [];
  private draining = false;

  /**
   * A big result (a stored document: megabytes of bytea as hex text) arrives as one message; pg
   * parses whatever one 'data' event holds in one go. Handed over in 1 MiB pieces, one per event-
   * loop turn, it is parsed row by row with other work in between, as from a TCP socket.
   */
  receive(bytes: Uint8Array): void {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 0; at < buffer.length; at += RECEIVE_CHUNK_BYTES) this.incoming.push(buffer.subarray(at, at + RECEIVE_CHUNK_BYTES));
    if (!this.draining) this.drain();
  }

  private drain(): void {
    const next = this.incoming.shift();
    if (next === undefined || this.destroyed) {
      this.draining = false;
      return;
    }
    this.draining = true;
    this.push(next);
    if (this.incoming.length > 0) setImmediate(() => this.drain());
    else this.draining = false;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // Copied into a transferable buffer: pg reuses its write buffers.
    const bytes = new Uint8Array(chunk.byteLength);
    bytes.set(chunk);
    this.worker.postMessage({ type: "data", conn: this.conn, bytes }, [bytes.buffer]);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.worker.postMessage({ type: "end", conn: this.conn });
    this.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.forget();
    if (!this.writableFinished) this.worker.postMessage({ type: "end", conn: this.conn });
    callback(error);
  }
}
