import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { parse as parseCookies } from "hono/utils/cookie";
import { attachWebSocket, CloseCode, CloseReason, CollabHost, type CollabConnection, type CollabLogger, type PresenceIdentity } from "@taller/collab";
import { can, canEditContent, colorFor, type ProjectRole } from "@taller/domain";
import { documents, projectMembers, type Database } from "@taller/db";
import { and, eq } from "@taller/db/sql";
import type { Config } from "../config";
import type { ServerEvents } from "../events";
import { sessionCookieName } from "../auth/middleware";
import { resolveSessionWithDeadline, type SessionPolicy } from "../auth/sessions";
import { describeError } from "../http/errors";
import { isOriginAllowed, ownOrigin } from "../http/origin";
import { roleIn } from "../queries/access";
import { DocumentStorage } from "./document-storage";
import { SessionKeeper } from "./session-keeper";
import { SocketSlots } from "./socket-slots";
import { createContentValidation } from "./content-validation";

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
  projectId: string;
  tokenHash: string;
  isAdmin: boolean;
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
  const host = new CollabHost({
    storage: new DocumentStorage(db),
    validateUpdate: validation.validateUpdate,
    // Study texts start from the proposal template; canvases start empty. Seeding happens here,
    // once, when storage has nothing for the document: clients never seed.
    // The TipTap schema is loaded on the first study seeded, not at start: a process that only
    // relays edits keeps a smaller heap (and shorter GC pauses).
    seed: async (name, doc) => {
      if (!name.startsWith("doc.")) return;
      const { seedStudyTemplate } = await import("@taller/editor-schema/server");
      seedStudyTemplate(doc);
    },
    limits: { maxFrameBytes: config.collab.maxFrameBytes, maxDocumentBytes: config.collab.maxDocumentBytes },
    idleUnloadMs: config.collab.idleUnloadMs,
    logger,
  });
  // A writer's sync step 2 may be as large as the document cap (offline catch-up); the host
  // itself closes every other frame above the frame cap with 1009.
  const wss = new WebSocketServer({ noServer: true, maxPayload: host.maxPayloadBytes });
  const grants = new Map<CollabConnection, SocketGrant>();

  const unsubscribe = events.subscribe((event) => {
    for (const connection of host.connectionsOf(event.userId)) {
      const grant = grants.get(connection);
      if (!grant) continue;
      if (event.type === "session.ended" && grant.tokenHash === event.tokenHash) {
        host.closeConnection(connection, AccessCloseCode.sessionEnded, "session_ended");
      } else if (event.type === "membership.changed" && grant.projectId === event.projectId) {
        applyRole(connection, grant, event.role);
      }
    }
  });

  function applyRole(connection: CollabConnection, grant: SocketGrant, role: ProjectRole | null): void {
    const actor = { userId: grant.userId, isAdmin: grant.isAdmin };
    if (!can(actor, "document.read", { role })) {
      host.closeConnection(connection, AccessCloseCode.accessRevoked, "access_revoked");
    } else {
      host.setReadOnly(connection, !canEditContent(actor, { role }));
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
    const match = /^\/collab\/((?:doc|board)\.[0-9a-f-]{36})$/.exec(url.pathname);
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
    if (!session || !user) throw new UpgradeRejection(401, "unauthenticated", "Inicie sesión para continuar.");

    // The document and the user's role in its project in one round trip: joins are the hot path
    // of a reconnect storm.
    const [document] = await db
      .select({ projectId: documents.projectId, role: projectMembers.role })
      .from(documents)
      .leftJoin(projectMembers, and(eq(projectMembers.projectId, documents.projectId), eq(projectMembers.userId, user.id)))
      .where(eq(documents.collabName, collabName));
    if (!document) throw new UpgradeRejection(404, "document_not_found", "No existe ese documento.");
    const role = document.role;
    const actor = { userId: user.id, isAdmin: user.isAdmin };
    if (!can(actor, "document.read", { role })) {
      throw new UpgradeRejection(403, "forbidden", "No tiene acceso a este documento.");
    }
    // The room's content validator (TipTap or tldraw schema) is loaded before the socket joins.
    await validation.prepare(collabName);
    return {
      collabName,
      wantsAck: url.searchParams.get("ack") === "1",
      readOnly: !canEditContent(actor, { role }),
      grant: { userId: user.id, projectId: document.projectId, tokenHash: session.tokenHash, isAdmin: user.isAdmin },
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
    // A role change committed while this upgrade was being decided emitted its event before
    // the connection existed: re-read the role once now that it does.
    void roleIn(db, decision.grant.projectId, decision.grant.userId)
      .then((role) => applyRole(attached, decision.grant, role))
      .catch((error: unknown) => console.error("[collab] role recheck failed:", error));
  }

  return {
    host,
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
