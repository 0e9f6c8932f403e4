// A loaded document and the connections editing it. The room turns document and awareness
// changes into frames — each change encoded ONCE and the same bytes handed to every recipient —
// numbers the updates it hands to storage and keeps how far they are committed, so
// acknowledgements can say "durable up to here", and knows when it may be compacted or unloaded.
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import * as Y from "yjs";
import type { DurableProgress } from "./ack-ledger";
import { encodeAwarenessEntries, type AwarenessBudget, type AwarenessEntry } from "./awareness-guard";
import { encodeAwarenessFrame, encodeSyncStep2, encodeUpdateFrame } from "./protocol";

/**
 * Presence changes are sent at most once per tick per room, all in one frame: with N listeners
 * and M clients moving their cursors, the server writes N frames per tick, not N × M per move.
 * A change after a quiet tick goes out with the next timer run (a zero-delay timeout).
 */
export const AWARENESS_TICK_MS = 50;

/** ClientIDs remembered per user and room; beyond it that user's oldest unused ids are forgotten. */
const OWNED_CLIENT_IDS_PER_USER = 64;

/**
 * What a room knows of a connection (the host's CollabConnection): who it is, the awareness
 * clientID it speaks for, and how to send it a frame.
 */
export interface RoomMember {
  readonly userId: string | undefined;
  /** The awareness clientID it may speak for; set by `bindAwareness`. */
  awarenessClientId: number | undefined;
  /** What relaying its presence may cost; without one, every state is admitted. */
  readonly awarenessBudget: AwarenessBudget | undefined;
  /** Sends one frame (backpressure and transport errors are the connection's business). */
  send(frame: Uint8Array): void;
}

/**
 * One of the room's updates on its way to storage: handed back by the group committer after
 * COMMIT, and then given to `markDurable`.
 */
export interface RoomWrite<M extends RoomMember = RoomMember> {
  room: Room<M>;
  /** The room's sequence number of this update (1 for its first since loading). */
  seq: number;
  /** The document's state vector right after this update (the transaction's, not a copy). */
  stateAfter: Map<number, number>;
}

/** What a room needs from its host. */
export interface RoomHooks<M extends RoomMember> {
  /**
   * Queue `update` for storage; `write` comes back to `markDurable` once it is committed. `author`
   * is the user id of the member whose frame produced it (undefined for the server's own changes).
   */
  persist(update: Uint8Array, write: RoomWrite<M>, author: string | undefined): void;
}

/** What storage held for the document when the room was built. */
export interface LoadedLog {
  /** Entries in the stored log (a seed counts as one). */
  entries: number;
  /** Their bytes. */
  bytes: number;
}

/**
 * One live document. Created by the host only after storage finished loading it, so nothing in a
 * room ever describes a partially loaded document. Destroyed (doc, awareness, listeners) when it
 * has been idle and everything it changed is durable.
 */
export class Room<M extends RoomMember = RoomMember> implements DurableProgress {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  private readonly members = new Set<M>();
  /** withDoc callers currently holding the room open. */
  private pins = 0;
  /** Count of updates handed to storage: the room's sequence number. */
  private enqueued = 0;
  /** Highest sequence number known to be committed. Updates commit in order per room. */
  private durable = 0;
  /**
   * The state vector of what storage holds committed: the loaded state, then the state after the
   * latest committed update (updates commit in order, so it covers all earlier ones). Pending
   * structs are never in it (the host drops them), nor are updates still queued.
   */
  private durableState: Map<number, number>;
  /** `durableState` encoded (Y.encodeStateVector), made once per change for every ack. */
  private durableStateBytes: Uint8Array | undefined;
  /**
   * Upper bound of the bytes storage holds for this document: loaded bytes plus every update
   * enqueued since, reset to the snapshot's size (plus later updates) by a compaction. The
   * document size cap is checked against it.
   */
  private stored: number;
  /** Number of entries in the stored log (loaded + appended since the last compaction). */
  private logLength: number;
  private compactionQueued = false;
  /** The queued compaction's snapshot: its size, and `stored` when it was taken. */
  private snapshotBytes = 0;
  private storedAtSnapshot = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private released = false;
  /**
   * Sync step 2 answers by the peer's state vector, valid until the document changes. Clients
   * arriving together mostly send the same vector (empty for a fresh client), and encoding a
   * big document is the expensive part of a join: 50 joiners of one document cost one encode.
   * Entries live one second at most, so a big document's encoding is not kept in memory.
   */
  private readonly step2Cache = new Map<string, Uint8Array>();
  private step2CacheTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Which user first used each awareness clientID in this room, for the room's whole life: the id
   * stays theirs after their socket drops, so nobody else can take it over while they reconnect.
   */
  private readonly clientOwners = new Map<number, string>();
  /** Per connection, its latest presence not yet relayed (waiting for the tick or its budget). */
  private readonly awarenessWaiting = new Map<M, AwarenessEntry>();
  /** ClientIDs whose state changed since the last awareness frame. */
  private readonly awarenessChanged = new Set<number>();
  private awarenessTimer: ReturnType<typeof setTimeout> | undefined;
  private lastAwarenessFlush = -Infinity;
  private flushingAwareness = false;

