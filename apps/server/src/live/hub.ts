import type { DatabaseHandle, Listening } from "@taller/db";
import { EVENTS_CHANNEL } from "./outbox";

/**
 * One LISTEN per process on `taller_events`, fanned out by stream name. A wake-up says only
 * "stream S has something new": readers then read the events table from their last number on
 * (the outbox is the truth, a notification is just a doorbell), so a missed or duplicated
 * wake-up costs a query, never an event.
 *
 * When the listening session is lost (PostgreSQL restarted, network cut) the hub listens again
 * with backoff and then wakes every subscriber: whatever committed while it was deaf is read
 * from the table. The same holds on PGlite, where the one embedded backend keeps the LISTEN.
 */
export interface Hub {
  /**
   * Calls `wake` whenever `stream` may have new events, until the returned function is called.
   * Await {@link Hub.ready} after subscribing and before reading the backlog: every event that
   * commits after `ready` resolves wakes the subscriber.
   */
  subscribe(stream: string, wake: () => void): () => void;
  /** Every wake-up, whatever the stream (the mailer watches `user:*`). */
  subscribeAll(wake: (stream: string) => void): () => void;
  /** Resolves once the hub is listening (starting it if needed); rejects while the database refuses. */
  ready(): Promise<void>;
  /** Whether {@link Hub.close} was called: readers end their streams. */
  readonly closed: boolean;
  /** Stops listening and wakes every subscriber one last time (they see `closed` and end). */
  close(): Promise<void>;
}

export type ListenFn = DatabaseHandle["listen"];

/** Backoff between attempts to listen again: 0.5 s doubling up to 30 s. */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

export function createHub(listen: ListenFn, log: (line: string) => void = (line) => console.error(line)): Hub {
  const byStream = new Map<string, Set<() => void>>();
  const everyStream = new Set<(stream: string) => void>();
  let listening: Listening | null = null;
  let starting: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryMs = RETRY_MIN_MS;
  let closed = false;

  const dispatch = (stream: string) => {
    for (const wake of byStream.get(stream) ?? []) safely(wake);
    for (const wake of everyStream) safely(() => wake(stream));
  };
  const wakeEveryone = () => {
    for (const [stream, wakes] of byStream) {
      for (const wake of wakes) safely(wake);
      for (const wake of everyStream) safely(() => wake(stream));
    }
    if (byStream.size === 0) for (const wake of everyStream) safely(() => wake("*"));
  };
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      log(`[live] subscriber failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const start = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (listening) return Promise.resolve();
    starting ??= listen(EVENTS_CHANNEL, {
      onNotification: dispatch,
      onLost: (error) => {
        listening = null;
        if (closed) return;
        log(`[live] LISTEN ${EVENTS_CHANNEL} lost (${error.message}); listening again`);
        scheduleRetry();
      },
    }).then(
      (handle) => {
        starting = null;
        if (closed) {
          void handle.close();
          return;
        }
        listening = handle;
      },
      (error: unknown) => {
        starting = null;
        throw error;
      },
    );
    return starting;
  };

  const scheduleRetry = () => {
    if (closed || retryTimer) return;
    const delay = retryMs;
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      start().then(
        () => {
          retryMs = RETRY_MIN_MS;
          // Deaf until now: catch everyone up from the table.
          wakeEveryone();
        },
        (error: unknown) => {
          log(`[live] LISTEN failed: ${error instanceof Error ? error.message : String(error)}`);
          scheduleRetry();
        },
      );
    }, delay);
    retryTimer.unref();
  };

  return {
    subscribe(stream, wake) {
      let set = byStream.get(stream);
      if (!set) byStream.set(stream, (set = new Set()));
      set.add(wake);
      return () => {
        const current = byStream.get(stream);
        current?.delete(wake);
        if (current?.size === 0) byStream.delete(stream);
      };
    },
    subscribeAll(wake) {
      everyStream.add(wake);
      return () => everyStream.delete(wake);
    },
    ready() {
      return start().catch((error: unknown) => {
        scheduleRetry();
        throw error;
      });
    },
    get closed() {
      return closed;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      await starting?.catch(() => {});
      const handle = listening;
      listening = null;
      wakeEveryone();
      await handle?.close();
    },
  };
}
