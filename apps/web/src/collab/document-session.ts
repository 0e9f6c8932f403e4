import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import { CloseCode } from "@taller/collab/client";
import { api, reportUnauthenticated } from "../api";
import { isNoAccess } from "../components/errors";
import { BASELINE_KEY, type StoredBaseline } from "./copy-reader";
import { copyName, registerLiveCopy, rememberCopy, type UnsavedSummary } from "./local-copies";
import { SaveTracker, stateVectorOf } from "./save-status";
import { STUDY_FIELD_NAME, documentKindOf, unsavedItems, type DocumentKind } from "./unsaved";

/**
 * The one place where the web app opens a live document: a Y.Doc kept in IndexedDB (so edits
 * made offline survive a reload and are sent when the connection returns), connected to the
 * server's room at /collab/<collabName> with the session cookie (same origin) and session
 * signals on (acks, refusals, access). Features (editor, canvas) get a session and never create
 * providers.
 */
export interface PresenceUser {
  name: string;
  org: string;
  color: string;
}

/** Why the server ended this connection for good (4401 / 4403); null while it may reconnect. */
export type SessionEnd = "session_ended" | "access_revoked" | null;

/** How often at most the stored baseline is rewritten while changes flow. */
const BASELINE_WRITE_MS = 1000;
/** How often at most a failing connection asks the API whether the session still exists. */
const SESSION_PROBE_MS = 5000;

