import * as decoding from "lib0/decoding";
import { isAcknowledgeable, messageAwareness } from "@taller/collab";
import type { Database } from "@taller/db";
import { liveSessionDeadline, touchIntervalMs, touchSession, type SessionPolicy } from "../auth/sessions";
import { describeError } from "../http/errors";

/**
 * Keeps HTTP sessions and collaboration sockets in step:
 *
 * - Activity on a socket (every frame the client sends: edits, awareness, sync) counts as
 *   activity of its session, like an HTTP request: `lastSeenAt` is refreshed at most once per
 *   touch interval (a minute; less for very short idle windows) per session. Someone who only
 *   types is not logged out at the idle limit.
 * - A session ends at its deadline, min(absolute expiry, last seen + idle), not at the next
 *   sweep: one timer per session fires at the deadline and re-reads the session (HTTP requests
 *   or other sockets may have moved it); if it has ended, every socket of the session closes.
 * - A frame that arrives at or after the known deadline is held until that re-read decides:
 *   delivered in order if the session lives on, dropped with the socket if it ended. So no edit
 *   sent after a session's end is applied, stored or acknowledged.
 */
export interface SessionWatch {
  /**
   * Runs `deliver` (which hands `frame` to the collab host) now, or once the session is known
   * to be live, or never (session ended); counts the frame as activity when a person made it.
   */
  gate(frame: Uint8Array | null, deliver: () => void): void;
  /** The socket closed: stop watching for it. */
  release(): void;
}

interface SessionState {
  tokenHash: string;
  /** Known deadline (epoch ms); the database may hold a later one. */
  deadline: number;
  /** Last time this process touched (or read) the session's `lastSeenAt`. */
  touchedAt: number;
  timer: NodeJS.Timeout | undefined;
  touching: Promise<void> | undefined;
  checking: Promise<void> | undefined;
  ended: boolean;
  watchers: Set<Watcher>;
}

interface Watcher {
  end: () => void;
  held: (() => void)[];
  /** The states of this socket's last awareness frame, to tell a change from a renewal. */
  awareness: string | undefined;
}

