import WebSocket from "ws";
import * as decoding from "lib0/decoding";
import { Framing, MessageType, type TargetInfo } from "./target";

/** Empty Yjs state vector: "I have nothing". */
const EMPTY_STATE_VECTOR = new Uint8Array([0]);

export interface RawPeerEvents {
  /** A document update (sync step 2 or update) arrived; payload is the Yjs update. */
  onUpdate?(payload: Uint8Array, at: number): void;
  /** Taller's durable acknowledgement: every write up to `seq` is committed. */
  onAck?(seq: number, at: number): void;
  /** Hocuspocus' SyncStatus: the server applied an update (in memory). */
  onApplied?(at: number): void;
}

/**
 * A protocol-level client without a Y.Doc: sends pre-encoded updates, and hands received updates
 * to the scenario, which only looks for its markers in them. That keeps the load generator cheap
 * enough to drive hundreds of sockets from one process on a 2-core machine.
 */
export class RawPeer {
  readonly framing: Framing;
  ws!: WebSocket;
  /** Bytes of document updates received (step 2 + updates). */
  receivedBytes = 0;
  /** Time of the first sync step 2 after the last connect, or 0. */
  syncedAt = 0;
  openedAt = 0;
  /** With `expectBytes` set: when the update bytes received reached it (after a step 2). */
  completeAt = 0;
  /** Size of the document this peer should end up holding (0: unknown). */
  expectBytes = 0;
  writes = 0;
  /** Sync step 2 frames this peer sent (Taller counts them as writes in its acknowledgements). */
  step2Sent = 0;
  closed = false;

  constructor(
    target: TargetInfo,
    readonly name: string,
    private readonly events: RawPeerEvents = {},
    private readonly options: { ack?: boolean } = {},
  ) {
    this.framing = new Framing(target, name);
  }

  /** Opens the socket and sends the opening and our sync step 1 (we have nothing). */
  connect(): Promise<void> {
    this.syncedAt = 0;
    this.completeAt = 0;
    this.receivedBytes = 0;
    this.closed = false;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.framing.url(this.options), { headers: this.framing.target.headers, perMessageDeflate: false });
      this.ws = ws;
      ws.binaryType = "nodebuffer";
      this.openedAt = performance.now();
      ws.on("open", () => {
        for (const frame of this.framing.opening()) ws.send(frame);
        ws.send(this.framing.sync(0, EMPTY_STATE_VECTOR));
        resolve();
      });
      ws.on("message", (data: Buffer) => this.receive(data));
      ws.on("error", (error) => {
        if (ws.readyState !== WebSocket.OPEN) reject(error);
      });
      ws.on("close", () => (this.closed = true));
    });
  }

  sendUpdate(update: Uint8Array): void {
    this.writes++;
    this.ws.send(this.framing.sync(2, update));
  }

  /** Simulates a dropped network: the socket is destroyed without a closing handshake. */
  drop(): void {
    this.ws.terminate();
  }

  close(): void {
    this.ws.close();
  }

  private receive(data: Buffer): void {
    const at = performance.now();
    const message = this.framing.read(data);
    if (message === null) return;
    const { decoder } = message;
    switch (message.type) {
      case MessageType.sync:
      case MessageType.syncReply: {
        const subType = decoding.readVarUint(decoder);
        if (subType === 0) {
          // The server's step 1: answer with an empty step 2 (we hold nothing it lacks).
          this.ws.send(this.framing.sync(1, new Uint8Array([0, 0])));
          this.step2Sent++;
          return;
        }
        const payload = decoding.readVarUint8Array(decoder);
        this.receivedBytes += payload.byteLength;
        if (subType === 1 && this.syncedAt === 0) this.syncedAt = at;
        // Servers that load storage after answering (y-websocket-server) send the content as a
        // later update: complete means the bytes arrived, whichever message carried them.
        if (this.completeAt === 0 && this.syncedAt > 0 && this.receivedBytes >= this.expectBytes * 0.98) this.completeAt = at;
        this.events.onUpdate?.(payload, at);
        return;
      }
      case MessageType.durableAck:
        this.events.onAck?.(decoding.readVarUint(decoder), at);
        return;
      case MessageType.syncStatus:
        this.events.onApplied?.(at);
        return;
      default:
        return;
    }
  }
}
