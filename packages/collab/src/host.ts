// The collab host: rooms keyed by document name, single-flight loading, frame handling with
// validation before anything touches a room, read-only enforcement, durable acknowledgements and
// idle unloading. It knows no HTTP framework and no database: sockets come in as CollabSocket,
// persistence goes out through CollabStorage.
import * as Y from "yjs";
import { AwarenessBudget, decodeAwarenessUpdate, guardAwarenessEntries, latestEntry, stampIdentity } from "./awareness-guard";
import { CollabConnection, type CollabSocket, type ConnectionAccess } from "./connection";
import { GroupCommitter, type GroupCommitOptions } from "./group-commit";
import {
  CloseCode,
  CloseReason,
  MalformedFrameError,
  assertDecodableStateVector,
  assertDecodableUpdate,
  encodeAccess,
  encodeDurableAck,
  encodePermissionDenied,
  encodeRefusal,
  encodeSyncStep1,
  encodeStep2Update,
  encodeUpdateFrame,
  ownedCopy,
  parseClientFrame,
  RefusalReason,
  type DecodedUpdate,
} from "./protocol";
import type { RateLimits } from "./rate-limit";
import { Room } from "./room";
import { loadDocument } from "./load-document";
import type { CollabStorage } from "./storage";
import { addsNothing, deletesBeyondState, dropPending } from "./update-checks";

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

/** Thrown by `withDoc` when the document cannot be loaded. */
export class CollabLoadError extends Error {
  constructor(
    readonly room: string,
    options: { cause: unknown },
  ) {
    super(`could not load collab document "${room}"`, options);
    this.name = "CollabLoadError";
  }
}

/** Thrown by `withDoc` after `close()`. */
export class CollabHostClosedError extends Error {
  constructor() {
    super("collab host is closed");
    this.name = "CollabHostClosedError";
  }
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

const defaultGroupCommit: GroupCommitOptions = {
  windowMs: 5,
  maxBatchBytes: 1024 * 1024,
  maxBatchUpdates: 1000,
  retryBaseMs: 50,
  retryMaxMs: 5000,
};

interface PendingLoad {
  promise: Promise<Room>;
  waiting: Set<CollabConnection>;
  /** The stored updates as frames (encoded once), when the document is big enough to be served early. */
  storedFrames?: readonly Uint8Array[];
  /** Connections that were sent `stored` before the room existed. */
  served: Set<CollabConnection>;
}

/** Longest wait for early-served clients to take their bytes before the (blocking) integration. */
const EARLY_SERVE_DRAIN_MS = 10_000;

interface PersistTag {
  room: Room;
  seq: number;
  /** The room's state vector right after this update (see Room.durableState). */
  stateAfter: Map<number, number>;
}

/** The two access frames, encoded once. */
const ACCESS_READ = encodeAccess("read");
const ACCESS_WRITE = encodeAccess("write");

/** A sync step 2 carrying an empty update (no structs, empty delete set). */
const EMPTY_STEP2 = encodeStep2Update(new Uint8Array([0, 0]));

/** Bytes a sync frame adds around its update: message type, sync type, length varint. */
const SYNC_FRAME_OVERHEAD = 16;

/**
 * Hosts Yjs rooms over the y-websocket protocol. Feed it connections with `addConnection` (or
 * `attachWebSocket`), their frames with `handleMessage` and their end with `handleClose`; it
 * never throws out of those, whatever a client sends. One document per connection.
 */
export class CollabHost {
  private readonly storage: CollabStorage;
  private readonly limits: CollabLimits;
  private readonly logger: CollabLogger;
  private readonly idleUnloadMs: number;
  private readonly compactAfterUpdates: number;
  private readonly earlyServeBytes: number;
  private readonly now: () => number;
  /**
   * Largest frame the host reads (a writer's sync step 2 up to the document cap): give the
   * WebSocketServer at least this as `maxPayload`.
   */
  readonly maxPayloadBytes: number;
  private readonly rooms = new Map<string, Room>();
  private readonly pendingLoads = new Map<string, PendingLoad>();
  private readonly connections = new Set<CollabConnection>();
  private readonly committer: GroupCommitter<PersistTag>;
  private closing: Promise<void> | undefined;
  private loads = 0;
  private loadFailures = 0;
  private unloads = 0;
  private compactions = 0;

