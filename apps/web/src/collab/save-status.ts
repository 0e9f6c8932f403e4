import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { RefusalReason, handleSessionSignals, isAcknowledgeable, messageSync, syncStep2, type Access } from "@taller/collab/client";

/**
 * The save status behind «Guardado / Guardando… / Sincronizando… / Sin conexión», computed from
 * state, never from message counts alone (protocol: `packages/collab/src/protocol.ts`,
 * session signals v2):
 *
 * - offline: no open socket.
 * - syncing: from every (re)connect until the first sync round finished — the server's sync step
 *   2 arrived AND the step 2 we sent in answer to its step 1 is acknowledged. Until then the
 *   server has not even seen what this browser changed while disconnected.
 * - refused*: a change was neither applied nor stored (read-only, too large, invalid content) and
 *   no later complete sync step 2 got through without refusal.
 * - saving: anything else that is not yet known to be stored.
 * - saved: connected, synced, every numbered message acknowledged, no outstanding refusal, and the
 *   committed state vector of the last ack (plus what the server itself sent us) covers the local
 *   document's state vector. Deletions change no state vector: they are covered by the numbering
 *   (each local delete travels in a numbered update, or in the step 2 of the next connection).
 */
export type SaveStatus = "offline" | "syncing" | "saving" | "saved" | RefusalStatus;

/** The statuses of a standing refusal: the server said no, and the changes stay unstored until something changes. */
export type RefusalStatus = "refusedReadOnly" | "refusedTooLarge" | "refusedInvalid";

export type StateVector = Map<number, number>;

type Refusal = { socket: number; seq: number; reason: string };

/** Refusals that mean "not stored until something changes"; missing_dependencies resolves itself (the server re-syncs). */
const STANDING_REFUSALS: Record<string, RefusalStatus> = {
  [RefusalReason.readOnly]: "refusedReadOnly",
  [RefusalReason.documentTooLarge]: "refusedTooLarge",
  [RefusalReason.invalidContent]: "refusedInvalid",
};

const REFUSAL_STATUSES: ReadonlySet<SaveStatus> = new Set(Object.values(STANDING_REFUSALS));

/** A standing refusal status (see STANDING_REFUSALS). */
export function isRefusal(status: SaveStatus): status is RefusalStatus {
  return REFUSAL_STATUSES.has(status);
}

/** How a status looks (the indicator's dot): waiting states share one, refusals get their own. */
export type SaveTone = "saved" | "saving" | "offline" | "refused";

export function toneOf(status: SaveStatus): SaveTone {
  if (isRefusal(status)) return "refused";
  return status === "syncing" ? "saving" : status;
}

/**
 * The pure bookkeeping of one document's connection(s): what was sent on the current socket,
 * what the server acknowledged, refused and told us about our rights. No I/O, so every rule is
 * unit-tested (save-status.test.ts). Numbering is per socket, exactly as the server counts: every
 * sync-step-2 and update message sent on that socket, from 1.
 */
export class SaveLedger {
  connected = false;
  access: Access | null = null;
  /** Increases with every socket, so refusals from older sockets can be ordered against new messages. */
  private socket = 0;
  private sent = 0;
  private acked = 0;
  /** Sequence numbers of the step 2 messages sent on this socket and not yet acknowledged. */
  private unackedStep2: number[] = [];
  private firstStep2: number | null = null;
  private serverStep2 = false;
  private refusedHere = new Set<number>();
  private refusals: Refusal[] = [];
  /** A local change happened since the status was last «Guardado» (deletions leave no state vector trace). */
  private dirty = false;
  /** Committed state from the last ack (committed state only grows, so it stays valid across sockets). */
  private durable: StateVector = new Map();
  /** What the server itself sent us: the room holds it, and it is not a change of ours to store. */
  private fromServer: StateVector = new Map();

  /** A new socket opened: the server numbers from 1 again, and a new sync round starts. */
  opened(): void {
    this.socket++;
    this.connected = true;
    this.sent = 0;
    this.acked = 0;
    this.unackedStep2 = [];
    this.firstStep2 = null;
    this.serverStep2 = false;
    this.refusedHere = new Set();
  }

