// The embedded database's thread. PGlite is PostgreSQL compiled to WebAssembly and runs
// synchronously on the thread that calls it: a 2 MB write or a 50 MB read held Taller's event
// loop for seconds. Here it runs on a worker thread of its own and speaks the PostgreSQL wire
// protocol to the main thread over a MessagePort, so the main thread talks to it with `pg`
// exactly as it talks to a PostgreSQL server (packages/db/src/pglite-thread.ts).
//
// Plain JavaScript on purpose: the worker is started by bare Node (the server under tsx, the
// tests under vitest), and Node 20 cannot load TypeScript in a worker without a loader.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

/**
 * @typedef {{ type: "data", conn: number, bytes: Uint8Array }
 *   | { type: "end", conn: number }
 *   | { type: "close" }} Inbound
 */

const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
const { dataDir } = /** @type {{ dataDir?: string }} */ (workerData);

let db;
try {
  db = new PGlite(dataDir);
  await db.waitReady;
} catch (error) {
  port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

/**
 * One wire session per connection id. PGlite is a single backend: one session at a time may
 * own it, so the main thread opens one connection (pool size 1); `current` guards against a
 * second one being interleaved into the first's transaction anyway.
 */
const sessions = new Map();
let current = 0;
/** Work runs strictly in arrival order; PGlite itself is synchronous inside a step. */
let queue = Promise.resolve();

function session(conn) {
  let s = sessions.get(conn);
  if (!s) {
    s = { buffer: new Uint8Array(0), started: false };
    sessions.set(conn, s);
  }
  return s;
}

/** Splits off the complete messages at the start of the buffer (the startup packet has no type byte). */
function takeMessages(s) {
  const buf = s.buffer;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let offset = 0;
  for (;;) {
    if (!s.started) {
      if (buf.length - offset < 4) break;
      const length = view.getInt32(offset);
      if (buf.length - offset < length) break;
      offset += length;
      s.started = true;
      continue;
    }
    if (buf.length - offset < 5) break;
    const length = 1 + view.getInt32(offset + 1);
    if (buf.length - offset < length) break;
    offset += length;
  }
  const complete = buf.subarray(0, offset);
  s.buffer = buf.subarray(offset);
  return complete;
}

function append(s, bytes) {
  if (s.buffer.length === 0) {
    s.buffer = bytes;
    return;
  }
  const joined = new Uint8Array(s.buffer.length + bytes.length);
  joined.set(s.buffer);
  joined.set(bytes, s.buffer.length);
  s.buffer = joined;
}

/** Runs complete messages, one at a time (the startup packet must be a call of its own). */
async function run(conn, messages) {
  if (current !== 0 && current !== conn) {
    port.postMessage({ type: "error", conn, message: "The embedded database serves one connection at a time." });
    return;
  }
  current = conn;
  const chunks = [];
  let size = 0;
  const collect = (data) => {
    // PGlite reuses its output buffer between calls: copy what it hands over.
    const copy = data.slice();
    chunks.push(copy);
    size += copy.length;
  };
  let offset = 0;
  const view = new DataView(messages.buffer, messages.byteOffset, messages.byteLength);
  while (offset < messages.length) {
    let end;
    if (messages[offset] === 0) {
      end = offset + view.getInt32(offset);
    } else {
      // Everything up to the next startup packet (never, in practice) goes in one call: PGlite
      // runs a batch of extended-protocol messages (Parse, Bind, Execute, Sync) in one step.
      end = messages.length;
    }
    const part = messages.subarray(offset, end);
    offset = end;
    if (part[0] === 88 /* Terminate */) continue;
    await db.execProtocolRawStream(part, { onRawData: collect });
  }
  if (size > 0) {
    const out = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    port.postMessage({ type: "data", conn, bytes: out }, [out.buffer]);
  }
}

/** A connection that goes away mid-transaction must not leave the single backend inside it. */
async function end(conn) {
  sessions.delete(conn);
  if (current !== conn) return;
  current = 0;
  if (db.isInTransaction()) await db.exec("ROLLBACK");
}

port.on("message", (/** @type {Inbound} */ message) => {
  if (message.type === "data") {
    const s = session(message.conn);
    append(s, message.bytes);
    const messages = takeMessages(s);
    if (messages.length === 0) return;
    queue = queue.then(() => run(message.conn, messages)).catch((error) => {
      port.postMessage({ type: "error", conn: message.conn, message: error instanceof Error ? error.message : String(error) });
    });
  } else if (message.type === "end") {
    queue = queue.then(() => end(message.conn)).catch(() => {});
  } else if (message.type === "close") {
    queue = queue
      .then(() => db.close())
      .then(
        () => port.postMessage({ type: "closed" }),
        (error) => port.postMessage({ type: "closed", message: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => port.close());
  }
});

port.postMessage({ type: "ready" });
