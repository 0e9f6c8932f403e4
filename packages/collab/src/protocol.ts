// Framing of the y-websocket wire protocol, plus the one opt-in extension (durable ack).
//
// Every frame is `[messageType: varUint, ...body]`. The host only ever *parses* frames here; it
// never applies anything. Keeping parsing separate from applying is what lets the host reject a
// malformed frame before it touches a room.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

/** y-websocket top-level message types (y-websocket/src/y-websocket.js). */
export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;
/**
 * Taller's session signals (server → client), sent only to connections that opted in
 * (`wantsAck`, `?ack=1`), because the stock client logs "Unable to compute message" for unknown
 * types. The server numbers every sync-step-2/update message a client sends on a socket, from 1,
 * whatever becomes of it, so both sides always agree on the numbering.
 *
 * `[100, varUint(seq), varUint8Array(durableStateVector)]`: messages 1..seq were all handled —
 * each is committed in storage or was refused by a 101 sent before this ack. The state vector
 * describes what the room holds committed (never pending structs, never queued updates), so the
 * client can check that storage covers its own document.
 */
export const messageDurableAck = 100;
/** `[101, varUint(seq), varString(reason)]`: message `seq` was neither applied, stored nor broadcast. */
export const messageRefused = 101;
/**
 * `[102, varString(access)]`: "write" or "read"; sent when the connection joins its loaded room
 * (before the server's sync step 1) and whenever its rights change. A change to "write" is
 * followed by a fresh sync step 1, so changes refused while read-only are sent again.
 */
export const messageAccess = 102;

/** Why the server refused a client's sync-step-2/update message. */
export const RefusalReason = {
  /** The connection may not change the document. */
  readOnly: "read_only",
  /** It depends on content the server lacks; a server sync step 1 follows so the client resends. */
  missingDependencies: "missing_dependencies",
  /** It would break the document's shape for its kind. */
  invalidContent: "invalid_content",
  /** It would take the document beyond the configured size cap. */
  documentTooLarge: "document_too_large",
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

/** A connection's rights as told to the client. */
export type Access = "write" | "read";

/** y-protocols/sync sub-types inside a messageSync frame. */
export const syncStep1 = 0;
export const syncStep2 = 1;
export const syncUpdate = 2;

/** y-protocols/auth sub-type: permission denied (the only one the stock client understands). */
const authPermissionDenied = 0;

/**
 * WebSocket close codes the host uses. 44xx codes make the stock y-websocket client stop
 * reconnecting (its default `shouldReconnect`), so they are reserved for "reconnecting cannot
 * fix this"; every other code means "transient, back off and retry".
 */
export const CloseCode = {
  /** Text frame on a binary protocol (closed by the ws adapter). */
  unsupportedData: 1003,
  /** Per-connection token bucket exhausted; the client may reconnect after backoff. */
  rateLimited: 1008,
  /** Frame larger than `limits.maxFrameBytes`. */
  frameTooLarge: 1009,
  /** Unexpected exception inside the host while handling this connection. */
  internalError: 1011,
  /** `host.close()`: the process is shutting down or restarting. */
  serverRestarting: 1012,
  /** The peer does not read fast enough (`limits.maxBufferedBytes` exceeded). */
  slowConsumer: 1013,
  /** Bad varint, truncated body, unknown message type, undecodable Yjs update. */
  malformedFrame: 4400,
  /** Suggested for the server: session ended (logout). */
  unauthenticated: 4401,
  /** Suggested for the server: access to the document revoked. */
  forbidden: 4403,
  /** Storage failed to load the room; transient (outside 44xx so the client retries). */
  loadFailed: 4500,
} as const;

/** Close reasons paired with the codes above (short ASCII; WebSocket reasons are ≤ 123 bytes). */
export const CloseReason = {
  unsupportedData: "binary_only",
  rateLimited: "rate_limited",
  frameTooLarge: "frame_too_large",
  internalError: "internal_error",
  serverRestarting: "server_restarting",
  slowConsumer: "slow_consumer",
  malformedFrame: "malformed_frame",
  invalidUpdate: "invalid_update",
  loadFailed: "load_failed",
} as const;

/** A frame from a client, parsed but not yet validated against (or applied to) any room. */
export type ClientFrame =
  | { kind: "syncStep1"; stateVector: Uint8Array }
  | { kind: "syncStep2"; update: Uint8Array }
  | { kind: "update"; update: Uint8Array }
  | { kind: "awareness"; update: Uint8Array }
  | { kind: "queryAwareness" };

/** Thrown by `parseClientFrame`; the host turns it into a 4400 close of that socket only. */
export class MalformedFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedFrameError";
  }
}

/**
 * Parses one binary frame a client sent. The caller must pass a Uint8Array that owns its
 * ArrayBuffer (see `ownedCopy`), so views returned here never alias another frame's memory.
 * Trailing bytes are rejected: the stock client never sends them, and accepting them would let a
 * hostile client smuggle data past validation. Auth messages are server→client only.
 */
