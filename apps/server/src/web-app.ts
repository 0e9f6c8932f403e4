import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve, relative } from "node:path";
import { Hono } from "hono";
import { serveStatic } from "@hono/node-server/serve-static";

const DEFAULT_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

/**
 * Serves the built single-page app from the same origin as the API. Hashed assets are cached
 * for a year; every other path that is not a file gets index.html, so deep links such as
 * /projects/:id work on reload.
 */
export function webAppRoutes(dist: string = DEFAULT_DIST) {
  const app = new Hono();
  const indexFile = resolve(dist, "index.html");
  if (!existsSync(indexFile)) {
    app.get("*", (c) =>
      c.html(
        `<!doctype html><html lang="es-MX"><meta charset="utf-8"><title>Taller</title>` +
          `<p>La aplicación web no está compilada. Ejecute <code>pnpm start</code> en la raíz del repositorio.</p></html>`,
        503,
      ),
    );
    return app;
  }
  const root = relative(process.cwd(), dist) || ".";
  app.use("/assets/*", async (c, next) => {
    await next();
    if (c.res.status === 200) c.header("Cache-Control", "public, max-age=31536000, immutable");
  });
  app.use("*", serveStatic({ root }));
  const index = readFileSync(indexFile, "utf8");
  app.get("*", (c) => {
    c.header("Cache-Control", "no-cache");
    return c.html(index);
  });
  return app;
}
