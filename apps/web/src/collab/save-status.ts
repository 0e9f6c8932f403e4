import { readVarUint, createDecoder } from "lib0/decoding";
import type { WebsocketProvider } from "y-websocket";
import { handleDurableAcks, messageSync, syncStep2, syncUpdate } from "@taller/collab/client";

/**
 * The truthful save status behind "Guardado / Guardando… / Sin conexión": the server
 * acknowledges, after COMMIT, how many of the sync-step-2 and update messages this socket sent
 * are durable (`[100, seq]`, opted in with `?ack=1`). The client counts what it sends on each
 * socket; "saved" means every message sent so far is acknowledged. Counting restarts with each
 * socket, as the server's does: a reconnect begins with a step 2 carrying all unsaved changes.
 */
export type SaveStatus = "saved" | "saving" | "offline";

export class SaveTracker {
  private sent = 0;
  private acked = 0;
  private readonly listeners = new Set<(status: SaveStatus) => void>();
  private hookedSocket: WebSocket | null = null;

  constructor(private readonly provider: WebsocketProvider) {
    handleDurableAcks(provider as never, (seq) => {
      this.acked = Math.max(this.acked, seq);
      this.emit();
    });
    provider.on("status", this.onStatus);
    this.hook();
  }

  get status(): SaveStatus {
    if (!this.provider.wsconnected) return "offline";
    return this.acked >= this.sent ? "saved" : "saving";
  }

  subscribe(listener: (status: SaveStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.provider.off("status", this.onStatus);
    this.listeners.clear();
  }

  private readonly onStatus = () => {
    this.hook();
    this.emit();
  };

  /** Wraps the current socket's send to count the messages the server will acknowledge. */
  private hook(): void {
    const ws = this.provider.ws;
    if (!ws || ws === this.hookedSocket) return;
    this.hookedSocket = ws;
    this.sent = 0;
    this.acked = 0;
    const send = ws.send.bind(ws);
    ws.send = (data: Parameters<WebSocket["send"]>[0]) => {
      if (data instanceof Uint8Array && isAcknowledgeable(data)) {
        this.sent++;
        queueMicrotask(() => this.emit());
      }
      send(data);
    };
  }

  private emit(): void {
    const status = this.status;
    for (const listener of this.listeners) listener(status);
  }
}

/** True for sync step 2 and update messages: the ones the server counts for acknowledgements. */
export function isAcknowledgeable(frame: Uint8Array): boolean {
  try {
    const decoder = createDecoder(frame);
    if (readVarUint(decoder) !== messageSync) return false;
    const kind = readVarUint(decoder);
    return kind === syncStep2 || kind === syncUpdate;
  } catch {
    return false;
  }
}
