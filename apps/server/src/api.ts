import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Database } from "@taller/db";
import { sql } from "@taller/db/sql";
import type { AppDeps } from "./deps";
import type { AppEnv } from "./http/env";
import { errorResponse } from "./http/errors";
import { isOriginAllowed, ownOrigin } from "./http/origin";
import { requireUser } from "./auth/middleware";
import { authRoutes } from "./routes/auth";
import { accountRoutes } from "./routes/accounts";
import { projectRoutes } from "./routes/projects";
import { documentRoutes } from "./routes/documents";
import { assetRoutes, MAX_ASSET_BYTES } from "./routes/assets";
import { notificationRoutes } from "./routes/notifications";
import { eventRoutes } from "./routes/events";
import { commentRoutes } from "./routes/comments";
import { versionRoutes } from "./routes/versions";
import { diffRoutes } from "./routes/diffs";
import { reviewRoutes } from "./routes/reviews";
import { meetingRoutes } from "./routes/meetings";
import { exportRoutes } from "./routes/exports";
import { MAX_LAYER_BYTES, territoryRoutes } from "./routes/territory";
import { followUpRoutes } from "./routes/follow-up";
import { dashboardRoutes } from "./routes/dashboard";

/** Largest request body the API accepts; larger ones get 413 before they are read. */
const MAX_BODY_BYTES = 1024 * 1024;

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

/**
 * The JSON API mounted at /api: body limits and the Origin check for every request, health,
 * client configuration and login for anyone, everything else behind a session. Route modules
 * are chained so that their types compose into {@link ApiType}.
 */
export function apiRoutes(deps: AppDeps) {
  const { db, config } = deps;
  // Image uploads may be larger than JSON bodies; every other route keeps the 1 MB limit.
  const limitFor = (maxSize: number) =>
    bodyLimit({
      maxSize,
      // errorResponse also closes the connection: the unread rest of the body is on the wire.
      onError: (c) => errorResponse(c as Context<AppEnv>, "payload_too_large", `La solicitud supera ${maxSize / 1024 / 1024} MB.`),
    });
  const jsonLimit = limitFor(MAX_BODY_BYTES);
  const uploadLimit = limitFor(MAX_ASSET_BYTES);
  const layerLimit = limitFor(MAX_LAYER_BYTES);

  const signedIn = new Hono<AppEnv>()
    .use(requireUser(db, config.session, config.secureCookies))
    .route("/", accountRoutes(deps))
    .route("/projects", projectRoutes(deps))
    .route("/documents", documentRoutes(deps))
    .route("/", assetRoutes(deps))
    .route("/", notificationRoutes(deps))
    .route("/", eventRoutes(deps))
    .route("/", commentRoutes(deps))
    .route("/", versionRoutes(deps))
    .route("/", diffRoutes(deps))
    .route("/", reviewRoutes(deps))
    .route("/", meetingRoutes(deps))
    .route("/", exportRoutes(deps))
    .route("/", territoryRoutes(deps))
    .route("/", followUpRoutes(deps))
    .route("/", dashboardRoutes(deps));

  return new Hono<AppEnv>()
    .use((c, next) => {
      if (/^\/api\/(documents|projects)\/[^/]+\/assets$/.test(c.req.path)) return uploadLimit(c, next);
      // A territorial layer file (GeoJSON of a whole municipality) may be up to 25 MB.
      if (c.req.path === "/api/layers") return layerLimit(c, next);
      return jsonLimit(c, next);
    })
    .use(async (c, next) => {
      if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS") {
        if (!isOriginAllowed(c.req.header("origin"), ownOrigin(c.req.url), config)) {
          return errorResponse(c, "origin_not_allowed", "Origen no permitido para esta solicitud.");
        }
      }
      return next();
    })
    // Health asks the database: "ok" while PostgreSQL is down would keep a load balancer sending
    // people to a server whose every login fails.
    .get("/health", async (c) => {
      if (await databaseAnswers(db, HEALTH_TIMEOUT_MS)) return c.json({ status: "ok" as const, database: deps.dbKind });
      return c.json({ status: "unavailable" as const, database: deps.dbKind }, 503);
    })
    // What the web app needs to know at run time (the built bundle carries no deployment secrets).
    .get("/client-config", (c) => c.json({ tldrawLicenseKey: config.tldrawLicenseKey, mapStyleUrl: config.mapStyleUrl }))
    .route("/auth", authRoutes(deps))
    .route("/", signedIn)
    .all("*", (c) => errorResponse(c, "not_found", `No existe la ruta ${c.req.method} ${c.req.path}.`));
}

/**
 * The API's routes with their inputs and responses, for the web app's typed client:
 * `import type { ApiType } from "@taller/server/api-type"; hc<ApiType>("/api")`. Types only: the
 * web bundle never imports server code.
 */
export type ApiType = ReturnType<typeof apiRoutes>;
