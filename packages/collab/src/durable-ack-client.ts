// Client side of the durable acknowledgement, for browsers using the stock y-websocket provider.
import type * as decoding from "lib0/decoding";
import type * as encoding from "lib0/encoding";
import { readVarUint } from "lib0/decoding";
import { messageDurableAck } from "./protocol";

/** The part of y-websocket's WebsocketProvider this helper touches (kept structural on purpose). */
export interface ProviderWithMessageHandlers {
  messageHandlers: Array<(encoder: encoding.Encoder, decoder: decoding.Decoder, provider: never, emitSynced: boolean, messageType: number) => void>;
}

/**
 * Registers a handler for `[100, seq]` frames on a stock WebsocketProvider (connect with
 * `params: { ack: "1" }` so the server sends them). `onAck(seq)` means: the first `seq` sync-step-2
 * and update messages this provider sent on the current socket are committed. The counter restarts
 * with every new socket (each reconnect starts with a step 2 that carries all unsaved changes).
 */
export function handleDurableAcks(provider: ProviderWithMessageHandlers, onAck: (seq: number) => void): void {
  provider.messageHandlers[messageDurableAck] = (_encoder, decoder) => {
    // Writes nothing to the encoder, so the provider sends no reply.
    onAck(readVarUint(decoder));
  };
}
