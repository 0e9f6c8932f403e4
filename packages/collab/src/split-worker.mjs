// Splits a stored document into small updates that can be integrated one event-loop turn at a
// time (see load-document.ts). Runs on a worker thread: here the whole document is integrated
// once, which takes seconds for a big one, without holding the server's event loop.
//
// Plain JavaScript on purpose: Node 20 cannot load TypeScript in a worker without a loader, and
// the server (tsx) and the tests (vitest) start it with bare Node.
import { parentPort } from "node:worker_threads";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";

const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);

port.on("message", (/** @type {{ updates: Uint8Array[], maxStructs: number, maxLength: number, maxRanges: number }} */ request) => {
  try {
    const pieces = split(request.updates, request.maxStructs, request.maxLength, request.maxRanges);
    port.postMessage({ pieces }, pieces === null ? [] : pieces.map((p) => p.buffer));
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});

/**
 * The document's structs in an order in which each one's dependencies (its client's previous
 * struct, origin, right origin, parent item) come first — the order Yjs needs to integrate them
 * without parking anything as pending — cut into pieces of at most `maxStructs` structs and
 * `maxLength` content units, then its delete set in pieces of at most `maxRanges` ranges.
 * Applied in order to an empty document they give exactly the state the stored updates give.
 * Null when the stored updates leave something pending: then they are applied as they are.
 *
 * @param {Uint8Array[]} updates
 * @param {number} maxStructs
 * @param {number} maxLength
 * @param {number} maxRanges
 * @returns {Uint8Array[] | null}
 */
function split(updates, maxStructs, maxLength, maxRanges) {
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return null;
  /** @type {Map<number, Array<Y.Item | Y.GC>>} */
  const clients = doc.store.clients;
  /** @type {Map<number, number>} next struct index to emit, per client */
  const next = new Map();
  for (const client of clients.keys()) next.set(client, 0);
  let total = 0;
  for (const structs of clients.values()) total += structs.length;

  /** True once the struct holding (client, clock) has been emitted. */
  const emitted = (/** @type {Y.ID} */ id) => {
    const structs = clients.get(id.client);
    const index = next.get(id.client) ?? 0;
    if (structs === undefined || index === 0) return structs === undefined;
    const last = structs[index - 1];
    return id.clock < last.id.clock + last.length;
  };
  /** The client whose structs must come before `struct`, or null when it is ready. */
  const blockedBy = (/** @type {Y.Item | Y.GC} */ struct) => {
    if (!(struct instanceof Y.Item)) return null;
    if (struct.origin !== null && !emitted(struct.origin)) return struct.origin.client;
    if (struct.rightOrigin !== null && !emitted(struct.rightOrigin)) return struct.rightOrigin.client;
    const parentItem = /** @type {{ _item?: Y.Item | null }} */ (struct.parent)?._item;
    if (parentItem && !emitted(parentItem.id)) return parentItem.id.client;
    return null;
  };

  /** @type {Array<[number, number]>} (client, index) in emission order */
  const order = [];
  for (const [start, structs] of clients) {
    while (/** @type {number} */ (next.get(start)) < structs.length) {
      const stack = [start];
      while (stack.length > 0) {
        // The history is a DAG; a longer stack than there are structs means it is not.
        if (stack.length > total + 1) throw new Error("cyclic struct dependencies");
        const client = /** @type {number} */ (stack[stack.length - 1]);
        const index = /** @type {number} */ (next.get(client));
        const struct = /** @type {Y.Item | Y.GC} */ (/** @type {Array<Y.Item | Y.GC>} */ (clients.get(client))[index]);
        const blocker = blockedBy(struct);
        if (blocker !== null) {
          stack.push(blocker);
          continue;
        }
        order.push([client, index]);
        next.set(client, index + 1);
        stack.pop();
      }
    }
  }

  /** @type {Uint8Array[]} */
  const pieces = [];
  /** @type {Map<number, [number, number]>} client → [first, last] index of this piece */
  let runs = new Map();
  let structs = 0;
  let length = 0;
  const flush = () => {
    if (runs.size === 0) return;
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, runs.size);
    // Higher client ids first, as Yjs writes them.
    for (const [client, [first, last]] of [...runs].sort((a, b) => b[0] - a[0])) {
      const list = /** @type {Array<Y.Item | Y.GC>} */ (clients.get(client));
      encoding.writeVarUint(encoder.restEncoder, last - first + 1);
      encoder.writeClient(client);
      encoding.writeVarUint(encoder.restEncoder, list[first].id.clock);
      for (let i = first; i <= last; i++) list[i].write(encoder, 0);
    }
    encoding.writeVarUint(encoder.restEncoder, 0); // no deletions: they come last
    pieces.push(encoder.toUint8Array());
    runs = new Map();
    structs = 0;
    length = 0;
  };
  for (const [client, index] of order) {
    const struct = /** @type {Array<Y.Item | Y.GC>} */ (clients.get(client))[index];
    const run = runs.get(client);
    if (run === undefined) runs.set(client, [index, index]);
    else run[1] = index;
    structs += 1;
    length += struct.length;
    if (structs >= maxStructs || length >= maxLength) flush();
  }
  flush();

  // The delete set, in pieces of whole ranges.
  const ds = Y.createDeleteSetFromStructStore(doc.store);
  /** @type {Array<[number, Array<{ clock: number, len: number }>]>} */
  let batch = [];
  let ranges = 0;
  const flushDeletes = () => {
    if (batch.length === 0) return;
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, 0); // no structs
    encoding.writeVarUint(encoder.restEncoder, batch.length);
    for (const [client, items] of batch) {
      encoder.resetDsCurVal();
      encoding.writeVarUint(encoder.restEncoder, client);
      encoding.writeVarUint(encoder.restEncoder, items.length);
      for (const item of items) {
        encoder.writeDsClock(item.clock);
        encoder.writeDsLen(item.len);
      }
    }
    pieces.push(encoder.toUint8Array());
    batch = [];
    ranges = 0;
  };
  for (const [client, items] of ds.clients) {
    for (let i = 0; i < items.length; i += maxRanges) {
      const part = items.slice(i, i + maxRanges);
      batch.push([client, part]);
      ranges += part.length;
      if (ranges >= maxRanges) flushDeletes();
    }
  }
  flushDeletes();
  doc.destroy();
  return pieces;
}
