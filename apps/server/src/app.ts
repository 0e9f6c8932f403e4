import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { getConnInfo } from "@hono/node-server/conninfo";
import { z } from "zod";
import type { DatabaseKind, Database } from "@taller/db";
import { sql } from "@taller/db/sql";
import type { Config } from "./config";
import type { AppEnv } from "./http/env";
import { errorResponse, handleError } from "./http/errors";
import { isOriginAllowed, ownOrigin } from "./http/origin";
import { requireUser } from "./auth/middleware";
import { LoginThrottle } from "./auth/login-throttle";
import { verifyPassword } from "./auth/password";
import { documentCreationRate, type UserRate } from "./http/user-rate";
import { ServerEvents } from "./events";
import { authRoutes } from "./routes/auth";
import { accountRoutes } from "./routes/accounts";
import { projectRoutes } from "./routes/projects";
import { documentRoutes } from "./routes/documents";
import { assetRoutes, MAX_ASSET_BYTES } from "./routes/assets";
import { webAppRoutes } from "./web-app";
import { createRealtime, type Realtime } from "./collab/realtime";

// API validation messages in Spanish, the language of the people reading them.
z.config(z.locales.es());

/** Largest request body the API accepts; larger ones get 413 before they are read. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppDeps {
  db: Database;
  dbKind: DatabaseKind;
  config: Config;
  events: ServerEvents;
  throttle: LoginThrottle;
  /** The client's IP for rate limiting and the audit trail. */
  clientIp: (c: Context) => string;
  /** Live documents: the collab host and the WebSocket upgrade. */
  realtime: Realtime;
  /** Documents one person may create per hour (DOCUMENTS_PER_USER_PER_HOUR). */
  documentCreation: UserRate;
  /** Checks a password against a stored hash (scrypt); tests wrap it to count the checks. */
  verifyPassword: (password: string, storedHash: string) => Promise<boolean>;
}

/** How long `/api/health` waits for `SELECT 1` before it calls the database unavailable. */
const HEALTH_TIMEOUT_MS = 2_000;

/** Whether the database answers `SELECT 1` within `timeoutMs` (a hung connection counts as down). */
async function databaseAnswers(db: Database, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Builds the dependencies the routes share, with defaults for what a test does not override. */
export function appDeps(input: Pick<AppDeps, "db" | "dbKind" | "config"> & Partial<AppDeps>): AppDeps {
  const config = input.config;
  const events = input.events ?? new ServerEvents();
  return {
    events,
    realtime: input.realtime ?? createRealtime({ db: input.db, config, events }),
    throttle: new LoginThrottle(),
    verifyPassword,
    documentCreation: documentCreationRate(config.perUser.documentsPerHour),
    clientIp: (c) => {
      if (config.trustProxy) {
        const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
        if (forwarded) return forwarded;
      }
      try {
        return getConnInfo(c).remote.address ?? "unknown";
      } catch {
        return "unknown"; // no socket: in-process requests (tests)
      }
    },
    ...input,
  };
}

/**
 * The HTTP application: JSON API under /api (session-protected except health and login), and
 * the built web app for every other path. Routes stay thin: they validate, authorize through
 * the domain rules and call one command or query.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { db, config } = deps;
  const policy = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // tldraw and TipTap set inline styles; scripts stay same-origin only.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", "blob:"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.onError(handleError);

  const api = new Hono<AppEnv>();
  // Image uploads may be larger than JSON bodies; every other route keeps the 1 MB limit.
  const limitFor = (maxSize: number) =>
    bodyLimit({
      maxSize,
      // errorResponse also closes the connection: the unread rest of the body is on the wire.
      onError: (c) => errorResponse(c as Context<AppEnv>, "payload_too_large", `La solicitud supera ${maxSize / 1024 / 1024} MB.`),
    });
  const jsonLimit = limitFor(MAX_BODY_BYTES);
  const uploadLimit = limitFor(MAX_ASSET_BYTES);
  api.use((c, next) => (/^\/api\/documents\/[^/]+\/assets$/.test(c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next)));
  api.use(async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS") {
      if (!isOriginAllowed(c.req.header("origin"), ownOrigin(c.req.url), config)) {
        return errorResponse(c, "origin_not_allowed", "Origen no permitido para esta solicitud.");
      }
    }
    return next();
  });
  // Health asks the database: "ok" while PostgreSQL is down would keep a load balancer sending
  // people to a server whose every login fails.
  api.get("/health", async (c) => {
    if (await databaseAnswers(db, HEALTH_TIMEOUT_MS)) return c.json({ status: "ok", database: deps.dbKind });
    return c.json({ status: "unavailable", database: deps.dbKind }, 503);
  });
  // What the web app needs to know at run time (the built bundle carries no deployment secrets).
  api.get("/client-config", (c) => c.json({ tldrawLicenseKey: config.tldrawLicenseKey }));
  api.route("/auth", authRoutes(deps));

  const signedIn = new Hono<AppEnv>();
  signedIn.use(requireUser(db, policy, config.secureCookies));
  signedIn.route("/", accountRoutes(deps));
  signedIn.route("/projects", projectRoutes(deps));
  signedIn.route("/documents", documentRoutes(deps));
  signedIn.route("/", assetRoutes(deps));
  api.route("/", signedIn);
  api.all("*", (c) => errorResponse(c, "not_found", `No existe la ruta ${c.req.method} ${c.req.path}.`));

  app.route("/api", api);
  app.route("/", webAppRoutes(config.webDist));
  return app;
}
