// The collab host: the public face of the package and the protocol logic between a connection and
// its room. It keeps the rooms by document name and the live connections, checks every frame
// before it touches a room (size, rate, parse, read-only, dependencies, size cap, schema),
// answers it, hands the room's changes to the group committer and tells rooms and connections
// when they are committed; it unloads idle rooms and shuts down. Loading is room-loader.ts, a
// document's state room.ts, a socket's phase and acks connection.ts and ack-ledger.ts. It knows
// no HTTP framework and no database: sockets come in as CollabSocket, persistence goes out
// through CollabStorage.
import * as Y from "yjs";
import { AwarenessBudget, decodeAwarenessUpdate, guardAwarenessEntries, latestEntry, stampIdentity } from "./awareness-guard";
import { CollabConnection, type CollabSocket, type ConnectionAccess, type ConnectionState, type HostedRoom } from "./connection";
import { GroupCommitter } from "./group-commit";
import { defaultGroupCommit, resolveLimits, type CollabErrorContext, type CollabHostOptions, type CollabLimits, type CollabLogger, type CollabMetrics } from "./options";
import {
  CloseCode,
  CloseReason,
  MalformedFrameError,
  assertDecodableStateVector,
  assertDecodableUpdate,
  encodeAccess,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeStep2Update,
  ownedCopy,
  parseClientFrame,
  RefusalReason,
  type DecodedUpdate,
} from "./protocol";
import { Room, type RoomWrite } from "./room";
import { CollabHostClosedError, RoomLoader } from "./room-loader";
import type { CollabStorage } from "./storage";
import { addsNothing, deletesBeyondState, dropPending } from "./update-checks";

/** An open connection's state: its room, and whether it was served the stored document early. */
type OpenState = Extract<ConnectionState, { phase: "open" }>;

/** The two access frames, encoded once. */
const ACCESS_READ = encodeAccess("read");
const ACCESS_WRITE = encodeAccess("write");

