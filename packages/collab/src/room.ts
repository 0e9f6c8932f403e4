// A loaded document and the connections editing it. The room turns document and awareness
// changes into frames — each change encoded ONCE and the same bytes handed to every recipient —
// and numbers persisted updates so acknowledgements can say "durable up to here".
import { Awareness, removeAwarenessStates } from "y-protocols/awareness";
import * as Y from "yjs";
import type { CollabConnection } from "./connection";
import { encodeAwarenessFrame, encodeSyncStep2, encodeUpdateFrame } from "./protocol";
import { encodeAwarenessUpdate } from "y-protocols/awareness";

/** What a room needs from its host. */
export interface RoomHooks {
  /** Deliver a frame to one connection (the host applies backpressure and error handling). */
  deliver(connection: CollabConnection, frame: Uint8Array): void;
  /** A document change that must be persisted; returns nothing, the host queues it. */
  persist(room: Room, update: Uint8Array): void;
}

/**
 * One live document. Created by the host only after storage finished loading it, so nothing in a
 * room ever describes a partially loaded document. Destroyed (doc, awareness, listeners) when it
 * has been idle and everything it changed is durable.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly connections = new Set<CollabConnection>();
  /** withDoc callers currently holding the room open. */
  pins = 0;
  /** Count of updates handed to persistence; the room's "sequence number". */
  enqueuedSeq = 0;
  /** Highest enqueuedSeq known to be committed. Updates commit in order per room. */
  durableSeq = 0;
  /** Number of entries in the stored log (loaded + appended since the last compaction). */
  logLength: number;
  compactionQueued = false;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  destroyed = false;
  /**
   * Sync step 2 answers by the peer's state vector, valid until the document changes. Clients
   * arriving together mostly send the same vector (empty for a fresh client), and encoding a
   * big document is the expensive part of a join: 50 joiners of one document cost one encode.
   * Entries live one second at most, so a big document's encoding is not kept in memory.
   */
  private readonly step2Cache = new Map<string, Uint8Array>();
  private step2CacheTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly name: string,
    doc: Y.Doc,
    loadedLogLength: number,
    private readonly hooks: RoomHooks,
  ) {
    this.doc = doc;
    this.logLength = loadedLogLength;
    this.awareness = new Awareness(doc);
    // The server is not a participant: no presence of its own (the stock server does the same).
    this.awareness.setLocalState(null);
    doc.on("update", this.onDocUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
  }

  /** Connections whose awareness clientID is `clientId` (normally zero or one). */
  holdersOf(clientId: number): CollabConnection[] {
    return [...this.connections].filter((c) => c.awarenessClientId === clientId);
  }

  /**
   * Detaches a connection. Its presence is removed (and broadcast) unless another live connection
   * holds the same clientID — a reconnecting client's new socket often opens before the old one
   * is noticed dead, and removing the id then would blank the user's cursor.
   */
  removeConnection(connection: CollabConnection): void {
    if (!this.connections.delete(connection)) return;
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

  /** Full awareness frame for a newcomer or a query, or null when nobody is present. */
  awarenessSnapshotFrame(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return encodeAwarenessFrame(encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Releases the document and awareness so the memory can be collected. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.step2Cache.clear();
    if (this.step2CacheTimer !== undefined) clearTimeout(this.step2CacheTimer);
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy(); // clears its 3 s outdated-state interval
    this.doc.destroy();
    this.connections.clear();
  }

  // Y.Doc emits 'update' only when a transaction changed the state vector or delete set, so a
  // replayed (already known) update never reaches this handler: no broadcast, no write.
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.step2Cache.clear();
    this.hooks.persist(this, update);
    const frame = encodeUpdateFrame(update);
    for (const connection of this.connections) {
      if (connection !== origin) this.hooks.deliver(connection, frame);
    }
  };

  // Awareness goes to everyone, the sender included: the stock client treats 30 s without any
  // incoming message as a dead connection, and its own echoed heartbeat is what keeps a lone
  // client connected (the stock server echoes too).
  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    _origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0 || this.connections.size === 0) return;
    const frame = encodeAwarenessFrame(encodeAwarenessUpdate(this.awareness, changed));
    for (const connection of this.connections) this.hooks.deliver(connection, frame);
  };
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