  closed(): void {
    this.connected = false;
  }

  /** Counts a sync-step-2 or update message sent on the current socket. */
  sentMessage(kind: "step2" | "update"): void {
    this.sent++;
    if (kind === "step2") {
      this.unackedStep2.push(this.sent);
      // The client sends a step 2 only in answer to the server's step 1: the first one is the
      // answer of this connection's first sync round.
      this.firstStep2 ??= this.sent;
    }
  }

  /** The server's sync step 2 arrived on this socket. */
  serverSynced(): void {
    this.serverStep2 = true;
  }

  /** Content the server sent us (its clocks after the change). */
  received(stateVector: StateVector): void {
    raise(this.fromServer, stateVector);
  }

  ack(seq: number, durableStateVector: StateVector): void {
    this.acked = Math.max(this.acked, seq);
    this.durable = durableStateVector;
    // A complete step 2 that got through unrefused carried everything the server lacked at that
    // point (insertions beyond its state vector and the whole delete set), so every refusal before
    // it is settled: what it refused is stored now.
    for (const step2 of this.unackedStep2.filter((s) => s <= seq)) {
      if (!this.refusedHere.has(step2)) {
        const socket = this.socket;
        this.refusals = this.refusals.filter((r) => r.socket > socket || (r.socket === socket && r.seq > step2));
      }
    }
    this.unackedStep2 = this.unackedStep2.filter((s) => s > seq);
  }

  refused(seq: number, reason: string): void {
    this.refusedHere.add(seq);
    this.refusals.push({ socket: this.socket, seq, reason });
  }

  /** The person changed the document here (not the server, not the local copy loading). */
  localChange(): void {
    this.dirty = true;
  }

  /** Forgets local changes once the status is «Guardado»: they are stored. */
  settle(): void {
    this.dirty = false;
  }

  /** Changes that cannot be listed (deletions, formatting) may be unsaved. */
  get mayHaveUnlisted(): boolean {
    return this.dirty || this.refusals.length > 0 || (this.connected && this.acked < this.sent);
  }

  setAccess(access: Access): void {
    this.access = access;
  }

  /** The standing refusal reason, if any: what the status says instead of «Guardado». */
  get refusal(): string | null {
    const standing = this.refusals.find((r) => r.reason in STANDING_REFUSALS);
    return standing?.reason ?? null;
  }

  /** True while the first sync round of this socket is not finished. */
  get syncing(): boolean {
    return !this.serverStep2 || this.firstStep2 === null || this.acked < this.firstStep2;
  }

  /** Per client, the clock up to which content is known to be in the server's room (stored, or the server's own). */
  baseline(): StateVector {
    const result = new Map(this.durable);
    raise(result, this.fromServer);
    return result;
  }

  /** Clients whose local content goes beyond the baseline: client → first clock not known stored. */
  uncovered(local: StateVector): StateVector {
    return uncoveredBy(this.baseline(), local);
  }

  status(local: StateVector): SaveStatus {
    if (!this.connected) return "offline";
    if (this.syncing) return "syncing";
    const standing = this.refusal;
    if (standing) return STANDING_REFUSALS[standing]!;
    if (this.acked < this.sent || this.refusals.length > 0) return "saving";
    return this.uncovered(local).size === 0 ? "saved" : "saving";
  }
}

/** Clients whose `local` content goes beyond `baseline`: client → first clock not covered. */
export function uncoveredBy(baseline: StateVector, local: StateVector): StateVector {
  const result: StateVector = new Map();
  for (const [client, clock] of local) {
    const known = baseline.get(client) ?? 0;
    if (clock > known) result.set(client, known);
  }
  return result;
}

function raise(target: StateVector, source: StateVector): void {
  for (const [client, clock] of source) {
    if ((target.get(client) ?? 0) < clock) target.set(client, clock);
  }
}

