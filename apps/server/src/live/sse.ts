import type { SSEStreamingApi } from "hono/streaming";
import { and, asc, eq, gt } from "@taller/db/sql";
import { events, eventStreams, type Database, type StreamEvent } from "@taller/db";
import type { Hub } from "./hub";

/** A comment line every so often: proxies and browsers keep an idle stream open. */
export const HEARTBEAT_MS = 25_000;
/** How often the reader's right to the stream is decided again, whatever happened (safety net). */
export const RECHECK_MS = 60_000;
/** Events read per query while catching up. */
const PAGE = 200;
/** What the browser waits before reconnecting after the stream ends (EventSource `retry`). */
const RETRY_MS = 2_000;

/** Why a reader's stream was closed by the server: sent as an `access` event before closing. */
export type Revocation = "removed" | "session_ended";

export interface PumpOptions {
  db: Database;
  hub: Hub;
  /** The stream read, e.g. `project:<id>`. */
  stream: string;
  /** Resume after this event number (Last-Event-ID or `?after=`); null: only what comes next. */
  after: number | null;
  /**
   * Whether the reader may go on reading. `event` is the event about to be sent when it may
   * change that (a membership change concerning the reader), undefined for the periodic check.
   * Returns null to go on, or why the stream ends.
   */
  recheck?: (event?: StreamEvent) => Promise<Revocation | null>;
  /** Whether `event` calls for {@link PumpOptions.recheck} before it is sent. */
  concernsAccess?: (event: StreamEvent) => boolean;
  /** Resolves when the reader's access ends for a reason told in-process (a logout). */
  revoked?: Promise<Revocation>;
  heartbeatMs?: number;
  recheckMs?: number;
}

/**
 * Reads a stream to an SSE response: the backlog after `after`, then every event as it commits,
 * until the client goes away, the hub closes (shutdown) or the reader loses access. Each event
 * is `id: <seq>`, `event: <type>`, `data: {"type","seq","at",...data}`; a browser's EventSource
 * sends the last id back when it reconnects, and reading resumes right after it, so nothing is
 * lost across a dropped connection. Losing access sends `event: access` (no id) and closes.
 */
export async function pumpEvents(sse: SSEStreamingApi, options: PumpOptions): Promise<void> {
  const { db, hub, stream } = options;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const recheckMs = options.recheckMs ?? RECHECK_MS;

  let pending = true;
  let revokedBy: Revocation | null = null;
  let waiting: (() => void) | null = null;
  const wake = () => {
    pending = true;
    waiting?.();
  };
  const unsubscribe = hub.subscribe(stream, wake);
  sse.onAbort(wake);
  void options.revoked?.then((reason) => {
    revokedBy = reason;
    wake();
  });

  const revoke = async (reason: Revocation) => {
    await sse.writeSSE({ event: "access", data: JSON.stringify({ type: "access", reason }) });
  };

  try {
    // Subscribed first, listening next, then the backlog: whatever commits after this point
    // wakes us, whatever committed before is in the table.
    await hub.ready();
    let last = options.after ?? (await headOf(db, stream));
    await sse.writeSSE({ event: "ready", data: JSON.stringify({ type: "ready", seq: last }), retry: RETRY_MS });
    let lastCheck = Date.now();

    while (!sse.aborted && !sse.closed && !hub.closed) {
      if (revokedBy) return await revoke(revokedBy);
      if (pending) {
        pending = false;
        for (;;) {
          const page = await db
            .select()
            .from(events)
            .where(and(eq(events.stream, stream), gt(events.seq, last)))
            .orderBy(asc(events.seq))
            .limit(PAGE);
          for (const event of page) {
            if (options.recheck && options.concernsAccess?.(event)) {
              const reason = await options.recheck(event);
              if (reason) return await revoke(reason);
            }
            await sse.writeSSE({ id: String(event.seq), event: event.type, data: JSON.stringify(present(event)) });
            last = event.seq;
          }
          if (page.length < PAGE || sse.aborted) break;
        }
        continue;
      }
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), heartbeatMs);
        waiting = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      waiting = null;
      if (sse.aborted || hub.closed) break;
      if (!woken) await sse.write(": ping\n\n");
      if (options.recheck && Date.now() - lastCheck >= recheckMs) {
        lastCheck = Date.now();
        const reason = await options.recheck();
        if (reason) return await revoke(reason);
      }
    }
  } finally {
    unsubscribe();
  }
}

/** The SSE data of an event: its facts plus what every reader needs (type, number, time). */
export function present(event: StreamEvent) {
  return { ...event.data, type: event.type, seq: event.seq, at: event.createdAt.toISOString() };
}

/** The stream's last event number (0 when it has none yet). */
async function headOf(db: Database, stream: string): Promise<number> {
  const [row] = await db.select({ last: eventStreams.last }).from(eventStreams).where(eq(eventStreams.stream, stream));
  return row?.last ?? 0;
}

/**
 * Where a reader resumes: the `Last-Event-ID` header an EventSource sends when it reconnects, or
 * `?after=` for a first connection that already knows where it is; null for neither (or junk).
 */
export function resumePoint(lastEventId: string | undefined, after: string | undefined): number | null {
  for (const value of [lastEventId, after]) {
    if (value !== undefined && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  }
  return null;
}
