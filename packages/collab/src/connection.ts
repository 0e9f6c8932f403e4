// One client socket attached to the host: what the server decided about it, where it is in its
// life (loading → open → closed), its acknowledgement ledger and the one path frames take to it.
import { AckLedger } from "./ack-ledger";
import type { AwarenessBudget, PresenceIdentity } from "./awareness-guard";
import { CloseCode, CloseReason } from "./protocol";
import { ConnectionRateLimiter, type RateLimits } from "./rate-limit";
import type { Room } from "./room";

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

/** A room as the host holds it: its members are CollabConnections. */
export type HostedRoom = Room<CollabConnection>;

/**
 * Where a connection is in its life. What belongs to a phase exists only in it: frames wait in
 * `queued` only while the room loads, and only an open connection has a room.
 */
export type ConnectionState =
  | {
      phase: "loading";
      /** Frames received before the room finished loading, applied in order when it opens. */
      queued: Uint8Array[];
      /** The stored document was sent ahead of the room (early serve, see `earlyServeBytes`). */
      servedStoredState: boolean;
    }
  | {
      phase: "open";
      room: HostedRoom;
      /**
       * It was served the stored state the room was built from, and every change since it
       * joined was broadcast to it: its first sync step 1 is answered with an empty update.
       */
      servedStoredState: boolean;
    }
  | { phase: "closed" };

/** What a connection asks of the host that owns it when its transport fails under it. */
export interface ConnectionOwner {
  closeConnection(connection: CollabConnection, code: number, reason: string): void;
  handleClose(connection: CollabConnection): void;
}

/** Per-connection limits from the host's configuration. */
export interface ConnectionLimits {
  rate: RateLimits;
  maxBufferedBytes: number;
}

/**
 * One client socket attached to the host: the handle returned by `host.addConnection`. Its public
 * fields describe the connection; the mutable bookkeeping below them belongs to the host (change
 * rights through `host.setReadOnly`, never by assigning `readOnly`).
 */
export class CollabConnection {
  private static nextId = 1;
  /** Process-unique id, handy in logs. */
  readonly id = CollabConnection.nextId++;
  /** Name of the connection's room (document). */
  readonly room: string;
  readonly userId: string | undefined;
  readonly wantsAck: boolean;
  readonly identity: PresenceIdentity | undefined;
  readOnly: boolean;

  /** @internal */
  state: ConnectionState = { phase: "loading", queued: [], servedStoredState: false };
  /** @internal Numbering, acks and refusals of the client's sync-step-2/update messages. */
  readonly acks: AckLedger;
  /** @internal The awareness clientID this connection may speak for (first one it announced). */
  awarenessClientId: number | undefined;
  /** @internal What relaying this connection's presence may cost (created on its first awareness). */
  awarenessBudget: AwarenessBudget | undefined;
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
    private readonly limits: ConnectionLimits,
    now: number,
    private readonly owner: ConnectionOwner,
  ) {
    this.room = access.room;
    this.readOnly = access.readOnly;
    this.userId = access.userId;
    this.wantsAck = access.wantsAck ?? false;
    this.identity = access.identity;
    this.rateLimiter = new ConnectionRateLimiter(limits.rate, now);
    this.acks = new AckLedger(this.wantsAck, (frame) => this.send(frame));
  }

  get phase(): ConnectionPhase {
    return this.state.phase;
  }

  /**
   * @internal Every frame to the client goes through here. Connections still loading never get
   * anything, which is what guarantees "no sync message before the load finished" (the early
   * serve of a big document is the one exception, see `serveStored`).
   */
  send(frame: Uint8Array): void {
    if (this.state.phase !== "open") return;
    const buffered = this.socket.bufferedAmount;
    if (buffered !== undefined && buffered > this.limits.maxBufferedBytes) {
      this.owner.closeConnection(this, CloseCode.slowConsumer, CloseReason.slowConsumer);
      return;
    }
    try {
      this.socket.send(frame);
    } catch {
      // The transport is already gone; its close event may never come, so detach now.
      this.owner.handleClose(this);
    }
  }

  /**
   * @internal Sends the stored document while its room still loads (once). The frames are
   * exactly what the room will hold once loaded. Returns whether they were sent now.
   */
  serveStored(frames: readonly Uint8Array[]): boolean {
    const state = this.state;
    if (state.phase !== "loading" || state.servedStoredState) return false;
    state.servedStoredState = true;
    try {
      for (const frame of frames) this.socket.send(frame);
    } catch {
      this.owner.handleClose(this);
    }
    return true;
  }

  /** @internal Loading → open in `room`; returns the frames queued meanwhile, to apply in order. */
  open(room: HostedRoom): Uint8Array[] {
    const state = this.state;
    if (state.phase !== "loading") throw new Error(`cannot open a connection that is ${state.phase}`);
    this.state = { phase: "open", room, servedStoredState: state.servedStoredState };
    return state.queued;
  }

  /**
   * @internal → closed. Returns the state it left (for the host to release what that held), or
   * undefined if it was already closed. Waiting acks are dropped: nobody is left to tell.
   */
  end(): Exclude<ConnectionState, { phase: "closed" }> | undefined {
    const state = this.state;
    if (state.phase === "closed") return undefined;
    this.state = { phase: "closed" };
    this.acks.clear();
    return state;
  }
}
