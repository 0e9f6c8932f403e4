// The hot path of fan-out: the same frame goes to every connection of a room. `ws.send` would
// build a WebSocket header for each recipient and issue two writes each; here the complete
// server-to-client frame (header + payload, unmasked) is built once per frame and written to
// each TCP socket as is, and sockets written in one event-loop turn stay corked until the turn
// ends, so a burst of updates costs each peer one writev instead of one syscall per frame.
import type { Socket } from "node:net";

/** Frames above this go through `ws.send` (no copy into a combined buffer for big payloads). */
export const DIRECT_FRAME_LIMIT = 64 * 1024;

const framed = new WeakMap<Uint8Array, Buffer>();

/** RFC 6455 §5.2 binary frame, FIN set, no mask (server to client). */
export function binaryFrame(payload: Uint8Array): Buffer {
  let frame = framed.get(payload);
  if (frame !== undefined) return frame;
  const length = payload.byteLength;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, headerLength);
  framed.set(payload, frame);
  return frame;
}

const corked = new Set<Socket>();
let uncorkScheduled = false;

function uncorkAll(): void {
  uncorkScheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/** Holds the socket's writes until the current event-loop turn ends (setImmediate). */
export function corkForThisTurn(socket: Socket): void {
  if (corked.has(socket)) return;
  socket.cork();
  corked.add(socket);
  if (!uncorkScheduled) {
    uncorkScheduled = true;
    setImmediate(uncorkAll);
  }
}