export function parseClientFrame(frame: Uint8Array): ClientFrame {
  try {
    const decoder = decoding.createDecoder(frame);
    const messageType = decoding.readVarUint(decoder);
    let parsed: ClientFrame;
    switch (messageType) {
      case messageSync: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === syncStep1) parsed = { kind: "syncStep1", stateVector: payload };
        else if (syncType === syncStep2) parsed = { kind: "syncStep2", update: payload };
        else if (syncType === syncUpdate) parsed = { kind: "update", update: payload };
        else throw new MalformedFrameError(`unknown sync message type ${syncType}`);
        break;
      }
      case messageAwareness:
        parsed = { kind: "awareness", update: decoding.readVarUint8Array(decoder) };
        break;
      case messageQueryAwareness:
        parsed = { kind: "queryAwareness" };
        break;
      default:
        throw new MalformedFrameError(`unknown message type ${messageType}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedFrameError("trailing bytes after message");
    return parsed;
  } catch (error) {
    if (error instanceof MalformedFrameError) throw error;
    throw new MalformedFrameError(`undecodable frame: ${(error as Error).message}`);
  }
}

/**
 * Checks that an update decodes completely (structs AND the delete set that follows them) without
 * touching any document. Y.applyUpdate integrates structs before it reads the delete set, so a
 * truncated delete set would otherwise half-apply; decoding first closes that hole. Returns the
 * decoded update, so the host's dependency and no-op checks need no second decode.
 */
export function assertDecodableUpdate(update: Uint8Array): DecodedUpdate {
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    throw new MalformedFrameError(`undecodable update: ${(error as Error).message}`);
  }
  // Yjs never writes an empty delete range, and applying one throws halfway through the
  // transaction, after the update's structs were integrated: the room could then no longer
  // encode its state for the next joiner. Found by the fuzz test.
  for (const ranges of decoded.ds.clients.values()) {
    if (ranges.some((range) => range.len === 0)) throw new MalformedFrameError("empty delete range in update");
  }
  return decoded;
}

/** An update's structs and delete set, as `Y.decodeUpdate` returns them. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Checks that a sync-step-1 payload is a well-formed state vector. */
export function assertDecodableStateVector(stateVector: Uint8Array): void {
  try {
    Y.decodeStateVector(stateVector);
  } catch (error) {
    throw new MalformedFrameError(`undecodable state vector: ${(error as Error).message}`);
  }
}

/**
 * Returns a copy of `data` that owns an ArrayBuffer of exactly its length. Incoming `ws` Buffers
 * can be views into pooled slabs shared with other sockets' data; decoding from a private copy
 * means no length prefix can ever read a neighbour's bytes and nothing we keep pins the slab.
 */
export function ownedCopy(data: Uint8Array): Uint8Array {
  return new Uint8Array(data);
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** `[0, 0, stateVector(doc)]`: the server's half of the initial handshake. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, messageSync);
    encoding.writeVarUint(e, syncStep1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });
}

/** `[0, 1, diff]`: everything the peer lacks relative to its state vector. */
export function encodeSyncStep2(doc: Y.Doc, peerStateVector?: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, messageSync);
    encoding.writeVarUint(e, syncStep2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, peerStateVector));
  });
}

/** `[0, 1, update]` for bytes already encoded as an update (a stored state sent as is). */
export function encodeStep2Update(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, messageSync);
    encoding.writeVarUint(e, syncStep2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** `[0, 2, update]`: encoded once per document change and fanned out as the same bytes. */
export function encodeUpdateFrame(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, messageSync);
    encoding.writeVarUint(e, syncUpdate);
    encoding.writeVarUint8Array(e, update);
  });
}

/** `[1, awarenessUpdate]`. */
export function encodeAwarenessFrame(awarenessUpdate: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, messageAwareness);
    encoding.writeVarUint8Array(e, awarenessUpdate);
  });
}

/** `[2, 0, reason]`: the stock client logs "Permission denied" and keeps the connection. */
export function encodePermissionDenied(reason: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, messageAuth);
    encoding.writeVarUint(e, authPermissionDenied);
    encoding.writeVarString(e, reason);
  });
}

/** `[100, seq, durableStateVector]`: see `messageDurableAck`. */
export function encodeDurableAck(seq: number, durableStateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, messageDurableAck);
    encoding.writeVarUint(e, seq);
    encoding.writeVarUint8Array(e, durableStateVector);
  });
}

/** `[101, seq, reason]`: see `messageRefused`. */
export function encodeRefusal(seq: number, reason: RefusalReason): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, messageRefused);
    encoding.writeVarUint(e, seq);
    encoding.writeVarString(e, reason);
  });
}

/** `[102, access]`: see `messageAccess`. */
export function encodeAccess(access: Access): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, messageAccess);
    encoding.writeVarString(e, access);
  });
}

/** A session signal as a client reads it. */
export type SessionSignal =
  | { kind: "ack"; seq: number; durableStateVector: Map<number, number> }
  | { kind: "refused"; seq: number; reason: string }
  | { kind: "access"; access: Access };

/** Reads the body of a session signal whose type was already read from `decoder`. */
export function readSessionSignal(messageType: number, decoder: decoding.Decoder): SessionSignal | null {
  switch (messageType) {
    case messageDurableAck: {
      const seq = decoding.readVarUint(decoder);
      return { kind: "ack", seq, durableStateVector: Y.decodeStateVector(decoding.readVarUint8Array(decoder)) };
    }
    case messageRefused:
      return { kind: "refused", seq: decoding.readVarUint(decoder), reason: decoding.readVarString(decoder) };
    case messageAccess: {
      const access = decoding.readVarString(decoder);
      return access === "write" || access === "read" ? { kind: "access", access } : null;
    }
    default:
      return null;
  }
}

/**
 * Reads a whole frame as a session signal, or null when it is some other message (or
 * malformed). For clients and tests that opted in with `?ack=1`.
 */
export function decodeSessionSignal(frameBytes: Uint8Array): SessionSignal | null {
  try {
    const decoder = decoding.createDecoder(frameBytes);
    return readSessionSignal(decoding.readVarUint(decoder), decoder);
  } catch {
    return null;
  }
}

/** True for sync step 2 and update frames: the client messages the server numbers. */
export function isAcknowledgeable(frameBytes: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(frameBytes);
    if (decoding.readVarUint(decoder) !== messageSync) return false;
    const kind = decoding.readVarUint(decoder);
    return kind === syncStep2 || kind === syncUpdate;
  } catch {
    return false;
  }
}
