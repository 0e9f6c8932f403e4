import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createDb } from "@taller/db";
import { loadConfig } from "./config";
import { appDeps, createApp } from "./app";
import { ensureFirstAdmin } from "./bootstrap";
import { seedDemo } from "./seed/demo";
import { purgeExpiredSessions } from "./auth/sessions";

/**
 * The one Taller process: configuration, database (migrated on start), first admin, optional
 * demo data, then the HTTP server. SIGTERM and SIGINT stop accepting, finish what is in flight
 * and close the database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { db } = database;

  const admin = await ensureFirstAdmin(db, config);
  if (config.demo) await seedDemo(db, { log: (line) => console.log(line) });

  const deps = appDeps({ db, dbKind: database.kind, config });
  const app = createApp(deps);
  const policy = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };
  const purge = setInterval(() => {
    purgeExpiredSessions(db, policy).catch((error: unknown) => console.error("[sessions] purge failed:", error));
  }, 3_600_000);
  purge.unref();

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
    console.log(`Taller escuchando en http://${host}:${info.port} (base de datos: ${database.kind})`);
    if (admin) {
      console.log(`Primer administrador: ${admin.email}`);
      if (admin.generatedPassword) {
        console.log(`Contraseña generada (se muestra una sola vez): ${admin.generatedPassword}`);
      }
    }
  });

  server.on("upgrade", deps.realtime.handleUpgrade);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: deteniendo Taller…`);
    clearInterval(purge);
    // Stop accepting, drop idle keep-alive connections (browsers reconnect), then flush the
    // few edits still in the group-commit window (every acknowledged edit is already
    // committed) and close the live sockets before the database closes.
    server.close();
    if ("closeAllConnections" in server) server.closeAllConnections();
    deps.realtime
      .close()
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error("[shutdown] failed:", error);
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