/** The local document's state vector (client → next clock). */
export function stateVectorOf(doc: Y.Doc): StateVector {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** "step2" | "update" for the messages the server numbers, null for the rest. */
export function acknowledgeableKind(frame: Uint8Array): "step2" | "update" | null {
  if (!isAcknowledgeable(frame)) return null;
  // isAcknowledgeable checked [messageSync, step2 | update]: the second byte is the kind (both varUints < 128).
  return frame[0] === messageSync && frame[1] === syncStep2 ? "step2" : "update";
}

export interface SaveSnapshot {
  status: SaveStatus;
  access: Access | null;
}

/**
 * Feeds a SaveLedger from a stock y-websocket provider: wraps each socket's `send` to number what
 * the server numbers, listens to the session signals (ack, refusal, access), the provider's
 * `sync` (the server's step 2) and the document's transactions applied from the server.
 */
export class SaveTracker {
  readonly ledger = new SaveLedger();
  private readonly listeners = new Set<() => void>();
  private hookedSocket: WebSocket | null = null;
  private snapshot: SaveSnapshot = { status: "offline", access: null };
  private emitQueued = false;
  /** The document's state vector, kept from each transaction's `afterState` (no encoding per change). */
  private local: StateVector;

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly doc: Y.Doc,
    /** True for the origin of transactions that load the local copy (IndexedDB): not new changes. */
    private readonly fromCopy: (origin: unknown) => boolean = () => false,
  ) {
    this.local = stateVectorOf(doc);
    handleSessionSignals(provider as never, {
      onAck: (seq, durableStateVector) => {
        this.ledger.ack(seq, durableStateVector);
        this.changed();
      },
      onRefused: (seq, reason) => {
        this.ledger.refused(seq, reason);
        this.changed();
      },
      onAccess: (access) => {
        this.ledger.setAccess(access);
        this.changed();
      },
    });
    provider.on("status", this.onStatus);
    provider.on("sync", this.onSync);
    doc.on("afterTransaction", this.onTransaction);
    this.hook();
    this.recompute();
  }

  get current(): SaveSnapshot {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.provider.off("status", this.onStatus);
    this.provider.off("sync", this.onSync);
    this.doc.off("afterTransaction", this.onTransaction);
    this.listeners.clear();
  }

  private readonly onStatus = ({ status }: { status: string }) => {
    this.hook();
    // "connected" is emitted when the socket opens, before the provider sends anything on it.
    if (status === "connected") this.ledger.opened();
    if (status === "disconnected") this.ledger.closed();
    this.changed();
  };

  private readonly onSync = (synced: boolean) => {
    if (synced) this.ledger.serverSynced();
    this.changed();
  };

  private readonly onTransaction = (transaction: Y.Transaction) => {
    // afterState is the whole document's state vector once the transaction is applied.
    this.local = transaction.afterState;
    if (transaction.origin === this.provider) {
      const gained: StateVector = new Map();
      transaction.afterState.forEach((clock, client) => {
        if ((transaction.beforeState.get(client) ?? 0) < clock) gained.set(client, clock);
      });
      if (gained.size > 0) this.ledger.received(gained);
    }
    else if (transaction.local && !this.fromCopy(transaction.origin)) this.ledger.localChange();
    // Local edits change the state vector (and deletes add a message): recompute either way.
    this.changed();
  };

  /** Wraps the current socket's send to number the messages the server numbers. */
  private hook(): void {
    const ws = this.provider.ws;
    if (!ws || ws === this.hookedSocket) return;
    this.hookedSocket = ws;
    // Hooked on "connecting", before the socket opens: nothing was sent on it yet.
    const send = ws.send.bind(ws);
    ws.send = (data: Parameters<WebSocket["send"]>[0]) => {
      if (data instanceof Uint8Array) {
        const kind = acknowledgeableKind(data);
        if (kind) {
          this.ledger.sentMessage(kind);
          this.changed();
        }
      }
      send(data);
    };
  }

  /** Coalesces the recomputation to once per microtask. */
  private changed(): void {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      this.recompute();
    });
  }

  private recompute(): void {
    const next: SaveSnapshot = { status: this.ledger.status(this.local), access: this.ledger.access };
    if (next.status === "saved") this.ledger.settle();
    if (next.status === this.snapshot.status && next.access === this.snapshot.access) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
