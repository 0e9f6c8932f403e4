import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { AppDeps } from "./deps";
import type { AppEnv } from "./http/env";
import { handleError } from "./http/errors";
import { apiRoutes } from "./api";
import { webAppRoutes } from "./web-app";

/**
 * The HTTP application: security headers and error handling for every response, the JSON API
 * under /api (`apiRoutes`, session-protected except health and login), and the built web app
 * for every other path.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // The institute's own tile server (MAP_STYLE_URL), when set, is the one other origin the map reaches.
  const mapOrigin = deps.config.mapStyleUrl ? [new URL(deps.config.mapStyleUrl).origin] : [];
  app.use(requestId());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // tldraw and TipTap set inline styles; scripts stay same-origin only.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:", ...mapOrigin],
        fontSrc: ["'self'", "data:", ...mapOrigin],
        connectSrc: ["'self'", ...mapOrigin],
        workerSrc: ["'self'", "blob:"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.onError(handleError);

  app.route("/api", apiRoutes(deps));
  app.route("/", webAppRoutes(deps.config.webDist));
  return app;
}
