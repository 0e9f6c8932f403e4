// The host's configuration and counters: what `new CollabHost(options)` accepts, the defaults it
// fills in, and what `host.metrics()` and `onError` report.
import type * as Y from "yjs";
import type { GroupCommitOptions } from "./group-commit";
import type { DecodedUpdate } from "./protocol";
import type { RateLimits } from "./rate-limit";
import type { CollabStorage } from "./storage";

/** Hostile-input limits; every one is per connection unless stated otherwise. */
export interface CollabLimits {
  /**
   * Largest accepted frame; larger ones close the socket with 1009. Default 2 MiB. A writer's
   * sync step 2 is the exception: it may be as large as `maxDocumentBytes`, because it carries
   * everything the client changed offline and the stock client resends it whole on every
   * reconnect (a 1009 would loop forever).
   */
  maxFrameBytes: number;
  /**
   * Largest document, in bytes of its stored form (loaded bytes plus every update since, reset by
   * compaction: an upper bound that costs nothing to keep). A client update that would take it
   * beyond is refused with `document_too_large`; the socket stays open. Default 8 MiB.
   */
  maxDocumentBytes: number;
  /** Largest awareness state (JSON bytes); larger entries are dropped. Default 16 KiB. */
  maxAwarenessStateBytes: number;
  /** A peer with more unsent bytes than this is closed with 1013 (it stopped reading). Default 16 MiB. */
  maxBufferedBytes: number;
  /**
   * What relaying one connection's presence may cost, per second (states and bytes of state,
   * with bursts). A connection over it is slowed down, not closed: its newer states replace the
   * one waiting, so listeners get its latest state later. Default 30 states/s (burst 60),
   * 16 KiB/s (burst 64 KiB); the byte burst must hold one state of `maxAwarenessStateBytes`.
   */
  awareness: RateLimits;
  /** Token buckets; exceeding either closes with 1008 "rate_limited". */
  rate: RateLimits;
}

/** Minimal logger; pino, console and most loggers fit. Client faults are `warn`, server faults `error`. */
export interface CollabLogger {
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** Where an error reported through `onError` happened. */
export interface CollabErrorContext {
  operation: "load" | "seed" | "append" | "compact" | "apply" | "close" | "internal";
  room?: string;
  connectionId?: number;
}

/** Options of `new CollabHost(...)`. Everything but `storage` has a default. */
export interface CollabHostOptions {
  storage: CollabStorage;
  /**
   * Called once when storage has no document of that name (load returned null), before anyone
   * sees the room: put template content into `doc`. What it writes is persisted like any other
   * update; if it throws, the load fails and nothing is written. Clients never seed.
   */
  seed?: (name: string, doc: Y.Doc) => void | Promise<void>;
  logger?: CollabLogger;
  /** Server-side failures (storage, unexpected exceptions). Client faults are only logged. */
  onError?: (error: unknown, context: CollabErrorContext) => void;
  limits?: Partial<Omit<CollabLimits, "rate" | "awareness">> & { rate?: Partial<RateLimits>; awareness?: Partial<RateLimits> };
  /** Group-commit window and retry policy. Defaults: 5 ms window, 1 MiB / 1000 updates per batch. */
  groupCommit?: Partial<GroupCommitOptions>;
  /** A room without connections is flushed and unloaded after this long. Default 30 s. */
  idleUnloadMs?: number;
  /** Compact a document's log once it holds this many entries (0 disables). Default 500. */
  compactAfterUpdates?: number;
  /**
   * Documents stored in at least this many bytes are sent to the clients waiting for them
   * straight from the stored bytes, before the server builds its in-memory copy (which, for a
   * 20 MB document, takes Yjs seconds). Default 1 MiB; Infinity disables.
   */
  earlyServeBytes?: number;
  /** Monotonic milliseconds; injectable for tests. Default performance.now. */
  now?: () => number;
  /**
   * Checks a writer's update against the room's document before it is applied (after it decoded,
   * passed the dependency check and the size cap). Return null to accept, or a refusal reason
   * (e.g. `RefusalReason.invalidContent`): the update is then neither applied, stored nor
   * broadcast, the client is told (101) and the connection stays open. Must not change `doc`.
   * `decoded` is the host's own decoding of `update` (read it, do not modify it), so the hook
   * need not decode the update again.
   */
  validateUpdate?: (room: string, doc: Y.Doc, update: Uint8Array, decoded: DecodedUpdate) => string | null;
}

/** Counters for health checks and tests. */
export interface CollabMetrics {
  roomsLoaded: number;
  roomsLoading: number;
  connections: number;
  /** storage.load calls so far (one per room load, however many clients arrived together). */
  loads: number;
  loadFailures: number;
  unloads: number;
  /** Updates not yet durable. */
  pendingUpdates: number;
  storageWrites: number;
  storageWriteFailures: number;
  compactions: number;
}

const defaultLimits: CollabLimits = {
  maxFrameBytes: 2 * 1024 * 1024,
  maxDocumentBytes: 8 * 1024 * 1024,
  maxAwarenessStateBytes: 16 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024,
  rate: { messagesPerSecond: 100, messageBurst: 300, bytesPerSecond: 1024 * 1024, byteBurst: 8 * 1024 * 1024 },
  // A canvas cursor state is ~0.7 KB and goes out at most once per 50 ms tick (~14 KB/s); a
  // text caret is smaller still.
  awareness: { messagesPerSecond: 30, messageBurst: 60, bytesPerSecond: 16 * 1024, byteBurst: 64 * 1024 },
};

export const defaultGroupCommit: GroupCommitOptions = {
  windowMs: 5,
  maxBatchBytes: 1024 * 1024,
  maxBatchUpdates: 1000,
  retryBaseMs: 50,
  retryMaxMs: 5000,
};

/** Bytes a sync frame adds around its update: message type, sync type, length varint. */
const SYNC_FRAME_OVERHEAD = 16;

/**
 * The limits with their defaults filled in, and the largest frame the host reads (a writer's
 * sync step 2 up to the document cap).
 */
export function resolveLimits(given: CollabHostOptions["limits"]): { limits: CollabLimits; maxPayloadBytes: number } {
  const limits: CollabLimits = {
    ...defaultLimits,
    ...given,
    rate: { ...defaultLimits.rate, ...given?.rate },
    awareness: { ...defaultLimits.awareness, ...given?.awareness },
  };
  const maxPayloadBytes = Math.max(limits.maxFrameBytes, limits.maxDocumentBytes + SYNC_FRAME_OVERHEAD);
  // A legal step 2 must fit in the byte bucket, or the catch-up it carries could never arrive.
  limits.rate.byteBurst = Math.max(limits.rate.byteBurst, maxPayloadBytes);
  return { limits, maxPayloadBytes };
}