/** A sync step 2 carrying an empty update (no structs, empty delete set). */
const EMPTY_STEP2 = encodeStep2Update(new Uint8Array([0, 0]));

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
  private readonly now: () => number;
  /**
   * Largest frame the host reads (a writer's sync step 2 up to the document cap): give the
   * WebSocketServer at least this as `maxPayload`.
   */
  readonly maxPayloadBytes: number;
  private readonly rooms = new Map<string, HostedRoom>();
  private readonly loader: RoomLoader;
  private readonly connections = new Set<CollabConnection>();
  private readonly committer: GroupCommitter<RoomWrite<CollabConnection>>;
  private closing: Promise<void> | undefined;
  private unloads = 0;
  private compactions = 0;

  constructor(private readonly options: CollabHostOptions) {
    this.storage = options.storage;
    ({ limits: this.limits, maxPayloadBytes: this.maxPayloadBytes } = resolveLimits(options.limits));
    this.logger = options.logger ?? { warn: (m, c) => console.warn(m, c ?? ""), error: (m, c) => console.error(m, c ?? "") };
    this.idleUnloadMs = options.idleUnloadMs ?? 30_000;
    this.compactAfterUpdates = options.compactAfterUpdates ?? 500;
    this.now = options.now ?? (() => performance.now());
    this.committer = new GroupCommitter<RoomWrite<CollabConnection>>(this.storage, { ...defaultGroupCommit, ...options.groupCommit }, {
      committed: (writes) => this.onCommitted(writes),
      writeFailed: (error, names) => this.reportError(error, { operation: "append", room: names.join(",") }),
      compactionFailed: (error, name) => this.reportError(error, { operation: "compact", room: name }),
    });
    this.loader = new RoomLoader({
      storage: this.storage,
      seed: options.seed,
      earlyServeBytes: options.earlyServeBytes ?? 1024 * 1024,
      now: this.now,
      closing: () => this.closing !== undefined,
      reportError: (error, context) => this.reportError(error, context),
      createRoom: (name, doc, loaded) => {
        const room: HostedRoom = new Room(name, doc, loaded, {
          persist: (update, write, author) => this.committer.enqueue(name, update, write, author),
        });
        this.maybeCompact(room);
        return room;
      },
      loaded: (room, waiting) => {
        this.rooms.set(room.name, room);
        for (const connection of waiting) {
          if (connection.phase === "loading") this.join(room, connection);
        }
        this.scheduleIdleUnload(room);
      },
      failed: (waiting) => {
        for (const connection of waiting) this.closeConnection(connection, CloseCode.loadFailed, CloseReason.loadFailed);
      },
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
    const connection = new CollabConnection(socket, access, this.limits, this.now(), this);
    if (this.closing !== undefined) {
      connection.end();
      safeClose(socket, CloseCode.serverRestarting, CloseReason.serverRestarting);
      return connection;
    }
    this.connections.add(connection);
    const room = this.rooms.get(access.room);
    if (room !== undefined) this.join(room, connection);
    else this.loader.wait(connection);
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
      const state = connection.state;
      if (state.phase === "loading") state.queued.push(frame);
      else if (state.phase === "open") this.processFrame(state, connection, frame);
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
    const state = connection.state;
    if (state.phase !== "open") return;
    this.tellAccess(connection);
    // Whatever the client changed while read-only was refused; its answer to this step 1
    // carries it (and anything else the room lacks) now that it may write.
    if (!readOnly) this.sendSyncStep1(state.room, connection);
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
      room = await this.loader.load(name);
    }
    room.pin();
    try {
      return await fn(room.doc);
    } finally {
      room.unpin();
      this.scheduleIdleUnload(room);
    }
  }

  /** The document's full state as one Yjs update (for rendering or export by HTTP routes). */
  encodeState(name: string): Promise<Uint8Array> {
    return this.withDoc(name, (doc) => Y.encodeStateAsUpdate(doc));
  }

  /**
   * Resolves when every update received before the call is durable (retries until it is), and
   * every compaction queued before it was attempted.
   */
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
      roomsLoading: this.loader.inFlight,
      connections: this.connections.size,
      loads: this.loader.loads,
      loadFailures: this.loader.loadFailures,
      unloads: this.unloads,
      pendingUpdates: this.committer.pendingUpdates,
      storageWrites: this.committer.writesCommitted,
      storageWriteFailures: this.committer.writesFailed,
      compactions: this.compactions,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Joining and leaving a room

  private join(room: HostedRoom, connection: CollabConnection): void {
    const queued = connection.open(room);
    room.addConnection(connection);
    // Same opening as the stock server: our step 1 (the client answers with its step 2), then
    // the current presence. The client's own step 1 gets our step 2 in reply. Opted-in clients
    // first learn their rights.
    this.tellAccess(connection);
    this.sendSyncStep1(room, connection);
    const presence = room.awarenessSnapshotFrame();
    if (presence !== null) connection.send(presence);
    for (const frame of queued) {
      const state = connection.state;
      if (state.phase !== "open") break;
      try {
        this.processFrame(state, connection, frame);
      } catch (error) {
        this.reportError(error, { operation: "internal", room: room.name, connectionId: connection.id });
        this.closeConnection(connection, CloseCode.internalError, CloseReason.internalError);
      }
    }
  }

  private detach(connection: CollabConnection): void {
    const left = connection.end();
    if (left === undefined) return;
    this.connections.delete(connection);
    if (left.phase === "loading") {
      this.loader.forget(connection);
      return;
    }
    left.room.removeConnection(connection);
    this.scheduleIdleUnload(left.room);
  }

  // ---------------------------------------------------------------------------------------------
  // Frames

  private processFrame(state: OpenState, connection: CollabConnection, frame: Uint8Array): void {
    const { room } = state;
    try {
      const message = parseClientFrame(frame);
      switch (message.kind) {
        case "syncStep1":
          assertDecodableStateVector(message.stateVector);
          if (state.servedStoredState) {
            // It holds the stored state the room was built from, and every change since it
            // joined was broadcast to it: nothing is missing, so the answer is an empty update.
            // (Encoding "everything beyond the room's own state vector" would still walk the
            // whole document to write its delete set: ~0.1–0.2 s for megabytes of history.)
            state.servedStoredState = false;
            connection.send(EMPTY_STEP2);
            return;
          }
          connection.send(room.syncStep2For(message.stateVector));
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
          if (presence !== null) connection.send(presence);
          return;
        }
      }
    } catch (error) {
      if (!(error instanceof MalformedFrameError)) throw error;
      this.logger.warn("collab frame rejected", { room: room.name, connectionId: connection.id, reason: error.message });
      this.closeConnection(connection, CloseCode.malformedFrame, CloseReason.malformedFrame);
    }
  }

  // Every sync-step-2/update message takes the next number of its socket's ack ledger, whatever
  // becomes of it; the ledger answers each number in order. Pending content (Yjs' structs or
  // deletions whose dependencies the room lacks) is never acknowledged as stored.
  private applyClientUpdate(room: HostedRoom, connection: CollabConnection, update: Uint8Array, kind: "syncStep2" | "update"): void {
    const seq = connection.acks.receive();
    if (kind === "syncStep2") connection.awaitingStep2 = false;
    const decoded = assertDecodableUpdate(update);
    if (connection.readOnly) {
      this.answerReadOnlyWrite(room, connection, seq, decoded, kind);
      return;
    }
    const refusal = this.refusalBeforeApply(room, update, decoded);
    if (refusal !== null) {
      connection.acks.refuse(seq, refusal, 0, room);
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
      connection.acks.refuse(seq, RefusalReason.missingDependencies, room.enqueuedSeq, room);
      this.resync(room, connection, kind);
      return;
    }
    // The client's state now includes everything the room enqueued so far (its own change, or
    // for a no-op, the earlier copy of it), so its ack waits for that point to be durable.
    connection.acks.ackWhenDurable(seq, room.enqueuedSeq, room);
  }

  // Checks that need no apply, cheapest first. Null means "apply it".
  private refusalBeforeApply(room: HostedRoom, update: Uint8Array, decoded: DecodedUpdate): RefusalReason | null {
    if (deletesBeyondState(room.doc, decoded)) return RefusalReason.missingDependencies;
    // An upper bound (see Room.storedBytes). A replay that adds nothing is still accepted, and so
    // is a pure deletion (no structs), so people can always shrink a document at the cap.
    if (room.storedBytes + update.byteLength > this.limits.maxDocumentBytes && decoded.structs.length > 0 && !addsNothing(room.doc, decoded)) {
      // The bound may be loose (a long log of since-deleted content): a compaction tightens it
      // for the client's next attempt.
      this.maybeCompact(room, true);
      return RefusalReason.documentTooLarge;
    }
    // The server's own reasons (e.g. invalid_content) go to the client as they are.
    return (this.options.validateUpdate?.(room.name, room.doc, update, decoded) ?? null) as RefusalReason | null;
  }

  // Not applied, stored or broadcast. Opted-in clients get every message answered: a no-op (it
  // adds nothing the room lacks, like the handshake step 2 of a viewer without local changes)
  // is acknowledged, anything else refused as read_only. Stock clients get the protocol's own
  // permission-denied once, for a live edit only — every client answers our step 1 with a
  // step 2, and every viewer would otherwise log "permission denied" on every connect.
  private answerReadOnlyWrite(room: HostedRoom, connection: CollabConnection, seq: number, decoded: DecodedUpdate, kind: "syncStep2" | "update"): void {
    if (connection.wantsAck) {
      if (addsNothing(room.doc, decoded)) connection.acks.ackWhenDurable(seq, room.enqueuedSeq, room);
      else connection.acks.refuse(seq, RefusalReason.readOnly, 0, room);
    } else if (kind === "update" && !connection.toldReadOnly) {
      connection.toldReadOnly = true;
      connection.send(encodePermissionDenied("read_only"));
    }
  }

  // After a missing_dependencies refusal: our step 1, whose step-2 answer carries everything the
  // room lacks. Not when a step 1 is already unanswered (its step 2 will do), and not for a
  // refused step 2: that was the client's answer to our latest step 1, so it lacks the
  // dependencies itself, and another round would only loop.
  private resync(room: HostedRoom, connection: CollabConnection, kind: "syncStep2" | "update"): void {
    if (kind === "update" && !connection.awaitingStep2) this.sendSyncStep1(room, connection);
  }

  /** `[102, access]` to an opted-in client: its rights as they are now. */
  private tellAccess(connection: CollabConnection): void {
    if (connection.wantsAck) connection.send(connection.readOnly ? ACCESS_READ : ACCESS_WRITE);
  }

  private sendSyncStep1(room: HostedRoom, connection: CollabConnection): void {
    connection.awaitingStep2 = true;
    connection.send(encodeSyncStep1(room.doc));
  }

  // Client awareness never reaches the room as sent: entries for ids the connection may not
  // speak for are dropped, `user` is replaced with the session's identity, and the result waits
  // for the room's next tick and the connection's budget (Room.offerAwareness).
  private applyClientAwareness(room: HostedRoom, connection: CollabConnection, update: Uint8Array): void {
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

  // ---------------------------------------------------------------------------------------------
  // Commits and compaction

  // Rooms first learn how far they are committed, then each of their connections' ledgers sends
  // what that releases: one ack per connection and batch, whatever the batch held of its room.
  private onCommitted(writes: RoomWrite<CollabConnection>[]): void {
    const advanced = new Set<HostedRoom>();
    for (const { room, seq, stateAfter } of writes) {
      if (room.markDurable(seq, stateAfter)) advanced.add(room);
    }
    for (const room of advanced) {
      for (const connection of room.connections) connection.acks.release(room);
      this.maybeCompact(room);
    }
  }

  /** Queues a compaction once the log is long enough (`soon`: as soon as it has two entries). */
  private maybeCompact(room: HostedRoom, soon = false): void {
    if (this.compactAfterUpdates <= 0 || this.storage.compact === undefined) return;
    if (!room.claimCompaction(soon ? 2 : this.compactAfterUpdates)) return;
    this.committer.enqueueCompaction(
      room.name,
      () => room.snapshot(),
      (succeeded) => {
        room.compacted(succeeded);
        if (succeeded) this.compactions++;
      },
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Idle unload and shutdown

  private scheduleIdleUnload(room: HostedRoom): void {
    if (this.closing !== undefined) return;
    room.armIdleTimer(this.idleUnloadMs, () => void this.unloadIfIdle(room));
  }

  // The room leaves `rooms` only after its updates are durable, so a later load (which can only
  // start once it has left) always sees everything. Anyone arriving during the flush reuses it.
  private async unloadIfIdle(room: HostedRoom): Promise<void> {
    await this.committer.flush();
    if (!room.idle || this.closing !== undefined) return;
    if (!room.settled) {
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
    const flushed = this.loader
      .settled()
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
