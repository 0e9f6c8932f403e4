import type { AwarenessBudget, PresenceIdentity } from "./awareness-guard";
import { ConnectionRateLimiter, type RateLimits } from "./rate-limit";

/**
 * The minimal WebSocket-like transport the host needs. A `ws` WebSocket fits through
 * `attachWebSocket`; any other transport (a test double, another WebSocket library) only has to
 * provide these and report incoming frames with `host.handleMessage` and closure with
 * `host.handleClose`.
 */
export interface CollabSocket {
  /** Sends one binary frame. May throw if the socket is already gone; the host handles that. */
  send(data: Uint8Array): void;
  /** Closes with a WebSocket close code and a short reason. */
  close(code: number, reason: string): void;
  /** Bytes queued but not yet sent; used to drop peers that stopped reading. */
  readonly bufferedAmount?: number;
}

/** What the server decided about a connection at upgrade time (from session, origin and role). */
export interface ConnectionAccess {
  /** Document (room) name, e.g. the `<collabName>` of `/collab/<collabName>`. */
  room: string;
  /** Read-only connections may sync and share awareness but never change the document. */
  readOnly: boolean;
  /** Lets the server find a user's connections after a role change or logout. */
  userId?: string;
  /** Opt-in to session signals (ack 100, refusal 101, access 102 frames), e.g. from `?ack=1`. */
  wantsAck?: boolean;
  /**
   * Who this is, from the session: becomes the `user` field of every awareness state the
   * connection publishes, whatever the client put there. Without it the client's field is relayed.
   */
  identity?: PresenceIdentity;
}

/** Lifecycle of a connection: frames are queued while its room loads. */
export type ConnectionPhase = "loading" | "open" | "closed";

/**
 * One client socket attached to the host: the handle returned by `host.addConnection`. Its public
 * fields describe the connection; the mutable bookkeeping below them belongs to the host (change
 * rights through `host.setReadOnly`, never by assigning `readOnly`).
 */
export class CollabConnection {
  private static nextId = 1;
  /** Process-unique id, handy in logs. */
  readonly id = CollabConnection.nextId++;
  readonly room: string;
  readonly userId: string | undefined;
  readonly wantsAck: boolean;
  readonly identity: PresenceIdentity | undefined;
  readOnly: boolean;
  phase: ConnectionPhase = "loading";

  /** @internal Frames received before the room finished loading, applied in order afterwards. */
  queuedFrames: Uint8Array[] = [];
  /** @internal The awareness clientID this connection may speak for (first one it announced). */
  awarenessClientId: number | undefined;
  /** @internal What relaying this connection's presence may cost (created on its first awareness). */
  awarenessBudget: AwarenessBudget | undefined;
  /**
   * @internal Count of sync-step-2/update messages received on this socket, whatever became of
   * them (applied, refused or no-op): the ack sequence, so client and server never disagree.
   */
  writesReceived = 0;
  /** @internal Highest sequence already acknowledged to the client. */
  ackedWrites = 0;
  /** @internal Acks waiting for the room's durable sequence to reach `roomSeq`. */
  pendingAcks: { clientSeq: number; roomSeq: number }[] = [];
  /**
   * @internal The room's stored state was sent to this connection while the room was still
   * loading, so its own sync step 1 needs only what changed since (see `earlyServeBytes`).
   */
  servedStoredState = false;
  /** @internal Whether the read-only "permission denied" notice was already sent once. */
  toldReadOnly = false;
  /**
   * @internal The host sent a sync step 1 and no step 2 has arrived since: a refusal for missing
   * dependencies then sends no further step 1 (the coming step 2 already carries what is lacking).
   */
  awaitingStep2 = false;
  /** @internal */
  readonly rateLimiter: ConnectionRateLimiter;

  constructor(
    /** @internal */ readonly socket: CollabSocket,
    access: ConnectionAccess,
    rateLimits: RateLimits,
    now: number,
  ) {
    this.room = access.room;
    this.readOnly = access.readOnly;
    this.userId = access.userId;
    this.wantsAck = access.wantsAck ?? false;
    this.identity = access.identity;
    this.rateLimiter = new ConnectionRateLimiter(rateLimits, now);
  }
}
