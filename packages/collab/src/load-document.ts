import { Worker } from "node:worker_threads";
import { setImmediate as nextTurn } from "node:timers/promises";
import * as Y from "yjs";

/**
 * Builds a room's document from its stored updates without holding the event loop.
 *
 * Y.applyUpdate is synchronous and costs about a microsecond per struct: a stored study with a
 * long keystroke history (the automerge-paper trace: 260,000 keystrokes, 220 KB) takes ~0.1 s,
 * and a document at the 8 MiB cap made of such history took 4–10 s here — every other request
 * of the server waited that long. Small documents are still built in one go (documentFromStorage);
 * from `SPLIT_FROM_BYTES` on, a worker thread (split-worker.mjs) integrates the stored updates
 * once and cuts the document into causally ordered pieces of bounded size, and this thread
 * applies them one by one, yielding to the event loop whenever a slice has run `SLICE_MS`.
 *
 * The room is published only when this resolves, so nobody can observe the partial document.
 * The result is the same document (same structs, same delete set) as applying the updates.
 */
export const SPLIT_FROM_BYTES = 256 * 1024;
const SLICE_MS = 15;

/** How big one piece of a split document may be (see split-worker.mjs). */
export interface PieceLimits {
  /** Structs per piece. */
  maxStructs: number;
  /** Content units (characters, entries) per piece. */
  maxLength: number;
  /** Delete-set ranges per piece. */
  maxRanges: number;
}
/** ~15 ms of integration on a slow core (about 1 µs per struct, plus content copying). */
const PIECE_LIMITS: PieceLimits = { maxStructs: 8_000, maxLength: 1024 * 1024, maxRanges: 8_000 };

export async function loadDocument(updates: readonly Uint8Array[]): Promise<Y.Doc> {
  const bytes = updates.reduce((n, u) => n + u.byteLength, 0);
  if (bytes < SPLIT_FROM_BYTES) return documentFromStorage(updates);
  const pieces = (await splitInWorker(updates)) ?? updates;
  const doc = new Y.Doc({ gc: true });
  try {
    await applyInSlices(doc, pieces);
  } catch (error) {
    doc.destroy();
    throw error;
  }
  return doc;
}

/** Applies updates in order, yielding to the event loop whenever a slice has run `SLICE_MS`. */
export async function applyInSlices(doc: Y.Doc, updates: readonly Uint8Array[]): Promise<void> {
  let sliceStart = performance.now();
  for (const update of updates) {
    if (performance.now() - sliceStart >= SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
    Y.applyUpdate(doc, update);
  }
}

/**
 * The stored updates as pieces (see split-worker.mjs), or null when they leave structs pending
 * (then they are applied as stored). Rejects when an update is corrupt, like Y.applyUpdate.
 */
export async function splitInWorker(updates: readonly Uint8Array[], limits: PieceLimits = PIECE_LIMITS): Promise<Uint8Array[] | null> {
  // Plain JavaScript: no loader (tsx, vitest) needed, so none is inherited (faster start).
  const worker = new Worker(new URL("./split-worker.mjs", import.meta.url), { execArgv: [] });
  try {
    return await new Promise<Uint8Array[] | null>((resolve, reject) => {
      worker.once("message", (message: { pieces?: Uint8Array[] | null; error?: string }) => {
        if (message.error !== undefined) reject(new Error(`stored document could not be read: ${message.error}`));
        else resolve(message.pieces ?? null);
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`document split worker exited (${code})`)));
      worker.postMessage({ updates, ...limits });
    });
  } finally {
    void worker.terminate();
  }
}

/** Applies stored updates to a fresh document; throws if any of them is corrupt. */
export function documentFromStorage(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
  } catch (error) {
    doc.destroy();
    throw error;
  }
  return doc;
}