/** Frames held per socket while the session is re-read; a client that floods meanwhile is closed. */
const MAX_HELD_FRAMES = 1024;
/** setTimeout's ceiling (~24.8 days); longer deadlines are re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class SessionKeeper {
  private readonly sessions = new Map<string, SessionState>();
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly policy: SessionPolicy,
    // describeError: driver errors carry the query's parameters (the session's token hash).
    private readonly log: (message: string, error: unknown) => void = (m, e) => console.error(`${m} ${describeError(e)}`),
  ) {}

  /**
   * Watches a socket of the session `tokenHash`, whose deadline the upgrade just read.
   * `end` closes the socket (4401 session_ended); `overflow` closes it for holding too much.
   */
  watch(tokenHash: string, deadline: number, end: () => void, overflow: () => void): SessionWatch {
    let state = this.sessions.get(tokenHash);
    if (!state) {
      state = {
        tokenHash,
        deadline,
        touchedAt: Date.now(),
        timer: undefined,
        touching: undefined,
        checking: undefined,
        ended: false,
        watchers: new Set(),
      };
      this.sessions.set(tokenHash, state);
    }
    const session = state;
    const watcher: Watcher = { end, held: [], awareness: undefined };
    const first = session.watchers.size === 0;
    session.watchers.add(watcher);
    if (session.ended) {
      queueMicrotask(end);
    } else if (first || deadline > session.deadline) {
      // Deadlines only move later while a session lives; the newest read wins.
      session.deadline = Math.max(session.deadline, deadline);
      this.arm(session);
    }

    return {
      gate: (frame, deliver) => {
        if (session.ended) return;
        const now = Date.now();
        const active = frame !== null && isPersonActivity(frame, watcher);
        if (session.checking || watcher.held.length > 0 || now >= session.deadline) {
          if (watcher.held.length >= MAX_HELD_FRAMES) {
            watcher.held.length = 0;
            overflow();
            return;
          }
          watcher.held.push(deliver);
          this.check(session);
          return;
        }
        deliver();
        if (active && now - session.touchedAt >= touchIntervalMs(this.policy)) this.touch(session, now);
      },
      release: () => {
        session.watchers.delete(watcher);
        watcher.held.length = 0;
        if (session.watchers.size === 0) {
          clearTimeout(session.timer);
          if (this.sessions.get(tokenHash) === session) this.sessions.delete(tokenHash);
        }
      },
    };
  }

  /** Stops every timer (server shutdown). */
  close(): void {
    this.closed = true;
    for (const state of this.sessions.values()) clearTimeout(state.timer);
    this.sessions.clear();
  }

  private arm(state: SessionState): void {
    clearTimeout(state.timer);
    // A session whose sockets all closed (or a keeper that closed) needs no timer.
    if (this.closed || state.watchers.size === 0) return;
    const delay = Math.min(Math.max(0, state.deadline - Date.now()), MAX_TIMER_MS);
    state.timer = setTimeout(() => this.check(state), delay);
    state.timer.unref();
  }

  /** Refreshes `lastSeenAt` (throttled by the caller); a session found ended is ended here too. */
  private touch(state: SessionState, now: number): void {
    state.touchedAt = now;
    const touching = touchSession(this.db, state.tokenHash, this.policy, now)
      .then((deadline) => {
        if (deadline === null) {
          this.check(state); // gone or expired meanwhile: the re-read ends it
        } else if (deadline > state.deadline) {
          state.deadline = deadline;
          this.arm(state);
        }
      })
      .catch((error: unknown) => this.log("[collab] session touch failed:", error))
      .finally(() => {
        if (state.touching === touching) state.touching = undefined;
      });
    state.touching = touching;
  }

  /** Re-reads the session once (concurrent callers share the read), then ends it or releases held frames. */
  private check(state: SessionState): void {
    if (state.checking || state.ended || this.closed || state.watchers.size === 0) return;
    const checking = (async () => {
      await state.touching; // a touch in flight may be what keeps the session alive
      const deadline = await liveSessionDeadline(this.db, state.tokenHash, this.policy);
      if (deadline === null) {
        this.end(state);
        return;
      }
      state.deadline = Math.max(state.deadline, deadline);
      state.touchedAt = Math.max(state.touchedAt, deadline - this.policy.idleMs);
      this.arm(state);
    })()
      .catch((error: unknown) => {
        // The database did not answer: keep holding, and try again shortly.
        this.log("[collab] session check failed:", error);
        clearTimeout(state.timer);
        if (this.closed || state.watchers.size === 0) return;
        state.timer = setTimeout(() => this.check(state), 1_000);
        state.timer.unref();
      })
      .finally(() => {
        state.checking = undefined;
        if (!state.ended && Date.now() < state.deadline) this.flush(state);
      });
    state.checking = checking;
  }

  private flush(state: SessionState): void {
    for (const watcher of state.watchers) {
      const held = watcher.held.splice(0);
      for (const deliver of held) deliver();
    }
  }

  private end(state: SessionState): void {
    state.ended = true;
    clearTimeout(state.timer);
    for (const watcher of [...state.watchers]) {
      watcher.held.length = 0;
      watcher.end();
    }
  }
}

/**
 * Whether a y-websocket frame is something a person did: a document change (sync step 2 or
 * update), or an awareness state that differs from the socket's previous one (a cursor moved,
 * a selection changed). The client's periodic awareness renewal (every 15 s, same state) is not
 * activity: an unattended open tab must still reach the idle limit.
 */
export function isPersonActivity(frame: Uint8Array, watcher: { awareness: string | undefined }): boolean {
  if (isAcknowledgeable(frame)) return true; // sync step 2 or update: a document change
  try {
    const reader = decoding.createDecoder(frame);
    if (decoding.readVarUint(reader) !== messageAwareness) return false;
    decoding.readVarUint(reader); // length of the awareness update
    const entries = decoding.readVarUint(reader);
    const states: string[] = [];
    for (let i = 0; i < entries && i < 64; i++) {
      const clientId = decoding.readVarUint(reader);
      decoding.readVarUint(reader); // clock: renewals increase it without changing the state
      const length = decoding.readVarUint(reader);
      if (reader.pos + length > frame.length) return false;
      states.push(`${clientId}:${Buffer.from(frame.buffer, frame.byteOffset + reader.pos, length).toString("latin1")}`);
      reader.pos += length;
    }
    const key = states.join("\n");
    const changed = watcher.awareness !== undefined && key !== watcher.awareness;
    watcher.awareness = key;
    return changed;
  } catch {
    return false; // malformed: the host closes the socket for it
  }
}
