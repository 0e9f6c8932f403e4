// Client side of Taller's session signals (acks, refusals, access), for browsers using the stock
// y-websocket provider. See `messageDurableAck` in protocol.ts for the wire format.
import type * as decoding from "lib0/decoding";
import type * as encoding from "lib0/encoding";
import { messageAccess, messageDurableAck, messageRefused, readSessionSignal, type Access } from "./protocol";

/** The part of y-websocket's WebsocketProvider this helper touches (kept structural on purpose). */
export interface ProviderWithMessageHandlers {
  messageHandlers: Array<(encoder: encoding.Encoder, decoder: decoding.Decoder, provider: never, emitSynced: boolean, messageType: number) => void>;
}

/** What a client does with each session signal. */
export interface SessionSignalHandlers {
  /**
   * Messages 1..seq sent on the current socket are handled (committed, or refused earlier);
   * `durableStateVector` is what the room holds committed (clientID → clock).
   */
  onAck(seq: number, durableStateVector: Map<number, number>): void;
  /** Message `seq` was neither applied nor stored, for `reason` (a `RefusalReason`). */
  onRefused(seq: number, reason: string): void;
  /** The connection's rights, on join and whenever they change. */
  onAccess(access: Access): void;
}

/**
 * Registers handlers for types 100–102 on a stock WebsocketProvider (connect with
 * `params: { ack: "1" }` so the server sends them). Sequence numbers restart with every socket;
 * count your sync-step-2/update sends per socket (`isAcknowledgeable`) to match them.
 */
export function handleSessionSignals(provider: ProviderWithMessageHandlers, handlers: SessionSignalHandlers): void {
  // The handlers write nothing to the encoder, so the provider sends no reply.
  const handle = (_encoder: encoding.Encoder, decoder: decoding.Decoder, _provider: never, _emitSynced: boolean, messageType: number) => {
    const signal = readSessionSignal(messageType, decoder);
    if (signal === null) return;
    if (signal.kind === "ack") handlers.onAck(signal.seq, signal.durableStateVector);
    else if (signal.kind === "refused") handlers.onRefused(signal.seq, signal.reason);
    else handlers.onAccess(signal.access);
  };
  provider.messageHandlers[messageDurableAck] = handle;
  provider.messageHandlers[messageRefused] = handle;
  provider.messageHandlers[messageAccess] = handle;
}
