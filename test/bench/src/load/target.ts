import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

/** Which server a run talks to; each speaks the y-websocket messages in its own framing. */
export type ServerKind = "taller" | "y-websocket-server" | "hocuspocus";
export const SERVER_KINDS: readonly ServerKind[] = ["taller", "y-websocket-server", "hocuspocus"];

export interface TargetInfo {
  kind: ServerKind;
  wsPort: number;
  probePort: number;
  headers: Record<string, string>;
}

/** A y-websocket message (type varuint + body) as the server sent it, without per-server framing. */
export interface Message {
  type: number;
  decoder: decoding.Decoder;
}

export const MessageType = { sync: 0, awareness: 1, auth: 2, syncReply: 4, syncStatus: 8, durableAck: 100 } as const;

/**
 * The per-server framing of one document's messages on one socket.
 * - taller: y-websocket framing at /collab/<name>?ack=1, session cookie + Origin on the upgrade.
 * - y-websocket-server: y-websocket framing at /<name>.
 * - hocuspocus: every message starts with the document name (varString); the first one a
 *   client sends must be an Auth token message; sync replies to our step 1 come as SyncReply.
 */
export class Framing {
  private readonly prefix: Uint8Array;
  constructor(
    readonly target: TargetInfo,
    readonly name: string,
  ) {
    const encoder = encoding.createEncoder();
    if (target.kind === "hocuspocus") encoding.writeVarString(encoder, name);
    this.prefix = encoding.toUint8Array(encoder);
  }

  url(options: { ack?: boolean } = {}): string {
    const base = `ws://127.0.0.1:${this.target.wsPort}`;
    switch (this.target.kind) {
      case "taller":
        return `${base}/collab/${this.name}${options.ack === false ? "" : "?ack=1"}`;
      case "y-websocket-server":
        return `${base}/${this.name}`;
      case "hocuspocus":
        return `${base}/`;
    }
  }

  /** Frames to send right after the socket opens (before our step 1). */
  opening(): Uint8Array[] {
    if (this.target.kind !== "hocuspocus") return [];
    const encoder = this.start();
    encoding.writeVarUint(encoder, MessageType.auth);
    encoding.writeVarUint(encoder, 0); // token message
    encoding.writeVarString(encoder, "");
    return [encoding.toUint8Array(encoder)];
  }

  /** Encoder positioned after the framing prefix. */
  start(): encoding.Encoder {
    const encoder = encoding.createEncoder();
    encoding.writeUint8Array(encoder, this.prefix);
    return encoder;
  }

  sync(subType: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
    const encoder = this.start();
    encoding.writeVarUint(encoder, MessageType.sync);
    encoding.writeVarUint(encoder, subType);
    encoding.writeVarUint8Array(encoder, payload);
    return encoding.toUint8Array(encoder);
  }

  /** Strips the framing; null for a frame of another document (never happens with one doc per socket). */
  read(frame: Uint8Array): Message | null {
    const decoder = decoding.createDecoder(frame);
    if (this.target.kind === "hocuspocus" && decoding.readVarString(decoder) !== this.name) return null;
    return { type: decoding.readVarUint(decoder), decoder };
  }
}
