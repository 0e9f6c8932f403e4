// The persistence contract between the collab host and whatever stores documents (PostgreSQL in
// the server, memory in tests). The host owns ordering and batching; storage owns atomicity.

/** What `load` returns for a document that exists. */
export interface StoredDocument {
  /**
   * The document as Yjs updates (V1 encoding): a compacted snapshot followed by the update log,
   * in any order (Yjs updates commute). An existing but empty document is `{ updates: [] }`.
   */
  updates: Uint8Array[];
}

/** One element of a group commit. */
export interface AppendEntry {
  /** Room (document) name as given to `host.addConnection`. */
  name: string;
  /** One Yjs update (V1), exactly as emitted by the room's Y.Doc. */
  update: Uint8Array;
  /**
   * The user id of the connection whose edit produced the update (its `ConnectionAccess.userId`);
   * undefined for what the server writes itself (the seed, `withDoc` changes) and for
   * connections without a user.
   */
  author?: string | undefined;
}

/**
 * Durable storage for Yjs documents, as an append-only update log per document.
 *
 * Guarantees the host gives:
 * - `load(name)` is called at most once per room load (single-flight), and never while the host
 *   still has updates of that room that are not yet appended (a room is unloaded only after its
 *   updates are durable).
 * - Writes are strictly sequential: at most one `append`/`appendMany`/`compact` call is in flight
 *   for the whole host at any time, with two exceptions: without `appendMany`, the per-room
 *   `append` calls of one group commit run concurrently (for distinct names); and the seed of a
 *   new document is appended with `append` before its room is published, so it is durable before
 *   anyone sees it (no other write for that name can exist yet). For a given name, writes are
 *   issued in the order the updates happened in memory.
 * - After a failed write, the same entries are retried (with backoff) before any later entry of the
 *   same room, so a retry may re-deliver an update: appending an update twice is harmless (Yjs
 *   updates are idempotent), so storage need not deduplicate.
 *
 * What storage must guarantee:
 * - `append`/`appendMany` resolve only after the entries are durable (e.g. after COMMIT), and are
 *   atomic: either all given entries are stored or none (the host retries the whole call).
 * - `compact(name, snapshot)` atomically replaces every update stored for `name` by `snapshot`.
 *   The host calls it only when no write is in flight, and `snapshot` contains at least every
 *   update previously appended for `name`; updates that arrive in memory meanwhile are appended
 *   after `compact` resolves, so nothing is lost. The host must be the only writer of a document's
 *   log for this to hold (true for one server process; scale-out needs a sequence number).
 */
export interface CollabStorage {
  /** Returns the stored document, or null when no document of that name exists (it will be seeded). */
  load(name: string): Promise<StoredDocument | null>;
  /**
   * Durably appends updates of one document, in order. `authors`, when given, is parallel to
   * `updates` (see `AppendEntry.author`); the seed is appended without it.
   */
  append(name: string, updates: Uint8Array[], authors?: readonly (string | undefined)[]): Promise<void>;
  /**
   * Optional group commit: durably appends entries of several documents in ONE atomic write
   * (one transaction). Preferred over `append` when present.
   */
  appendMany?(entries: AppendEntry[]): Promise<void>;
  /** Optional compaction, see the interface comment for the contract. */
  compact?(name: string, snapshot: Uint8Array): Promise<void>;
}
