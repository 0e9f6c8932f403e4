// Loading a room: single flight per document name, the early serve of big documents and the
// durable seed of new ones. A room is handed to the host only once it is complete, so no
// connection can observe a half-loaded room or trigger a second load.
import * as Y from "yjs";
import type { CollabConnection, HostedRoom } from "./connection";
import { loadDocument } from "./load-document";
import type { CollabErrorContext } from "./options";
import { encodeStep2Update, encodeUpdateFrame } from "./protocol";
import type { LoadedLog } from "./room";
import type { CollabStorage } from "./storage";

/** Thrown by `withDoc` when the document cannot be loaded. */
export class CollabLoadError extends Error {
  constructor(
    readonly room: string,
    options: { cause: unknown },
  ) {
    super(`could not load collab document "${room}"`, options);
    this.name = "CollabLoadError";
  }
}

/** Thrown by `withDoc` after `close()`. */
export class CollabHostClosedError extends Error {
  constructor() {
    super("collab host is closed");
    this.name = "CollabHostClosedError";
  }
}

/** Longest wait for early-served clients to take their bytes before the (blocking) integration. */
const EARLY_SERVE_DRAIN_MS = 10_000;

/** What the loader needs from the host. */
export interface RoomLoaderOptions {
  storage: CollabStorage;
  seed: ((name: string, doc: Y.Doc) => void | Promise<void>) | undefined;
  /** Stored documents of at least this many bytes are served early (see CollabHostOptions). */
  earlyServeBytes: number;
  now: () => number;
  /** Whether the host is shutting down: a load that finds it so gives up. */
  closing(): boolean;
  reportError(error: unknown, context: CollabErrorContext): void;
  /** Builds the room around the loaded document. */
  createRoom(name: string, doc: Y.Doc, loaded: LoadedLog): HostedRoom;
  /**
   * The room is complete: publish it and open the connections that waited for it, in the same
   * synchronous step (connections closed meanwhile are no longer in `waiting`).
   */
  loaded(room: HostedRoom, waiting: ReadonlySet<CollabConnection>): void;
  /** The load failed: close the connections that waited for it. */
  failed(waiting: ReadonlySet<CollabConnection>): void;
}

interface PendingLoad {
  promise: Promise<HostedRoom>;
  waiting: Set<CollabConnection>;
  /** The stored updates as frames (encoded once), when the document is big enough to be served early. */
  storedFrames?: readonly Uint8Array[];
  /** Connections that were sent `storedFrames` before the room existed. */
  served: Set<CollabConnection>;
}

/** Loads rooms: one load per document name at a time, however many callers arrive together. */
export class RoomLoader {
  private readonly pending = new Map<string, PendingLoad>();
  private loadCalls = 0;
  private failures = 0;

  constructor(private readonly options: RoomLoaderOptions) {}

  /** storage.load calls so far (one per room load, however many callers arrived together). */
  get loads(): number {
    return this.loadCalls;
  }

  /** Loads that failed (storage load, document build, seed or its append). */
  get loadFailures(): number {
    return this.failures;
  }

  /** Documents being loaded now. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** The room named `name` once loaded (sharing a load already under way); rejects with CollabLoadError. */
  load(name: string): Promise<HostedRoom> {
    return this.loadOnce(name).promise;
  }

  /**
   * Makes a connection wait for its room (starting the load if none is under way). If the stored
   * document is already being served early, it gets those bytes at once.
   */
  wait(connection: CollabConnection): void {
    const pending = this.loadOnce(connection.room);
    pending.waiting.add(connection);
    this.serveStored(pending, connection);
  }

  /** A waiting connection closed: it is neither opened nor served when the load ends. */
  forget(connection: CollabConnection): void {
    this.pending.get(connection.room)?.waiting.delete(connection);
  }

  /** Settles when every load under way has (successfully or not). */
  settled(): Promise<unknown> {
    return Promise.allSettled([...this.pending.values()].map((load) => load.promise));
  }