  constructor(private readonly options: CollabHostOptions) {
    this.storage = options.storage;
    this.limits = {
      ...defaultLimits,
      ...options.limits,
      rate: { ...defaultLimits.rate, ...options.limits?.rate },
      awareness: { ...defaultLimits.awareness, ...options.limits?.awareness },
    };
    this.maxPayloadBytes = Math.max(this.limits.maxFrameBytes, this.limits.maxDocumentBytes + SYNC_FRAME_OVERHEAD);
    // A legal step 2 must fit in the byte bucket, or the catch-up it carries could never arrive.
    this.limits.rate.byteBurst = Math.max(this.limits.rate.byteBurst, this.maxPayloadBytes);
    this.logger = options.logger ?? { warn: (m, c) => console.warn(m, c ?? ""), error: (m, c) => console.error(m, c ?? "") };
    this.idleUnloadMs = options.idleUnloadMs ?? 30_000;
    this.compactAfterUpdates = options.compactAfterUpdates ?? 500;
    this.earlyServeBytes = options.earlyServeBytes ?? 1024 * 1024;
    this.now = options.now ?? (() => performance.now());
    this.committer = new GroupCommitter<PersistTag>(this.storage, { ...defaultGroupCommit, ...options.groupCommit }, {
      committed: (tags) => this.onCommitted(tags),
      writeFailed: (error, names) => this.reportError(error, { operation: "append", room: names.join(",") }),
      compactionFailed: (error, name) => this.reportError(error, { operation: "compact", room: name }),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Connections

  /**
   * Attaches a socket to the room named in `access`, loading the room if needed. The client gets
   * nothing until the room is loaded; frames it sends meanwhile are queued and applied in order
   * once it is. Returns the handle to pass to handleMessage/handleClose/setReadOnly.
   */
  addConnection(socket: CollabSocket, access: ConnectionAccess): CollabConnection {
    const connection = new CollabConnection(socket, access, this.limits.rate, this.now());
    if (this.closing !== undefined) {
      connection.phase = "closed";
      safeClose(socket, CloseCode.serverRestarting, CloseReason.serverRestarting);
      return connection;
    }
    this.connections.add(connection);
    const room = this.rooms.get(access.room);
    if (room !== undefined) {
      this.join(room, connection);
    } else {
      const pending = this.loadOnce(access.room);
      pending.waiting.add(connection);
      if (pending.storedFrames !== undefined) this.serveStored(pending, connection);
    }
    return connection;
  }

  /**
   * Handles one binary frame from a connection. Oversized, rate-limited, malformed or invalid
   * frames close that connection only; nothing a client sends can throw out of here or reach
   * another room.
   */
  handleMessage(connection: CollabConnection, data: Uint8Array): void {
    if (connection.phase === "closed") return;
    try {
      if (data.byteLength > this.limits.maxFrameBytes && !this.mayExceedFrameCap(connection, data)) {
        this.closeConnection(connection, CloseCode.frameTooLarge, CloseReason.frameTooLarge);
        return;
      }
      // Charged at arrival, also while loading: the pre-load queue must not grow without bound.
      if (!connection.rateLimiter.allow(data.byteLength, this.now())) {
        this.logger.warn("collab connection rate limited", { room: connection.room, connectionId: connection.id });
        this.closeConnection(connection, CloseCode.rateLimited, CloseReason.rateLimited);
        return;
      }
      const frame = ownedCopy(data);
      if (connection.phase === "loading") {
        connection.queuedFrames.push(frame);
        return;
      }
      const room = this.rooms.get(connection.room);
      if (room === undefined) throw new Error("open connection without a loaded room");
      this.processFrame(room, connection, frame);
    } catch (error) {
      this.reportError(error, { operation: "internal", room: connection.room, connectionId: connection.id });
      this.closeConnection(connection, CloseCode.internalError, CloseReason.internalError);
    }
  }

  // A writer's sync step 2 (`[0, 1, …]`: both varints are one byte) may be as large as the
  // document cap: it is the catch-up of everything changed offline, and the stock client resends
  // it whole on every reconnect. Updates, awareness and read-only connections keep the frame cap.
  private mayExceedFrameCap(connection: CollabConnection, data: Uint8Array): boolean {
    return !connection.readOnly && data.byteLength <= this.maxPayloadBytes && data[0] === 0 && data[1] === 1;
  }

  /** Must be called when the transport reports the socket closed (idempotent). */
  handleClose(connection: CollabConnection): void {
    this.detach(connection);
  }

  /**
   * Closes a connection from the server side (logout, revoked access: use CloseCode.forbidden or
   * CloseCode.unauthenticated so the stock client stops reconnecting). Its presence is removed
   * immediately, without waiting for the transport's close event.
   */
  closeConnection(connection: CollabConnection, code: number, reason: string): void {
    if (connection.phase === "closed") return;
    this.detach(connection);
    safeClose(connection.socket, code, reason);
  }

  /**
   * Changes a live connection's rights; takes effect for the next frame it sends (frames already
   * applied stay applied). Used after a role change, together with `connectionsOf`. A change is
   * told to opted-in clients (`[102, access]`); a change to write also sends a fresh sync step 1,
   * so edits refused while read-only come back in the client's step 2. No change, no frames.
   */
  setReadOnly(connection: CollabConnection, readOnly: boolean): void {
    if (connection.readOnly === readOnly) return;
    connection.readOnly = readOnly;
    if (readOnly) connection.toldReadOnly = false;
    // Still loading: join() tells the client its rights as they are by then.
    if (connection.phase !== "open") return;
    const room = this.rooms.get(connection.room);
    this.tellAccess(connection);
    if (!readOnly && room !== undefined) {
      // Whatever the client changed while read-only was refused; its answer to this step 1
      // carries it (and anything else the room lacks) now that it may write.
      this.sendSyncStep1(room, connection);
    }
  }

  /** Live connections of a user (including those waiting for their room to load). */
  connectionsOf(userId: string): CollabConnection[] {
    return [...this.connections].filter((c) => c.userId === userId);
  }

  /** Live connections of a room (including those waiting for it to load). */
  connectionsIn(room: string): CollabConnection[] {
    return [...this.connections].filter((c) => c.room === room);
  }

  // ---------------------------------------------------------------------------------------------
  // Server-side document access and lifecycle

  /**
   * Runs `fn` with the live Y.Doc of `name`, loading it through the same single-flight path as
   * connections (and seeding it if it does not exist). The room stays loaded while `fn` runs and
   * is unloaded later like any idle room. Changes `fn` makes are persisted and broadcast like a
   * client's; do not keep the doc after `fn` returns. Rejects with CollabLoadError if the load fails.
   */
  async withDoc<T>(name: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    if (this.closing !== undefined) throw new CollabHostClosedError();
    let room = this.rooms.get(name);
    while (room === undefined || room.destroyed) {
      room = await this.loadOnce(name).promise;
    }
    room.pins++;
    this.cancelIdleUnload(room);
    try {
      return await fn(room.doc);
    } finally {
      room.pins--;
      this.scheduleIdleUnload(room);
    }
  }

  /** The document's full state as one Yjs update (for rendering or export by HTTP routes). */
  encodeState(name: string): Promise<Uint8Array> {
    return this.withDoc(name, (doc) => Y.encodeStateAsUpdate(doc));
  }

  /** Resolves when every update received before the call is durable (retries until it is), and
   *  every compaction queued before it was attempted. */
  flush(): Promise<void> {
    return this.committer.flush();
  }

  /**
   * Graceful shutdown (SIGTERM): refuses new connections, closes open ones with 1012
   * "server_restarting" (the stock client reconnects to the next instance), lets pending loads
   * settle, flushes, then releases every room. With `flushTimeoutMs`, gives up waiting for a
   * failing storage after that long (reported through onError) instead of hanging.
   */
  close(options: { flushTimeoutMs?: number } = {}): Promise<void> {
    this.closing ??= this.shutdown(options.flushTimeoutMs);
    return this.closing;
  }

  /** Current counters. */
  metrics(): CollabMetrics {
    return {
      roomsLoaded: this.rooms.size,
      roomsLoading: this.pendingLoads.size,
      connections: this.connections.size,
      loads: this.loads,
      loadFailures: this.loadFailures,
      unloads: this.unloads,
      pendingUpdates: this.committer.pendingUpdates,
      storageWrites: this.committer.writesCommitted,
      storageWriteFailures: this.committer.writesFailed,
      compactions: this.compactions,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  // Single flight: the first caller starts the load, everyone arriving before it settles waits on
  // the same promise. The room enters `rooms` and its waiting connections join in the same
  // synchronous step, so no connection can observe a half-loaded room or trigger a second load.
  private loadOnce(name: string): PendingLoad {
    const existing = this.pendingLoads.get(name);
    if (existing !== undefined) return existing;
    const pending: PendingLoad = { waiting: new Set(), served: new Set(), promise: undefined as unknown as Promise<Room> };
    const { waiting } = pending;
    const promise = this.loadRoom(name, pending).then(
      (room) => {
        this.pendingLoads.delete(name);
        this.rooms.set(name, room);
        for (const connection of waiting) {
          if (connection.phase === "loading") this.join(room, connection);
        }
        this.scheduleIdleUnload(room);
        return room;
      },
      (error: unknown) => {
        this.pendingLoads.delete(name);
        for (const connection of waiting) {
          this.closeConnection(connection, CloseCode.loadFailed, CloseReason.loadFailed);
        }
        if (error instanceof CollabHostClosedError) throw error;
        throw new CollabLoadError(name, { cause: error });
      },
    );
    // Connections observe the outcome through the handlers above; withDoc callers await the
    // promise themselves. This keeps a load nobody awaits from becoming an unhandled rejection.
    promise.catch(() => {});
    pending.promise = promise;
    this.pendingLoads.set(name, pending);
    return pending;
  }

  private async loadRoom(name: string, pending: PendingLoad): Promise<Room> {
    this.loads++;
    let stored;
    try {
      stored = await this.storage.load(name);
    } catch (error) {
      this.loadFailures++;
      this.reportError(error, { operation: "load", room: name });
      throw error;
    }
    if (this.closing !== undefined) throw new CollabHostClosedError();
    // A big document: its waiting clients get the stored bytes now, and the integration (which
    // blocks this process while Yjs builds the document) starts once they have taken them.
    if (stored !== null && stored.updates.reduce((n, u) => n + u.byteLength, 0) >= this.earlyServeBytes) {
      // All but the last as updates, the last as the sync step 2 (so the stock client reports
      // "synced" holding everything).
      pending.storedFrames = stored.updates.map((update, i, all) => (i === all.length - 1 ? encodeStep2Update(update) : encodeUpdateFrame(update)));
      for (const connection of pending.waiting) this.serveStored(pending, connection);
      await this.drained(pending.served);
      if (this.closing !== undefined) throw new CollabHostClosedError();
    }
    let doc: Y.Doc;
    try {
      // Big documents are integrated in slices that let other requests run (load-document.ts).
      doc = await loadDocument(stored?.updates ?? []);
    } catch (error) {
      this.loadFailures++;
      this.reportError(error, { operation: "load", room: name });
      throw error;
    }
    if (this.closing !== undefined) {
      doc.destroy();
      throw new CollabHostClosedError();
    }
    // Seed before the room exists (no listeners yet), then persist the result as one update.
    // If seeding throws, the doc is dropped and nothing at all is written for this name.
    let seedUpdate: Uint8Array | undefined;
    if (stored === null && this.options.seed !== undefined) {
      try {
        await this.options.seed(name, doc);
      } catch (error) {
        doc.destroy();
        this.loadFailures++;
        this.reportError(error, { operation: "seed", room: name });
        throw error;
      }
      if (this.closing !== undefined) {
        doc.destroy();
        throw new CollabHostClosedError();
      }
      if (doc.store.clients.size > 0) seedUpdate = Y.encodeStateAsUpdate(doc);
    }
    // The seed is made durable BEFORE anyone sees the room. Were it only queued, a crash before
    // its commit would leave storage empty: the next start would seed again under a new
    // clientID, and clients holding the first seed would send it back, doubling the template.
    // This is the one write outside the group-commit queue; no other write for this name can
    // exist yet, because the room is not published.
    if (seedUpdate !== undefined) {
      try {
        await this.storage.append(name, [seedUpdate]);
      } catch (error) {
        doc.destroy();
        this.loadFailures++;
        this.reportError(error, { operation: "seed", room: name });
        throw error;
      }
    }
    const room = new Room(name, doc, (stored?.updates.length ?? 0) + (seedUpdate === undefined ? 0 : 1), {
      deliver: (connection, frame) => this.deliver(connection, frame),
      persist: (target, update, stateAfter) => this.persist(target, update, stateAfter),
    });
    room.storedBytes = (stored?.updates ?? []).reduce((n, u) => n + u.byteLength, seedUpdate?.byteLength ?? 0);
    this.maybeCompact(room);
    return room;
  }

  // The stored updates go out as they are. They are exactly what the room will hold once
  // loaded, so the connection's own step 1 is later answered with only what changed since.
  private serveStored(pending: PendingLoad, connection: CollabConnection): void {
    const frames = pending.storedFrames;
    if (frames === undefined || connection.phase !== "loading" || connection.servedStoredState) return;
    connection.servedStoredState = true;
    pending.served.add(connection);
    try {
      for (const frame of frames) connection.socket.send(frame);
    } catch {
      this.detach(connection);
    }
  }

  private async drained(connections: Set<CollabConnection>): Promise<void> {
    const deadline = this.now() + EARLY_SERVE_DRAIN_MS;
    const busy = () => [...connections].some((c) => c.phase === "loading" && (c.socket.bufferedAmount ?? 0) > 0);
    while (busy() && this.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private join(room: Room, connection: CollabConnection): void {
    connection.phase = "open";
    room.connections.add(connection);
    this.cancelIdleUnload(room);
    // Same opening as the stock server: our step 1 (the client answers with its step 2), then
    // the current presence. The client's own step 1 gets our step 2 in reply. Opted-in clients
    // first learn their rights.
    this.tellAccess(connection);
    this.sendSyncStep1(room, connection);
    const presence = room.awarenessSnapshotFrame();
    if (presence !== null) this.deliver(connection, presence);
    const queued = connection.queuedFrames;
    connection.queuedFrames = [];
    for (const frame of queued) {
      if (connection.phase !== "open") break;
      try {
        this.processFrame(room, connection, frame);
      } catch (error) {
        this.reportError(error, { operation: "internal", room: room.name, connectionId: connection.id });
        this.closeConnection(connection, CloseCode.internalError, CloseReason.internalError);
      }
    }
  }

  private detach(connection: CollabConnection): void {
    if (connection.phase === "closed") return;
    const wasLoading = connection.phase === "loading";
    connection.phase = "closed";
    connection.queuedFrames = [];
    connection.pendingAcks = [];
    this.connections.delete(connection);
    if (wasLoading) {
      this.pendingLoads.get(connection.room)?.waiting.delete(connection);
      return;
    }
    const room = this.rooms.get(connection.room);
    if (room === undefined) return;
    room.removeConnection(connection);
    this.scheduleIdleUnload(room);
  }

  // ---------------------------------------------------------------------------------------------
  // Frames

  private processFrame(room: Room, connection: CollabConnection, frame: Uint8Array): void {
    try {
      const message = parseClientFrame(frame);
      switch (message.kind) {
        case "syncStep1":
          assertDecodableStateVector(message.stateVector);
          if (connection.servedStoredState) {
            // It holds the stored state the room was built from, and every change since it
            // joined was broadcast to it: nothing is missing, so the answer is an empty update.
            // (Encoding "everything beyond the room's own state vector" would still walk the
            // whole document to write its delete set: ~0.1–0.2 s for megabytes of history.)
            connection.servedStoredState = false;
            this.deliver(connection, EMPTY_STEP2);
            return;
          }
          this.deliver(connection, room.syncStep2For(message.stateVector));
          return;
        case "syncStep2":
        case "update":
          this.applyClientUpdate(room, connection, message.update, message.kind);
          return;
        case "awareness":
          this.applyClientAwareness(room, connection, message.update);
          return;
        case "queryAwareness": {
          const presence = room.awarenessSnapshotFrame();
          if (presence !== null) this.deliver(connection, presence);
          return;
        }
      }
    } catch (error) {
      if (!(error instanceof MalformedFrameError)) throw error;
      this.logger.warn("collab frame rejected", { room: room.name, connectionId: connection.id, reason: error.message });
      this.closeConnection(connection, CloseCode.malformedFrame, CloseReason.malformedFrame);
    }
  }

  // Every sync-step-2/update message takes the next number of its socket, whatever becomes of
  // it, and every number is answered in order: a refusal (101) at once when the message was not
  // applied, and the ack (100) once everything it depends on is committed. Pending content (Yjs'
  // structs or deletions whose dependencies the room lacks) is never acknowledged as stored.
  private applyClientUpdate(room: Room, connection: CollabConnection, update: Uint8Array, kind: "syncStep2" | "update"): void {
    const seq = ++connection.writesReceived;
    if (kind === "syncStep2") connection.awaitingStep2 = false;
    const decoded = assertDecodableUpdate(update);
    if (connection.readOnly) {
      this.answerReadOnlyWrite(room, connection, seq, decoded, kind);
      return;
    }
    const refusal = this.refusalBeforeApply(room, update, decoded);
    if (refusal !== null) {
      this.refuse(room, connection, seq, refusal, 0);
      if (refusal === RefusalReason.missingDependencies) this.resync(room, connection, kind);
      return;
    }
    try {
      // origin = connection: Room.onDocUpdate skips the sender when fanning out.
      Y.applyUpdate(room.doc, update, connection);
    } catch (error) {
      // Decoded fine but failed to integrate (a Yjs-internal inconsistency). Whatever did
      // integrate was emitted by the doc's 'update' event and is persisted and broadcast, so
      // memory, storage and peers still agree; only the sender is cut off.
      dropPending(room.doc);
      this.reportError(error, { operation: "apply", room: room.name, connectionId: connection.id });
      this.closeConnection(connection, CloseCode.malformedFrame, CloseReason.invalidUpdate);
      return;
    }
    if (dropPending(room.doc)) {
      // Structs depending on content the room lacks. What did integrate is valid content, already
      // persisted and broadcast; the refusal's ack waits for it, and the client's answer to our
      // step 1 brings the rest together with its dependencies.
      this.refuse(room, connection, seq, RefusalReason.missingDependencies, room.enqueuedSeq);
      this.resync(room, connection, kind);
      return;
    }
    // The client's state now includes everything the room enqueued so far (its own change, or
    // for a no-op, the earlier copy of it), so its ack waits for that point to be durable.
    this.queueAck(room, connection, seq, room.enqueuedSeq);
  }

  // Checks that need no apply, cheapest first. Null means "apply it".
  private refusalBeforeApply(room: Room, update: Uint8Array, decoded: DecodedUpdate): string | null {
    if (deletesBeyondState(room.doc, decoded)) return RefusalReason.missingDependencies;
    // An upper bound (see Room.storedBytes). A replay that adds nothing is still accepted, and so
    // is a pure deletion (no structs), so people can always shrink a document at the cap.
    if (room.storedBytes + update.byteLength > this.limits.maxDocumentBytes && decoded.structs.length > 0 && !addsNothing(room.doc, decoded)) {
      // The bound may be loose (a long log of since-deleted content): a compaction tightens it
      // for the client's next attempt.
      this.maybeCompact(room, true);
      return RefusalReason.documentTooLarge;
    }
    return this.options.validateUpdate?.(room.name, room.doc, update, decoded) ?? null;
  }

  // Not applied, stored or broadcast. Opted-in clients get every message answered: a no-op (it
  // adds nothing the room lacks, like the handshake step 2 of a viewer without local changes)
  // is acknowledged, anything else refused as read_only. Stock clients get the protocol's own
  // permission-denied once, for a live edit only — every client answers our step 1 with a
  // step 2, and every viewer would otherwise log "permission denied" on every connect.
  private answerReadOnlyWrite(room: Room, connection: CollabConnection, seq: number, decoded: DecodedUpdate, kind: "syncStep2" | "update"): void {
    if (connection.wantsAck) {
      if (addsNothing(room.doc, decoded)) this.queueAck(room, connection, seq, room.enqueuedSeq);
      else this.refuse(room, connection, seq, RefusalReason.readOnly, 0);
    } else if (kind === "update" && !connection.toldReadOnly) {
      connection.toldReadOnly = true;
      this.deliver(connection, encodePermissionDenied("read_only"));
    }
  }

  /** Tells an opted-in client that message `seq` was refused; its ack follows once `holdFor` (a room sequence) is committed. */
  private refuse(room: Room, connection: CollabConnection, seq: number, reason: string, holdFor: number): void {
    if (!connection.wantsAck) return;
    this.deliver(connection, encodeRefusal(seq, reason as RefusalReason));
    this.queueAck(room, connection, seq, holdFor);
  }

  // After a missing_dependencies refusal: our step 1, whose step-2 answer carries everything the
  // room lacks. Not when a step 1 is already unanswered (its step 2 will do), and not for a
  // refused step 2: that was the client's answer to our latest step 1, so it lacks the
  // dependencies itself, and another round would only loop.
  private resync(room: Room, connection: CollabConnection, kind: "syncStep2" | "update"): void {
    if (kind === "update" && !connection.awaitingStep2) this.sendSyncStep1(room, connection);
  }

  /** `[102, access]` to an opted-in client: its rights as they are now. */
  private tellAccess(connection: CollabConnection): void {
    if (connection.wantsAck) this.deliver(connection, connection.readOnly ? ACCESS_READ : ACCESS_WRITE);
  }

  private sendSyncStep1(room: Room, connection: CollabConnection): void {
    connection.awaitingStep2 = true;
    this.deliver(connection, encodeSyncStep1(room.doc));
  }

  // Client awareness never reaches the room as sent: entries for ids the connection may not
  // speak for are dropped, `user` is replaced with the session's identity, and the result waits
  // for the room's next tick and the connection's budget (Room.offerAwareness).
  private applyClientAwareness(room: Room, connection: CollabConnection, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update, this.limits.maxAwarenessStateBytes);
    const guarded = guardAwarenessEntries(entries, {
      boundClientId: connection.awarenessClientId,
      mayBind: (clientId) => room.mayBindAwareness(connection, clientId),
    });
    if (guarded.bindTo !== undefined) room.bindAwareness(connection, guarded.bindTo);
    // Only the latest entry is ever relayed, so only it is stamped (a JSON parse and stringify).
    const newest = latestEntry(guarded.accepted);
    if (newest === undefined) return;
    const latest = connection.identity === undefined ? newest : stampIdentity([newest], connection.identity)[0]!;
    connection.awarenessBudget ??= new AwarenessBudget(this.limits.awareness, this.now);
    room.offerAwareness(connection, latest);
  }

  // Every frame to a client goes through here. Connections still loading never get anything,
  // which is what guarantees "no sync message before the load finished".
  private deliver(connection: CollabConnection, frame: Uint8Array): void {
    if (connection.phase !== "open") return;
    const buffered = connection.socket.bufferedAmount;
    if (buffered !== undefined && buffered > this.limits.maxBufferedBytes) {
      this.closeConnection(connection, CloseCode.slowConsumer, CloseReason.slowConsumer);
      return;
    }
    try {
      connection.socket.send(frame);
    } catch {
      // The transport is already gone; its close event may never come, so detach now.
      this.detach(connection);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Persistence and acknowledgements

  private persist(room: Room, update: Uint8Array, stateAfter: Map<number, number>): void {
    room.enqueuedSeq++;
    room.storedBytes += update.byteLength;
    this.committer.enqueue(room.name, update, { room, seq: room.enqueuedSeq, stateAfter });
  }

  private onCommitted(tags: PersistTag[]): void {
    const advanced = new Set<Room>();
    for (const { room, seq, stateAfter } of tags) {
      room.logLength++;
      if (seq > room.durableSeq) {
        room.durableSeq = seq;
        room.committedUpTo(stateAfter);
        advanced.add(room);
      }
    }
    for (const room of advanced) {
      for (const connection of room.connections) {
        if (connection.wantsAck) this.releaseAcks(room, connection);
      }
      this.maybeCompact(room);
    }
  }

  /** Message `seq` is answered by an ack once the room's committed sequence reaches `roomSeq`. */
  private queueAck(room: Room, connection: CollabConnection, seq: number, roomSeq: number): void {
    if (!connection.wantsAck) return;
    connection.pendingAcks.push({ clientSeq: seq, roomSeq });
    this.releaseAcks(room, connection);
  }

  private releaseAcks(room: Room, connection: CollabConnection): void {
    let ackTo = 0;
    while (connection.pendingAcks.length > 0 && connection.pendingAcks[0]!.roomSeq <= room.durableSeq) {
      ackTo = connection.pendingAcks.shift()!.clientSeq;
    }
    if (ackTo > connection.ackedWrites) {
      connection.ackedWrites = ackTo;
      // The committed state vector is encoded once per commit and shared by every ack.
      this.deliver(connection, encodeDurableAck(ackTo, room.durableStateVector()));
    }
  }

  /** Queues a compaction once the log is long enough (`soon`: as soon as it has two entries). */
  private maybeCompact(room: Room, soon = false): void {
    if (this.compactAfterUpdates <= 0 || this.storage.compact === undefined) return;
    if (room.compactionQueued || room.logLength < (soon ? 2 : this.compactAfterUpdates)) return;
    room.compactionQueued = true;
    let snapshotBytes = 0;
    let storedBytesAtSnapshot = 0;
    this.committer.enqueueCompaction(
      room.name,
      () => {
        if (room.destroyed) throw new Error("room destroyed before compaction");
        const snapshot = Y.encodeStateAsUpdate(room.doc);
        snapshotBytes = snapshot.byteLength;
        storedBytesAtSnapshot = room.storedBytes;
        return snapshot;
      },
      (succeeded) => {
        room.compactionQueued = false;
        if (succeeded) {
          this.compactions++;
          // Writes are sequential, so nothing was appended between the snapshot and now.
          room.logLength = 1;
          // Storage now holds the snapshot; updates enqueued since will be appended after it.
          room.storedBytes = snapshotBytes + (room.storedBytes - storedBytesAtSnapshot);
        }
      },
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Idle unload and shutdown

  private scheduleIdleUnload(room: Room): void {
    if (room.destroyed || room.connections.size > 0 || room.pins > 0 || this.closing !== undefined) return;
    if (room.idleTimer !== undefined) return;
    room.idleTimer = setTimeout(() => {
      room.idleTimer = undefined;
      void this.unloadIfIdle(room);
    }, this.idleUnloadMs);
    room.idleTimer.unref?.();
  }

  private cancelIdleUnload(room: Room): void {
    if (room.idleTimer === undefined) return;
    clearTimeout(room.idleTimer);
    room.idleTimer = undefined;
  }

  // The room leaves `rooms` only after its updates are durable, so a later load (which can only
  // start once it has left) always sees everything. Anyone arriving during the flush reuses it.
  private async unloadIfIdle(room: Room): Promise<void> {
    await this.committer.flush();
    if (room.destroyed || room.connections.size > 0 || room.pins > 0 || this.closing !== undefined) return;
    if (room.durableSeq < room.enqueuedSeq || room.compactionQueued) {
      this.scheduleIdleUnload(room);
      return;
    }
    this.rooms.delete(room.name);
    room.destroy();
    this.unloads++;
  }

  private async shutdown(flushTimeoutMs: number | undefined): Promise<void> {
    for (const connection of [...this.connections]) {
      this.closeConnection(connection, CloseCode.serverRestarting, CloseReason.serverRestarting);
    }
    const loads = [...this.pendingLoads.values()].map((load) => load.promise);
    const flushed = Promise.allSettled(loads)
      .then(() => this.committer.flush())
      .then(() => true);
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const outcome =
      flushTimeoutMs === undefined
        ? await flushed
        : await Promise.race([flushed, new Promise<false>((resolve) => (deadline = setTimeout(() => resolve(false), flushTimeoutMs)))]);
    if (deadline !== undefined) clearTimeout(deadline);
    if (!outcome) {
      this.reportError(new Error(`gave up flushing ${this.committer.pendingUpdates} updates at shutdown`), { operation: "close" });
    }
    this.committer.stop();
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
  }

  private reportError(error: unknown, context: CollabErrorContext): void {
    this.logger.error(`collab ${context.operation} failed`, { ...context, error: describe(error) });
    try {
      this.options.onError?.(error, context);
    } catch {
      // An error hook must not break the host.
    }
  }
}

function safeClose(socket: CollabSocket, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // Already closed: nothing to do.
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
