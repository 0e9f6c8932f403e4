// Adapter from a `ws` WebSocket to the host's CollabSocket. `ws` is only a type import here: the
// server passes in sockets it already created (e.g. from a WebSocketServer in noServer mode behind
// the Hono upgrade), so the collab core has no runtime dependency on it.
import type { Socket } from "node:net";
import type { RawData, WebSocket } from "ws";
import { DIRECT_FRAME_LIMIT, binaryFrame, corkForThisTurn } from "./frame-writer";
import type { CollabConnection, CollabSocket, ConnectionAccess } from "./connection";
import type { CollabHost } from "./host";
import { CloseCode, CloseReason } from "./protocol";

/** Options of attachWebSocket. */
export interface AttachWebSocketOptions {
  /**
   * Ping interval; a socket that did not answer the previous ping is terminated, so half-open
   * TCP connections (laptop lid closed) release their presence. Default 30 s; 0 disables.
   */
  heartbeatMs?: number;
  /**
   * Sees every incoming frame before the host does (`null` for a text frame) and calls `deliver`
   * to hand it on: now, later (frames delivered later must keep their order), or never. The
   * server uses it to hold frames at a session's deadline until the session is re-read.
   */
  gate?: (frame: Uint8Array | null, deliver: () => void) => void;
}

/**
 * Connects a `ws` WebSocket to the host with the access the server decided at upgrade time, and
 * wires its message/close events. Text frames close the socket (1003): the protocol is binary.
 * Configure the WebSocketServer's `maxPayload` at or above `host.maxPayloadBytes` (a writer's sync
 * step 2 may reach the document cap; ws closes 1009 itself for anything larger, and the host
 * closes other frames above `maxFrameBytes`). Returns the connection handle for setReadOnly etc.
 */
export function attachWebSocket(
  host: CollabHost,
  ws: WebSocket,
  access: ConnectionAccess,
  options: AttachWebSocketOptions = {},
): CollabConnection {
  ws.binaryType = "nodebuffer";
  // The TCP socket under `ws` (a private field, unchanged across ws 7 and 8; without it every
  // frame goes through `ws.send`). Writing frames to it directly is safe because this server
  // never enables permessage-deflate: `ws` then writes every frame synchronously and keeps no
  // queue that ours could overtake.
  const tcp = (ws as unknown as { _socket?: Socket })._socket;
  const direct = tcp !== undefined && !(ws.extensions ?? "").includes("permessage-deflate");
  const socket: CollabSocket = {
    send(data) {
      if (ws.readyState !== ws.OPEN) throw new Error("socket not open");
      if (direct && data.byteLength <= DIRECT_FRAME_LIMIT) {
        corkForThisTurn(tcp);
        tcp.write(binaryFrame(data));
        return;
      }
      // Errors surface on the 'error'/'close' events, which detach the connection.
      ws.send(data, { binary: true }, () => {});
    },
    close(code, reason) {
      ws.close(code, reason);
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  };
  const connection = host.addConnection(socket, access);

  const receive = (frame: Uint8Array | null): void => {
    if (frame === null) host.closeConnection(connection, CloseCode.unsupportedData, CloseReason.unsupportedData);
    else host.handleMessage(connection, frame);
  };
  const gate = options.gate;
  ws.on("message", (data: RawData, isBinary: boolean) => {
    const frame = isBinary ? toUint8Array(data) : null;
    if (gate === undefined) receive(frame);
    else gate(frame, () => receive(frame));
  });

  let alive = true;
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const heartbeat =
    heartbeatMs > 0
      ? setInterval(() => {
          if (!alive) {
            ws.terminate();
            return;
          }
          alive = false;
          ws.ping();
        }, heartbeatMs)
      : undefined;
  heartbeat?.unref();
  ws.on("pong", () => {
    alive = true;
  });

  ws.on("close", () => {
    if (heartbeat !== undefined) clearInterval(heartbeat);
    host.handleClose(connection);
  });
  // Without a listener, ws rethrows 'error' as an uncaught exception; 'close' always follows.
  ws.on("error", () => {});
  return connection;
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