  // Single flight: the first caller starts the load, everyone arriving before it settles waits on
  // the same promise. The room is published and its waiting connections open in the same
  // synchronous step (options.loaded).
  private loadOnce(name: string): PendingLoad {
    const existing = this.pending.get(name);
    if (existing !== undefined) return existing;
    const pending: PendingLoad = { waiting: new Set(), served: new Set(), promise: undefined as unknown as Promise<HostedRoom> };
    const promise = this.loadRoom(name, pending).then(
      (room) => {
        this.pending.delete(name);
        this.options.loaded(room, pending.waiting);
        return room;
      },
      (error: unknown) => {
        this.pending.delete(name);
        this.options.failed(pending.waiting);
        if (error instanceof CollabHostClosedError) throw error;
        throw new CollabLoadError(name, { cause: error });
      },
    );
    // Connections observe the outcome through the handlers above; withDoc callers await the
    // promise themselves. This keeps a load nobody awaits from becoming an unhandled rejection.
    promise.catch(() => {});
    pending.promise = promise;
    this.pending.set(name, pending);
    return pending;
  }

  private async loadRoom(name: string, pending: PendingLoad): Promise<HostedRoom> {
    const { storage, seed } = this.options;
    this.loadCalls++;
    let stored;
    try {
      stored = await storage.load(name);
    } catch (error) {
      this.loadFailed(error, "load", name);
    }
    this.giveUpIfClosing();
    // A big document: its waiting clients get the stored bytes now, and the integration (which
    // blocks this process while Yjs builds the document) starts once they have taken them.
    if (stored !== null && stored.updates.reduce((n, u) => n + u.byteLength, 0) >= this.options.earlyServeBytes) {
      // All but the last as updates, the last as the sync step 2 (so the stock client reports
      // "synced" holding everything).
      pending.storedFrames = stored.updates.map((update, i, all) => (i === all.length - 1 ? encodeStep2Update(update) : encodeUpdateFrame(update)));
      for (const connection of pending.waiting) this.serveStored(pending, connection);
      await this.drained(pending.served);
      this.giveUpIfClosing();
    }
    let doc: Y.Doc;
    try {
      // Big documents are integrated in slices that let other requests run (load-document.ts).
      doc = await loadDocument(stored?.updates ?? []);
    } catch (error) {
      this.loadFailed(error, "load", name);
    }
    this.giveUpIfClosing(doc);
    // Seed before the room exists (no listeners yet), then persist the result as one update.
    // If seeding throws, the doc is dropped and nothing at all is written for this name.
    let seedUpdate: Uint8Array | undefined;
    if (stored === null && seed !== undefined) {
      try {
        await seed(name, doc);
      } catch (error) {
        this.loadFailed(error, "seed", name, doc);
      }
      this.giveUpIfClosing(doc);
      if (doc.store.clients.size > 0) seedUpdate = Y.encodeStateAsUpdate(doc);
    }
    // The seed is made durable BEFORE anyone sees the room. Were it only queued, a crash before
    // its commit would leave storage empty: the next start would seed again under a new
    // clientID, and clients holding the first seed would send it back, doubling the template.
    // This is the one write outside the group-commit queue; no other write for this name can
    // exist yet, because the room is not published.
    if (seedUpdate !== undefined) {
      try {
        await storage.append(name, [seedUpdate]);
      } catch (error) {
        this.loadFailed(error, "seed", name, doc);
      }
    }
    const updates = stored?.updates ?? [];
    return this.options.createRoom(name, doc, {
      entries: updates.length + (seedUpdate === undefined ? 0 : 1),
      bytes: updates.reduce((n, u) => n + u.byteLength, seedUpdate?.byteLength ?? 0),
    });
  }

  private loadFailed(error: unknown, operation: "load" | "seed", name: string, doc?: Y.Doc): never {
    doc?.destroy();
    this.failures++;
    this.options.reportError(error, { operation, room: name });
    throw error;
  }

  private giveUpIfClosing(doc?: Y.Doc): void {
    if (!this.options.closing()) return;
    doc?.destroy();
    throw new CollabHostClosedError();
  }

  // The stored updates go out as they are. They are exactly what the room will hold once
  // loaded, so the connection's own step 1 is later answered with only what changed since.
  private serveStored(pending: PendingLoad, connection: CollabConnection): void {
    if (pending.storedFrames !== undefined && connection.serveStored(pending.storedFrames)) pending.served.add(connection);
  }

  private async drained(connections: Set<CollabConnection>): Promise<void> {
    const deadline = this.options.now() + EARLY_SERVE_DRAIN_MS;
    const busy = () => [...connections].some((c) => c.phase === "loading" && (c.socket.bufferedAmount ?? 0) > 0);
    while (busy() && this.options.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