export class DocumentSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly local: IndexeddbPersistence;
  readonly save: SaveTracker;
  readonly kind: DocumentKind;
  /** Resolves when the local copy is loaded (offline edits are visible before the server answers). */
  readonly localReady: Promise<void>;
  private endedBy: SessionEnd = null;
  private readonly endListeners = new Set<() => void>();
  private released: Promise<void> | null = null;
  private baselineTimer: ReturnType<typeof setTimeout> | null = null;
  private lastProbe = 0;
  private readonly unregister: () => void;
  private readonly unsubscribeSave: () => void;

  constructor(
    readonly collabName: string,
    user: PresenceUser & { id: string },
    readonly title: string,
    /**
     * Asks the API whether this person still reads what the room belongs to (see
     * onConnectionClose); a document's by default. A meeting's acta (`acta.<id>`) asks the meeting.
     */
    private readonly probeAccess: () => Promise<unknown> = () => api.documents.get(collabName.slice(collabName.indexOf(".") + 1)),
  ) {
    this.kind = documentKindOf(collabName) ?? "text";
    // This person's own copy: another person's copy of the same document (their session ended
    // without logging out) is neither opened, so its changes are never sent under this person's
    // name, nor deleted, so nothing they typed is lost; it syncs at their next login.
    const name = copyName(user.id, collabName);
    rememberCopy(user.id, collabName);
    // Local first: what IndexedDB holds is in the doc before the provider's first sync.
    this.local = new IndexeddbPersistence(name, this.doc);
    this.localReady = this.local.whenSynced.then(() => undefined);
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    this.provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, collabName, this.doc, {
      params: { ack: "1" },
      disableBc: true,
    });
    this.provider.awareness.setLocalStateField("user", { name: user.name, org: user.org, color: user.color });
    this.save = new SaveTracker(this.provider, this.doc, (origin) => origin === this.local);
    this.unsubscribeSave = this.save.subscribe(this.scheduleBaseline);
    this.provider.on("closed", this.onClosed);
    this.provider.on("connection-close", this.onConnectionClose);
    // The provider notices a dead connection only after 30 s without messages; the browser knows
    // at once when the network goes away, so the status says "Sin conexión" without delay.
    window.addEventListener("offline", this.onOffline);
    window.addEventListener("online", this.onOnline);
    this.unregister = registerLiveCopy({
      name,
      collabName,
      title,
      unsaved: () => this.unsaved(),
      release: () => this.release(),
    });
  }

  /** null while the connection may come back; otherwise why the server ended it. */
  get ended(): SessionEnd {
    return this.endedBy;
  }

  onEnded(listener: () => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** What this browser holds that storage is not known to hold (listed for the person to copy). */
  unsaved(): UnsavedSummary {
    const local = stateVectorOf(this.doc);
    const items = unsavedItems(this.doc, this.kind, STUDY_FIELD_NAME, this.save.ledger.uncovered(local));
    return {
      collabName: this.collabName,
      title: this.title,
      kind: this.kind,
      items,
      // Deletions and formatting leave nothing to list: say so when the ledger knows of unsettled changes.
      other: items.length === 0 && this.save.ledger.mayHaveUnlisted,
    } as UnsavedSummary;
  }

  private readonly onClosed = ({ code }: { code: number; reason: string }) => {
    if (code === CloseCode.unauthenticated) {
      this.end("session_ended");
      // The copy stays in IndexedDB: after the next login the same document syncs what it holds.
      // AuthProvider treats it like a 401 from the API: the login page, then back here.
      reportUnauthenticated();
    } else if (code === CloseCode.forbidden) {
      this.end("access_revoked");
    }
  };

  /**
   * A session that ended, or an access removed, while this browser was offline is refused at
   * the upgrade with HTTP 401 / 403 / 404, which a browser's WebSocket reports only as a failed
   * connection, the same as a network failure. When sockets fail before they open, ask the API
   * about the document (at most every few seconds): its 401 sends the person to the login page
   * (the copy kept for after the login); 403/404 is a loss of access, like a 4403 close.
   *
   * y-websocket emits "connection-close" before it clears `wsconnected` (and sets it false for
   * every new socket), so here it still tells whether the closing socket ever opened.
   */
  private readonly onConnectionClose = () => {
    if (this.provider.wsconnected || !navigator.onLine || this.endedBy !== null) return;
    const now = Date.now();
    if (now - this.lastProbe < SESSION_PROBE_MS) return;
    this.lastProbe = now;
    // A 401 reaches AuthProvider through the API client; other failures mean "try again later".
    this.probeAccess().catch((error: unknown) => {
      if (isNoAccess(error) && this.endedBy === null) this.end("access_revoked");
    });
  };

  private end(reason: Exclude<SessionEnd, null>): void {
    this.endedBy = reason;
    this.provider.disconnect();
    for (const listener of this.endListeners) listener();
  }

  private readonly onOffline = () => this.provider.disconnect();
  private readonly onOnline = () => {
    if (this.endedBy === null) this.provider.connect();
  };

  /** Records what is known stored, so unsaved changes can be listed later without the server (logout). */
  private readonly scheduleBaseline = () => {
    if (this.baselineTimer !== null || this.released) return;
    this.baselineTimer = setTimeout(() => {
      this.baselineTimer = null;
      void this.writeBaseline();
    }, BASELINE_WRITE_MS);
  };

  private async writeBaseline(): Promise<void> {
    const value: StoredBaseline = {
      baseline: [...this.save.ledger.baseline()],
      clean: this.save.current.status === "saved",
      title: this.title,
    };
    try {
      // The custom store takes strings, numbers, dates and buffers: JSON it is.
      await this.local.set(BASELINE_KEY, JSON.stringify(value));
    } catch {
      // The database was closed or deleted meanwhile (logout): nothing left to describe.
    }
  }

  /** Disconnects and closes the local database; the copy stays unless someone deletes it. */
  release(): Promise<void> {
    this.released ??= (async () => {
      if (this.baselineTimer !== null) clearTimeout(this.baselineTimer);
      window.removeEventListener("offline", this.onOffline);
      window.removeEventListener("online", this.onOnline);
      this.unsubscribeSave();
      this.provider.off("closed", this.onClosed);
      this.provider.off("connection-close", this.onConnectionClose);
      this.provider.disconnect();
      await this.writeBaseline();
      this.save.destroy();
      this.provider.destroy();
      await this.local.destroy();
      this.unregister();
    })();
    return this.released;
  }

  destroy(): void {
    void this.release().finally(() => this.doc.destroy());
  }
}

// The server stamps every relayed presence with the same colour (packages/domain/src/presence.ts).
export { colorFor } from "@taller/domain/presence";
