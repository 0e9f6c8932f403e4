import { Hono, type Context } from "hono";
import { getCookie } from "hono/cookie";
import { streamSSE } from "hono/streaming";
import { eq } from "@taller/db/sql";
import { users, type StreamEvent } from "@taller/db";
import { DomainError } from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { authorizeProject } from "../queries/access";
import { hashToken, liveSessionDeadline } from "../auth/sessions";
import { sessionCookieName } from "../auth/middleware";
import { meetingStream, projectStream, userStream } from "../live/outbox";
import { authorizeMeeting } from "../queries/meetings";
import { pumpEvents, resumePoint, type Revocation } from "../live/sse";

/**
 * The live event streams (Server-Sent Events over the outbox, see live/sse.ts):
 * `GET /projects/:id/events` for a project's members, `GET /notifications/events` for the
 * signed-in person's own notifications, `GET /meetings/:id/events` for a meeting's readers
 * (meeting mode follows it). All resume after `Last-Event-ID` (or `?after=`).
 */
export function eventRoutes(deps: AppDeps) {
  const { db, hub, config } = deps;
  const { projectAccess, meetingAccess } = accessGuards(db);

  /** Resolves when this request's session is ended (logout, reset) or its person deactivated while its stream is open. */
  const sessionEnded = (c: Context, userId: string, signal: AbortSignal) => {
    const token = getCookie(c, sessionCookieName(config.secureCookies));
    const tokenHash = token ? hashToken(token) : null;
    return {
      tokenHash,
      ended: new Promise<Revocation>((resolve) => {
        const unsubscribe = deps.events.subscribe((event) => {
          if (event.type === "session.ended" && event.tokenHash === tokenHash) resolve("session_ended");
          if (event.type === "user.deactivated" && event.userId === userId) resolve("session_ended");
        });
        signal.addEventListener("abort", unsubscribe, { once: true });
      }),
    };
  };
  /**
   * Streams open per person (tabs × devices × the header's and a page's stream): beyond the same
   * cap as collaboration sockets, 429 `too_many_connections`, so one account cannot hold the
   * server's connections.
   */
  const open = new Map<string, number>();
  const claimSlot = (userId: string) => {
    const count = open.get(userId) ?? 0;
    if (count >= config.perUser.maxSockets) {
      throw new DomainError("too_many_connections", `Demasiadas conexiones abiertas (máximo ${config.perUser.maxSockets} por persona). Cierre otras pestañas o dispositivos.`);
    }
    open.set(userId, count + 1);
    return () => {
      const left = (open.get(userId) ?? 1) - 1;
      if (left > 0) open.set(userId, left);
      else open.delete(userId);
    };
  };
  /** The periodic check: the session is still live. */
  const sessionLive = async (tokenHash: string | null) =>
    tokenHash !== null && (await liveSessionDeadline(db, tokenHash, config.session)) !== null;

  /**
   * Streams `stream` to the signed-in person: resumes after `Last-Event-ID` (or `?after=`), holds
   * one of their connection slots, ends at logout, and `recheck`s their right to read (the session
   * first) — periodically and before any event `concernsAccess` says may be about them.
   */
  const follow = (
    c: Context,
    userId: string,
    stream: string,
    reads: ((actor: { userId: string; isAdmin: boolean }) => Promise<void>) | null,
    concernsAccess?: (event: StreamEvent) => boolean,
  ) => {
    const after = resumePoint(c.req.header("last-event-id"), c.req.query("after"));
    const release = claimSlot(userId);
    const done = new AbortController();
    done.signal.addEventListener("abort", release, { once: true });
    const session = sessionEnded(c, userId, done.signal);
    const recheck = async (): Promise<Revocation | null> => {
      if (!(await sessionLive(session.tokenHash))) return "session_ended";
      if (!reads) return null;
      // The actor again (an administrator may have lost the role), then the subject's rule.
      const [user] = await db.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, userId));
      if (!user) return "removed";
      try {
        await reads({ userId, isAdmin: user.isAdmin });
        return null;
      } catch (error) {
        if (error instanceof DomainError) return "removed";
        throw error;
      }
    };
    return streamSSE(c, async (sse) => {
      try {
        await pumpEvents(sse, { db, hub, stream, after, revoked: session.ended, recheck, ...(concernsAccess ? { concernsAccess } : {}) });
      } catch (error) {
        logStreamError(error);
      } finally {
        done.abort();
      }
    });
  };

  return new Hono<AppEnv>()
    .get("/projects/:id/events", projectAccess("project.read"), (c) => {
      const userId = c.get("actor").userId;
      const projectId = c.get("access").project.id;
      return follow(
        c,
        userId,
        projectStream(projectId),
        (actor) => authorizeProject(db, actor, projectId, "project.read").then(() => undefined),
        // A membership change about the reader: decided before that event is sent.
        (event) => event.type.startsWith("member.") && event.data.subjectId === userId,
      );
    })
    .get("/meetings/:id/events", meetingAccess("read"), (c) => {
      const meetingId = c.get("access").meeting.id;
      // An attendee removed or a project membership lost: a reader who no longer reads the
      // meeting stops receiving its events. Attendee changes are decided before they are sent.
      return follow(
        c,
        c.get("actor").userId,
        meetingStream(meetingId),
        (actor) => authorizeMeeting(db, actor, meetingId, "read").then(() => undefined),
        (event) => event.type === "meeting.attendees",
      );
    })
    .get("/notifications/events", (c) => {
      const userId = c.get("actor").userId;
      return follow(c, userId, userStream(userId), null);
    });
}

/**
 * A stream that fails (the database went away) just ends, without telling the client why (that
 * would be internals); the browser reconnects and resumes after its last event.
 */
function logStreamError(error: unknown): void {
  console.error("[live] event stream ended:", error instanceof Error ? error.message : error);
}
