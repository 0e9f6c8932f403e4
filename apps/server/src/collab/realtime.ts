import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { parse as parseCookies } from "hono/utils/cookie";
import { attachWebSocket, CloseCode, CloseReason, CollabHost, RefusalReason, type CollabConnection, type CollabLogger, type PresenceIdentity } from "@taller/collab";
import { actaCollabName, can, canEditContent, colorFor, type ProjectRole } from "@taller/domain";
import { auditLog, documents, meetings, projectMembers, type Database } from "@taller/db";
import { and, eq } from "@taller/db/sql";
import type { Config } from "../config";
import type { ServerEvents } from "../events";
import { PASSWORD_CHANGE_REQUIRED, sessionCookieName } from "../auth/middleware";
import { resolveSessionWithDeadline, type SessionPolicy } from "../auth/sessions";
import { describeError } from "../http/errors";
import { isOriginAllowed, ownOrigin } from "../http/origin";
import { roleIn } from "../queries/access";
import { DocumentStorage } from "./document-storage";
import { SessionKeeper } from "./session-keeper";
import { SocketSlots } from "./socket-slots";
import { createContentValidation } from "./content-validation";
import { accessOf } from "../queries/meetings";
import { ActaRooms, meetingIdOfRoom } from "../meetings/acta-room";
import { clearRoom } from "../commands/documents";

/**
 * The language of a new study's template headings: the creator's UI language, recorded in the
 * creation's audit row (commands/documents.ts createDocument). Spanish when none is recorded
 * (documents created before, or by the demo seed).
 */
async function templateLanguage(db: Database, documentId: string): Promise<"es-MX" | "en"> {
  const [created] = await db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, "document"), eq(auditLog.subjectId, documentId), eq(auditLog.action, "document.created")))
    .limit(1);
  return created?.details.language === "en" ? "en" : "es-MX";
}

/** Close codes Taller adds for access changes on a live socket (4000–4999 are application codes). */
export const AccessCloseCode = { sessionEnded: 4401, accessRevoked: 4403 } as const;

/** Why an upgrade request was refused, answered as plain HTTP before any 101. */
class UpgradeRejection extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 429 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the server remembers about each live socket, to revoke or downgrade it later. */
interface SocketGrant {
  userId: string;
  /** The document's project; "" for an acta room, which belongs to a meeting instead. */
  projectId: string;
  /** The meeting of an acta room; null for documents. */
  meetingId: string | null;
  tokenHash: string;
  isAdmin: boolean;
  /** The document is archived: its room is read-only for everyone until it is restored. */
  archived: boolean;
}

/** What the upgrade checks decided for a socket about to open. */
interface UpgradeDecision {
  collabName: string;
  wantsAck: boolean;
  readOnly: boolean;
  grant: SocketGrant;
  /** When the session ends unless there is more activity (epoch ms), as read at the upgrade. */
  sessionDeadline: number;
  /** How the person appears to others: stamped on every presence state the socket publishes. */
  identity: PresenceIdentity;
}

export interface Realtime {
  host: CollabHost;
  /** The meetings' acta rooms (seed, freeze for sealing, read). */
  acta: ActaRooms;
  /**
   * Decides every live socket of a meeting's acta again, after a committed change of who reads or
   * writes it (attendees, agenda, cancellation); resolves once done, so the request that made the
   * change answers only after a writer no more is read-only.
   */
  actaAccessChanged(meetingId: string): Promise<void>;
  /**
   * After a document was archived or restored (committed): its live sockets become read-only, or
   * are decided by role again; resolves once done, so the request answers after the change holds.
   */
  documentArchiveChanged(collabName: string, archived: boolean): Promise<void>;
  /**
   * After a document was deleted (committed): closes its live sockets (4403), waits for what they
   * had sent to be written, and removes that too, so nothing of the room stays stored.
   */
  documentDeleted(collabName: string): Promise<void>;
  /** The http server's 'upgrade' listener. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Flushes every pending update to storage and closes all sockets (SIGTERM). */
  close(): Promise<void>;
}

/**
 * The real-time side of the server: the collab host over PostgreSQL storage, the WebSocket
 * upgrade at /collab/<collabName> with its checks (Origin, session, project role), and the
 * reaction to access changes (logout, removal, role change) on live sockets.
 */
