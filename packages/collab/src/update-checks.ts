// Checks of a decoded client update against a room's document, before and after applying it.
// They decide what the host may acknowledge: Yjs itself accepts any well-formed update, keeping
// what it cannot integrate yet as "pending" (doc.store.pendingStructs / pendingDs) — content that
// is in no state vector, is never persisted (the doc's 'update' event leaves it out) and is lost
// when the room unloads. The host must never acknowledge such content as stored.
import * as Y from "yjs";
import type { DecodedUpdate } from "./protocol";

/**
 * True when the update's delete set reaches beyond what the room holds for some client, counting
 * the structs the update itself brings (a deletion of one's own new text in the same update is
 * fine). Yjs would keep such ranges as a pending delete set, which it re-encodes in its V2 format —
 * lossy for client ids ≥ 2^32 and for clocks near 2^53 — and merges into every sync step 2 the room
 * sends, where a joiner may then fail to apply it (fuzz seed 321727620). The host refuses the
 * whole message instead (`missing_dependencies`): nothing of it is applied, and the client's
 * answer to the host's sync step 1 brings the structs together with the deletions.
 */
export function deletesBeyondState(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  if (decoded.ds.clients.size === 0) return false;
  let brought: Map<number, number> | undefined;
  for (const [client, ranges] of decoded.ds.clients) {
    let limit = Y.getState(doc.store, client);
    for (const range of ranges) {
      if (range.clock + range.len <= limit) continue;
      // Only now look at the update's own structs (a typical edit deletes what exists).
      brought ??= structEnds(decoded);
      limit = Math.max(limit, brought.get(client) ?? 0);
      if (range.clock + range.len > limit) return true;
    }
  }
  return false;
}

/**
 * True when applying the update would change nothing: every struct is already in the document
 * and every deleted range is already deleted there. A read-only client's handshake step 2
 * without local changes is such a no-op (it carries the client's whole delete set).
 */
export function addsNothing(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  const store = doc.store;
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(store, struct.id.client)) return false;
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = store.clients.get(client);
    const state = Y.getState(store, client);
    for (const { clock, len } of ranges) {
      const end = clock + len;
      if (structs === undefined || end > state) return false;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
        if (!structs[i]!.deleted) return false;
      }
    }
  }
  return true;
}

/**
 * Removes whatever an apply left pending in the document and reports whether there was any. The
 * integrated part of that update stays (it was emitted, persisted and broadcast as usual); the
 * pending part must not linger: Y.encodeStateAsUpdate would merge it into every sync step 2 and
 * compaction snapshot, and it would integrate silently — unacknowledged — if its dependencies
 * ever arrived.
 */
export function dropPending(doc: Y.Doc): boolean {
  const store = doc.store;
  if (store.pendingStructs === null && store.pendingDs === null) return false;
  store.pendingStructs = null;
  store.pendingDs = null;
  return true;
}

/** Highest clock + length per client among the update's structs (skips excluded). */
function structEnds(decoded: DecodedUpdate): Map<number, number> {
  const ends = new Map<number, number>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    const end = struct.id.clock + struct.length;
    if (end > (ends.get(struct.id.client) ?? 0)) ends.set(struct.id.client, end);
  }
  return ends;
}