  constructor(
    readonly name: string,
    doc: Y.Doc,
    loaded: LoadedLog,
    private readonly hooks: RoomHooks<M>,
  ) {
    this.doc = doc;
    this.logLength = loaded.entries;
    this.stored = loaded.bytes;
    // A stored log from before pending content was refused may still hold some (compaction
    // snapshots included it): it is in no state vector and would leak into every step 2.
    doc.store.pendingStructs = null;
    doc.store.pendingDs = null;
    this.durableState = Y.decodeStateVector(Y.encodeStateVector(doc));
    this.awareness = new Awareness(doc);
    // The server is not a participant: no presence of its own (the stock server does the same).
    this.awareness.setLocalState(null);
    doc.on("update", this.onDocUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
  }

  /** Whether the room was unloaded (or the host closed): its doc and awareness are gone. */
  get destroyed(): boolean {
    return this.released;
  }

  /** The live connections of the room. */
  get connections(): ReadonlySet<M> {
    return this.members;
  }

  /** Whether nothing holds the room loaded: no connection, no `withDoc` in progress. */
  get idle(): boolean {
    return !this.released && this.members.size === 0 && this.pins === 0;
  }

  /** Whether everything the room changed is committed and no compaction is still queued. */
  get settled(): boolean {
    return this.durable >= this.enqueued && !this.compactionQueued;
  }

  /** Sequence number of the latest update handed to storage (0 before the first). */
  get enqueuedSeq(): number {
    return this.enqueued;
  }

  /** Highest sequence number committed (see `markDurable`). */
  get durableSeq(): number {
    return this.durable;
  }

  /** Upper bound of the bytes storage holds for the document (see `maxDocumentBytes`). */
  get storedBytes(): number {
    return this.stored;
  }

  /** A connection joins the room (after the load: rooms are never half-loaded). */
  addConnection(connection: M): void {
    this.members.add(connection);
    this.cancelIdleTimer();
  }

  /** A `withDoc` caller holds the room loaded until `unpin`. */
  pin(): void {
    this.pins++;
    this.cancelIdleTimer();
  }

  unpin(): void {
    this.pins--;
  }

  /** Runs `unload` after `ms` unless something joins or pins the room first (armed once). */
  armIdleTimer(ms: number, unload: () => void): void {
    if (this.idleTimer !== undefined || !this.idle) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      unload();
    }, ms);
    this.idleTimer.unref?.();
  }

  private cancelIdleTimer(): void {
    if (this.idleTimer === undefined) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /**
   * Records that the update numbered `seq` is committed, `stateAfter` being the document's state
   * vector right after it. Returns whether the committed sequence advanced (then acks may go).
   */
  markDurable(seq: number, stateAfter: Map<number, number>): boolean {
    this.logLength++;
    if (seq <= this.durable) return false;
    this.durable = seq;
    this.durableState = stateAfter;
    this.durableStateBytes = undefined;
    return true;
  }

  /**
   * Claims the room's compaction when the stored log holds at least `minEntries` and none is
   * queued yet; the caller then queues `snapshot` and reports the outcome to `compacted`.
   */
  claimCompaction(minEntries: number): boolean {
    if (this.compactionQueued || this.logLength < minEntries) return false;
    this.compactionQueued = true;
    return true;
  }

  /** The document as one update, for the claimed compaction (taken when storage is idle). */
  snapshot(): Uint8Array {
    if (this.released) throw new Error("room destroyed before compaction");
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    this.snapshotBytes = snapshot.byteLength;
    this.storedAtSnapshot = this.stored;
    return snapshot;
  }

  /** The claimed compaction ended; on success storage holds the snapshot instead of the log. */
  compacted(succeeded: boolean): void {
    this.compactionQueued = false;
    if (!succeeded) return;
    // Writes are sequential, so nothing was appended between the snapshot and now.
    this.logLength = 1;
    // Updates enqueued since the snapshot will be appended after it.
    this.stored = this.snapshotBytes + (this.stored - this.storedAtSnapshot);
  }

  /** Connections whose awareness clientID is `clientId` (normally zero or one). */
  holdersOf(clientId: number): M[] {
    return [...this.members].filter((c) => c.awarenessClientId === clientId);
  }

  /**
   * Whether `connection` may bind awareness `clientId`. An id belongs to the user who first used
   * it in this room, also after their socket dropped (only their own sockets may use it again:
   * the same person reconnecting). Connections without a userId may only bind an id nobody owns
   * and no live connection holds.
   */
  mayBindAwareness(connection: M, clientId: number): boolean {
    const owner = this.clientOwners.get(clientId);
    if (owner !== undefined) return owner === connection.userId;
    return this.holdersOf(clientId).every((holder) => holder.userId !== undefined && holder.userId === connection.userId);
  }

  /** Binds `connection` to `clientId` (after mayBindAwareness) and records the id's owner. */
  bindAwareness(connection: M, clientId: number): void {
    connection.awarenessClientId = clientId;
    const userId = connection.userId;
    if (userId === undefined || this.clientOwners.has(clientId)) return;
    // Every new tab (every page load) has a new id. Past the cap, the user's oldest id that no
    // live connection holds is forgotten: only that user's own ids, so nobody can push a
    // victim's id out of the map by binding many of their own.
    let owned = 0;
    let oldestUnheld: number | undefined;
    for (const [id, owner] of this.clientOwners) {
      if (owner !== userId) continue;
      owned++;
      if (oldestUnheld === undefined && this.holdersOf(id).length === 0) oldestUnheld = id;
    }
    if (owned >= OWNED_CLIENT_IDS_PER_USER && oldestUnheld !== undefined) this.clientOwners.delete(oldestUnheld);
    this.clientOwners.set(clientId, userId);
  }

  /**
   * Queues a connection's presence (an entry for its own clientID, identity already stamped). It
   * replaces whatever of that connection still waits: only the latest state matters. It is
   * applied and relayed at the next tick if the connection's budget allows, else at a later one.
   */
  offerAwareness(connection: M, entry: AwarenessEntry): void {
    if (this.released || !this.members.has(connection)) return;
    this.awarenessWaiting.set(connection, entry);
    this.scheduleAwarenessFlush();
  }

  /**
   * Detaches a connection. Its presence is removed (and broadcast) unless another live connection
   * holds the same clientID — a reconnecting client's new socket often opens before the old one
   * is noticed dead, and removing the id then would blank the user's cursor.
   */
  removeConnection(connection: M): void {
    if (!this.members.delete(connection)) return;
    // A state still waiting would otherwise be applied after the removal and resurrect it.
    this.awarenessWaiting.delete(connection);
    const clientId = connection.awarenessClientId;
    if (clientId !== undefined && this.holdersOf(clientId).length === 0) {
      removeAwarenessStates(this.awareness, [clientId], connection);
    }
  }

  /** The `[0, 1, diff]` frame answering a peer's sync step 1 with `stateVector`. */
  syncStep2For(stateVector: Uint8Array): Uint8Array {
    const key = Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString("latin1");
    let frame = this.step2Cache.get(key);
    if (frame === undefined) {
      frame = encodeSyncStep2(this.doc, stateVector);
      if (this.step2Cache.size >= 16) this.step2Cache.clear();
      this.step2Cache.set(key, frame);
      if (this.step2CacheTimer === undefined) {
        this.step2CacheTimer = setTimeout(() => {
          this.step2CacheTimer = undefined;
          this.step2Cache.clear();
        }, 1000);
        this.step2CacheTimer.unref?.();
      }
    }
    return frame;
  }

  /** `durableState` as Y.encodeStateVector bytes, for acks. */
  durableStateVector(): Uint8Array {
    this.durableStateBytes ??= Y.encodeStateVector(this.durableState);
    return this.durableStateBytes;
  }

  /** Full awareness frame for a newcomer or a query, or null when nobody is present. */
  awarenessSnapshotFrame(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return encodeAwarenessFrame(encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Releases the document and awareness so the memory can be collected. */
  destroy(): void {
    if (this.released) return;
    this.released = true;
    this.cancelIdleTimer();
    this.step2Cache.clear();
    if (this.step2CacheTimer !== undefined) clearTimeout(this.step2CacheTimer);
    if (this.awarenessTimer !== undefined) clearTimeout(this.awarenessTimer);
    this.awarenessWaiting.clear();
    this.awarenessChanged.clear();
    this.clientOwners.clear();
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy(); // clears its 3 s outdated-state interval
    this.doc.destroy();
    this.members.clear();
  }

  // Y.Doc emits 'update' only when a transaction changed the state vector or delete set, so a
  // replayed (already known) update never reaches this handler: no broadcast, no write.
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    this.step2Cache.clear();
    // The host applies a client's frame with its connection as origin; anything else (the
    // server's withDoc changes) has no author.
    const author = origin !== null && typeof origin === "object" && this.members.has(origin as M) ? (origin as M).userId : undefined;
    this.enqueue(update, transaction.afterState, author);
    const frame = encodeUpdateFrame(update);
    for (const connection of this.members) {
      if (connection !== origin) connection.send(frame);
    }
  };

  // Every change takes the room's next sequence number and counts towards the stored bytes
  // before it goes to storage, so a client's ack can wait for exactly this point.
  private enqueue(update: Uint8Array, stateAfter: Map<number, number>, author: string | undefined): void {
    this.enqueued++;
    this.stored += update.byteLength;
    this.hooks.persist(update, { room: this, seq: this.enqueued, stateAfter }, author);
  }

  // Every change of the room's awareness (a relayed state, a removal on close, a state timed out
  // by y-protocols) is collected and sent with the next tick's frame.
  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    _origin: unknown,
  ): void => {
    for (const clientId of [...added, ...updated, ...removed]) this.awarenessChanged.add(clientId);
    if (!this.flushingAwareness && this.awarenessChanged.size > 0) this.scheduleAwarenessFlush();
  };

  // A client that reconnects re-sends its state with the clock it had, but the room removed that
  // id when the old socket closed, one clock later: y-protocols would ignore the state until the
  // client's heartbeat had raised its clock twice (up to 30 s without a cursor). The connection
  // may speak for this id, so its state is announced one clock past the removal.
  private reannounced(entry: AwarenessEntry): AwarenessEntry {
    if (entry.stateJson === "null" || this.awareness.states.has(entry.clientId)) return entry;
    const clock = this.awareness.meta.get(entry.clientId)?.clock;
    return clock === undefined || clock < entry.clock ? entry : { ...entry, clock: clock + 1 };
  }

  private scheduleAwarenessFlush(): void {
    if (this.awarenessTimer !== undefined || this.released) return;
    const wait = Math.max(0, this.lastAwarenessFlush + AWARENESS_TICK_MS - performance.now());
    this.awarenessTimer = setTimeout(this.flushAwareness, wait);
    this.awarenessTimer.unref?.();
  }

  // Applies the waiting states each connection's budget admits (the others wait for a later
  // tick) and sends every change since the last tick as one frame, encoded from the room's
  // Awareness — so what goes out is what the server accepted, identity included. Awareness goes
  // to everyone, the sender included: the stock client treats 30 s without any incoming message
  // as a dead connection, and its own echoed heartbeat is what keeps a lone client connected
  // (the stock server echoes too).
  private readonly flushAwareness = (): void => {
    this.awarenessTimer = undefined;
    if (this.released) return;
    this.lastAwarenessFlush = performance.now();
    this.flushingAwareness = true;
    try {
      for (const [connection, waiting] of this.awarenessWaiting) {
        // Removals are free: leaving must never wait.
        const admitted = waiting.stateJson === "null" || (connection.awarenessBudget?.admit(Buffer.byteLength(waiting.stateJson)) ?? true);
        if (!admitted) continue;
        this.awarenessWaiting.delete(connection);
        applyAwarenessUpdate(this.awareness, encodeAwarenessEntries([this.reannounced(waiting)]), connection);
      }
    } finally {
      this.flushingAwareness = false;
    }
    if (this.awarenessChanged.size > 0) {
      // Only ids the Awareness knows (it keeps a clock for every id it ever saw, removed or not).
      const changed = [...this.awarenessChanged].filter((clientId) => this.awareness.meta.has(clientId));
      this.awarenessChanged.clear();
      if (changed.length > 0 && this.members.size > 0) {
        const frame = encodeAwarenessFrame(encodeAwarenessUpdate(this.awareness, changed));
        for (const connection of this.members) connection.send(frame);
      }
    }
    if (this.awarenessWaiting.size > 0) this.scheduleAwarenessFlush();
  };
}
