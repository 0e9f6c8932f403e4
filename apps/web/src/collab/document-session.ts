import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import { SaveTracker } from "./save-status";

/**
 * The one place where the web app opens a live document: a Y.Doc kept in IndexedDB (so edits
 * made offline survive a reload and are sent when the connection returns), connected to the
 * server's room at /collab/<collabName> with the session cookie (same origin) and durable
 * acknowledgements on. Features (editor, canvas) get a session and never create providers.
 */
export interface PresenceUser {
  name: string;
  org: string;
  color: string;
}

export class DocumentSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly local: IndexeddbPersistence;
  readonly save: SaveTracker;
  /** Resolves when the local copy is loaded (offline edits are visible before the server answers). */
  readonly localReady: Promise<void>;

  constructor(collabName: string, user: PresenceUser) {
    // Local first: what IndexedDB holds is in the doc before the provider's first sync.
    this.local = new IndexeddbPersistence(`taller:${collabName}`, this.doc);
    this.localReady = this.local.whenSynced.then(() => undefined);
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    this.provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, collabName, this.doc, {
      params: { ack: "1" },
      disableBc: true,
    });
    this.provider.awareness.setLocalStateField("user", user);
    this.save = new SaveTracker(this.provider);
    // The provider notices a dead connection only after 30 s without messages; the browser knows
    // at once when the network goes away, so the status says "Sin conexión" without delay.
    window.addEventListener("offline", this.onOffline);
    window.addEventListener("online", this.onOnline);
  }

  private readonly onOffline = () => this.provider.disconnect();
  private readonly onOnline = () => this.provider.connect();

  destroy(): void {
    window.removeEventListener("offline", this.onOffline);
    window.removeEventListener("online", this.onOnline);
    this.save.destroy();
    this.provider.destroy();
    void this.local.destroy();
    this.doc.destroy();
  }
}

// The server stamps every relayed presence with the same colour (packages/domain/src/presence.ts).
export { colorFor } from "@taller/domain/presence";