export function createRealtime(deps: { db: Database; config: Config; events: ServerEvents }): Realtime {
  const { db, config, events } = deps;
  const policy: SessionPolicy = config.session;
  const cookieName = sessionCookieName(config.secureCookies);

  const logger: CollabLogger = {
    warn: (message, context) => console.warn(`[collab] ${message}`, context ?? ""),
    error: (message, context) => console.error(`[collab] ${message}`, context ?? ""),
  };
  // Every writer's update must keep the document valid for its kind (study schema, tldraw records).
  const validation = createContentValidation(logger);
  const acta = new ActaRooms(db);
  const host = new CollabHost({
    storage: new DocumentStorage(db),
    // A frozen acta (its meeting is being or was sealed) takes no update, whoever sends it.
    validateUpdate: (room, doc, update, decoded) => (acta.isFrozen(room) ? RefusalReason.readOnly : validation.validateUpdate(room, doc, update, decoded)),
    // Study texts start from the proposal template; canvases start empty. Seeding happens here,
    // once, when storage has nothing for the document: clients never seed.
    // The TipTap schema is loaded on the first study seeded, not at start: a process that only
    // relays edits keeps a smaller heap (and shorter GC pauses).
    seed: async (name, doc) => {
      // An acta starts from its template filled with the meeting's data (attendees, agenda…).
      if (name.startsWith("acta.")) return acta.seed(name, doc);
      if (!name.startsWith("doc.")) return;
      const [{ seedStudyTemplate }, language] = await Promise.all([import("@taller/editor-schema/server"), templateLanguage(db, name.slice("doc.".length))]);
      seedStudyTemplate(doc, language);
    },
    limits: { maxFrameBytes: config.collab.maxFrameBytes, maxDocumentBytes: config.collab.maxDocumentBytes },
    idleUnloadMs: config.collab.idleUnloadMs,
    logger,
  });
  acta.attach(host);
  // A writer's sync step 2 may be as large as the document cap (offline catch-up); the host
  // itself closes every other frame above the frame cap with 1009.
  const wss = new WebSocketServer({ noServer: true, maxPayload: host.maxPayloadBytes });
  const grants = new Map<CollabConnection, SocketGrant>();

  const unsubscribe = events.subscribe((event) => {
    for (const connection of host.connectionsOf(event.userId)) {
      const grant = grants.get(connection);
      if (!grant) continue;
      if ((event.type === "session.ended" && grant.tokenHash === event.tokenHash) || event.type === "user.deactivated") {
        host.closeConnection(connection, AccessCloseCode.sessionEnded, "session_ended");
      } else if (event.type === "user.admin_changed") {
        // What an administrator reads without a membership (every document) goes with the flag.
        grant.isAdmin = event.isAdmin;
        if (grant.meetingId !== null) void recheckActa(connection);
        else {
          void roleIn(db, grant.projectId, grant.userId)
            .then((role) => applyRole(connection, grant, role))
            .catch((error: unknown) => console.error("[collab] role recheck failed:", error));
        }
      } else if (event.type === "membership.changed" && grant.projectId === event.projectId) {
        applyRole(connection, grant, event.role);
      } else if (event.type === "membership.changed" && grant.meetingId !== null) {
        // Members of an agenda project read the meeting: any membership change may concern it.
        void recheckActa(connection);
      }
    }
  });

  /**
   * Decides an acta socket again after a change of who reads or writes the acta (an attendee
   * removed, a round taken off the agenda, a membership ended, the meeting cancelled): a reader no
   * more is closed, a writer no more becomes read-only — at once, not at their next reconnect.
   */
  async function recheckActa(connection: CollabConnection): Promise<void> {
    const grant = grants.get(connection);
    if (!grant?.meetingId) return;
    const { meetingId } = grant;
    try {
      const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
      const access = meeting ? await accessOf(db, { userId: grant.userId, isAdmin: grant.isAdmin }, meeting) : null;
      if (!access) host.closeConnection(connection, AccessCloseCode.accessRevoked, "access_revoked");
      else host.setReadOnly(connection, !access.canEditActa || acta.isFrozen(actaCollabName(meetingId)));
    } catch (error) {
      console.error("[collab] acta access recheck failed:", describeError(error));
    }
  }

  function applyRole(connection: CollabConnection, grant: SocketGrant, role: ProjectRole | null): void {
    const actor = { userId: grant.userId, isAdmin: grant.isAdmin };
    if (!can(actor, "document.read", { role })) {
      host.closeConnection(connection, AccessCloseCode.accessRevoked, "access_revoked");
    } else {
      host.setReadOnly(connection, grant.archived || !canEditContent(actor, { role }));
    }
  }

  // Sessions also end by expiry, which emits no event: each session's timer fires at its
  // deadline, and socket activity keeps the session alive like HTTP requests do.
  const keeper = new SessionKeeper(db, policy);
  const slots = new SocketSlots(config.perUser.maxSockets);

  /** Answers an upgrade request with a plain HTTP error: the socket never becomes a WebSocket. */
  function reject(socket: Duplex, { status, code, message }: UpgradeRejection): void {
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  /** Decides an upgrade request; throws an UpgradeRejection when it must not become a socket. */
  async function authorizeUpgrade(request: IncomingMessage): Promise<UpgradeDecision> {
    const url = new URL(request.url ?? "/", "http://placeholder");
    const match = /^\/collab\/((?:doc|board|acta)\.[0-9a-f-]{36})$/.exec(url.pathname);
    if (!match) throw new UpgradeRejection(404, "not_found", "No existe ese documento.");
    const collabName = match[1]!;

    const scheme = config.secureCookies ? "https" : "http";
    const own = request.headers.host ? ownOrigin(`${scheme}://${request.headers.host}/`) : null;
    if (!isOriginAllowed(request.headers.origin, own, config)) {
      throw new UpgradeRejection(403, "origin_not_allowed", "Origen no permitido.");
    }

    const token = parseCookies(request.headers.cookie ?? "", cookieName)[cookieName];
    const session = token ? await resolveSessionWithDeadline(db, token, policy) : null;
    const user = session?.user;
    if (!session || !user) throw new UpgradeRejection(401, "unauthenticated", "Inicia sesión para continuar.");
    if (user.mustChangePassword) throw new UpgradeRejection(403, "password_change_required", PASSWORD_CHANGE_REQUIRED);

    const meetingId = meetingIdOfRoom(collabName);
    if (meetingId !== null) return authorizeActa(collabName, meetingId, url, session, user);

    const document = await roomAccess(collabName, user.id);
    if (!document) throw new UpgradeRejection(404, "document_not_found", "No existe ese documento.");
    const role = document.role;
    const actor = { userId: user.id, isAdmin: user.isAdmin };
    if (!can(actor, "document.read", { role })) {
      throw new UpgradeRejection(403, "forbidden", "No tienes acceso a este documento.");
    }
    // The room's content validator (TipTap or tldraw schema) is loaded before the socket joins.
    await validation.prepare(collabName);
    return {
      collabName,
      wantsAck: url.searchParams.get("ack") === "1",
      // An archived document's room is read-only for everyone (restoring it makes it writable again).
      readOnly: document.archivedAt !== null || !canEditContent(actor, { role }),
      grant: { userId: user.id, projectId: document.projectId, meetingId: null, tokenHash: session.tokenHash, isAdmin: user.isAdmin, archived: document.archivedAt !== null },
      sessionDeadline: session.deadline,
      identity: { id: user.id, name: user.name, org: user.org.shortName, color: colorFor(user.id) },
    };
  }

  /**
   * An acta's room: readers of the meeting may join (others: 404, its existence does not leak);
   * they write only if the meeting rules let them write the acta (convener, admin, an attendee
   * with an account, while scheduled or in progress) and the room is not frozen for sealing.
   * The grant names the meeting: changes of its attendees, agenda or memberships decide it again (`recheckActa`).
   */
  async function authorizeActa(
    collabName: string,
    meetingId: string,
    url: URL,
    session: { tokenHash: string; deadline: number },
    user: { id: string; isAdmin: boolean; name: string; org: { shortName: string } },
  ): Promise<UpgradeDecision> {
    const actor = { userId: user.id, isAdmin: user.isAdmin };
    const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
    const access = meeting ? await accessOf(db, actor, meeting) : null;
    if (!access) throw new UpgradeRejection(404, "meeting_not_found", "No existe esa sesión.");
    await validation.prepare(collabName);
    return {
      collabName,
      wantsAck: url.searchParams.get("ack") === "1",
      readOnly: !access.canEditActa || acta.isFrozen(collabName),
      grant: { userId: user.id, projectId: "", meetingId, tokenHash: session.tokenHash, isAdmin: user.isAdmin, archived: false },
      sessionDeadline: session.deadline,
      identity: { id: user.id, name: user.name, org: user.org.shortName, color: colorFor(user.id) },
    };
  }

  /**
   * Wires an upgraded socket to the host. Kept out of `handleUpgrade` on purpose: closures made
   * there would keep the upgrade request (headers and all) alive for the socket's whole life.
   */
  function open(ws: WebSocket, decision: UpgradeDecision): void {
    // Every frame passes the session's gate before the host sees it (see SessionKeeper). The
    // watch exists before the connection, so its callbacks find the connection when they run.
    const socketOf: { connection?: CollabConnection } = {};
    const watch = keeper.watch(
      decision.grant.tokenHash,
      decision.sessionDeadline,
      () => {
        if (socketOf.connection) host.closeConnection(socketOf.connection, AccessCloseCode.sessionEnded, "session_ended");
      },
      () => {
        if (socketOf.connection) host.closeConnection(socketOf.connection, CloseCode.rateLimited, CloseReason.rateLimited);
      },
    );
    const attached = attachWebSocket(
      host,
      ws,
      {
        room: decision.collabName,
        readOnly: decision.readOnly,
        userId: decision.grant.userId,
        wantsAck: decision.wantsAck,
        identity: decision.identity,
      },
      { gate: watch.gate },
    );
    socketOf.connection = attached;
    grants.set(attached, decision.grant);
    ws.on("close", () => {
      grants.delete(attached);
      watch.release();
    });
    // A role change (or an archive) committed while this upgrade was being decided emitted its
    // event before the connection existed: re-read the role and the document's state once now that
    // it does. An acta frozen meanwhile (its meeting sealed) makes the socket read-only.
    if (decision.grant.meetingId !== null) {
      void recheckActa(attached);
      return;
    }
    void roomAccess(decision.collabName, decision.grant.userId)
      .then((now) => {
        if (!now) return host.closeConnection(attached, AccessCloseCode.accessRevoked, "access_revoked");
        decision.grant.archived = now.archivedAt !== null;
        applyRole(attached, decision.grant, now.role);
      })
      .catch((error: unknown) => console.error("[collab] role recheck failed:", error));
  }

  /**
   * A document room's project, whether it is archived, and the user's role there, in one round
   * trip (null once the document no longer exists): asked on every upgrade and once more after
   * the socket opens, the hot path of a reconnect storm.
   */
  async function roomAccess(collabName: string, userId: string): Promise<{ projectId: string; role: ProjectRole | null; archivedAt: Date | null } | null> {
    const [row] = await db
      .select({ projectId: documents.projectId, role: projectMembers.role, archivedAt: documents.archivedAt })
      .from(documents)
      .leftJoin(projectMembers, and(eq(projectMembers.projectId, documents.projectId), eq(projectMembers.userId, userId)))
      .where(eq(documents.collabName, collabName));
    return row ?? null;
  }

  return {
    host,
    acta,
    async actaAccessChanged(meetingId) {
      await Promise.all(host.connectionsIn(actaCollabName(meetingId)).map((connection) => recheckActa(connection)));
    },
    async documentArchiveChanged(collabName, archived) {
      const rechecks = host.connectionsIn(collabName).map(async (connection) => {
        const grant = grants.get(connection);
        if (!grant) return;
        grant.archived = archived;
        if (archived) return host.setReadOnly(connection, true);
        try {
          applyRole(connection, grant, await roleIn(db, grant.projectId, grant.userId));
        } catch (error) {
          console.error("[collab] role recheck failed:", describeError(error));
        }
      });
      await Promise.all(rechecks);
    },
    async documentDeleted(collabName) {
      for (const connection of host.connectionsIn(collabName)) host.closeConnection(connection, AccessCloseCode.accessRevoked, "document_deleted");
      // Updates already received (and a compaction they queued) are written after the delete's
      // commit: wait for them, then remove them too. Nobody can reconnect: the document is gone.
      await host.flush();
      await host.flush();
      await db.transaction((tx) => clearRoom(tx, collabName));
    },
    handleUpgrade(request, socket, head) {
      socket.on("error", destroySocket);
      authorizeUpgrade(request)
        .then((decision) => {
          if (socket.destroyed) return;
          // Taken synchronously, before the 101: simultaneous upgrades cannot all pass.
          if (!slots.take(decision.grant.userId)) {
            return reject(socket, new UpgradeRejection(429, "too_many_connections", `Demasiadas conexiones abiertas (máximo ${config.perUser.maxSockets} por persona). Cierre otras pestañas o dispositivos.`));
          }
          holdSlot(socket, slots, decision.grant.userId);
          wss.handleUpgrade(request, socket, head, (ws) => open(ws, decision));
        })
        .catch((error: unknown) => {
          if (error instanceof UpgradeRejection) return reject(socket, error);
          // Without the error's parameters (token hash, ids): see describeError.
          console.error(`[collab] upgrade failed: ${describeError(error)}`);
          reject(socket, new UpgradeRejection(503, "unavailable", "Servicio no disponible."));
        });
    },
    async close() {
      unsubscribe();
      keeper.close();
      await host.close();
      wss.close();
    },
  };
}

// Module level for the same reason: a closure made in handleUpgrade would keep the request alive.
function holdSlot(socket: Duplex, slots: SocketSlots, userId: string): void {
  socket.once("close", () => slots.release(userId));
}

// A module-level listener: a closure here would capture the upgrade request for the socket's life.
function destroySocket(this: Duplex): void {
  this.destroy();
}
