import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createDb, type DatabaseHandle } from "@taller/db";
import type { Config } from "./config";
import { createApp } from "./app";
import { appDeps, type AppDeps } from "./deps";
import { ensureFirstAdmin, type FirstAdmin } from "./bootstrap";
import { seedDemo } from "./seed/demo";
import { purgeExpiredSessions } from "./auth/sessions";
import { keepConnectionsAlive } from "./http/listen";

/** A running Taller: what `main.ts` prints, and what the benchmark harness drives in-process. */
export interface RunningTaller {
  /** http://host:port it listens on. */
  url: string;
  database: DatabaseHandle;
  deps: AppDeps;
  /** The first administrator, when this start created it. */
  admin: FirstAdmin | null;
  /** Stops accepting, flushes pending edits, closes sockets and the database. */
  stop(): Promise<void>;
}

/**
 * Starts the one Taller process: database (migrated on start), first admin, optional demo data,
 * the HTTP server and the collaboration upgrade.
 */
export async function startTaller(config: Config, log: (line: string) => void = console.log): Promise<RunningTaller> {
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { db } = database;

  const admin = await ensureFirstAdmin(db, config);
  if (config.demo) await seedDemo(db, { log });

  const deps = appDeps({ db, dbKind: database.kind, config, listen: database.listen });
  // Live event streams listen from the start (the mailer is woken through them).
  await deps.hub.ready().catch((error: unknown) => console.error("[live] LISTEN failed at start, retrying:", error));
  deps.mailer?.start();
  deps.dueReminders.start();
  const app = createApp(deps);
  const purge = setInterval(() => {
    purgeExpiredSessions(db, config.session).catch((error: unknown) => console.error("[sessions] purge failed:", error));
  }, 3_600_000);
  purge.unref();

  let server!: ReturnType<typeof serve>;
  const url = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve(`http://${host}:${info.port}`);
    });
  });
  keepConnectionsAlive(server);
  server.on("upgrade", deps.realtime.handleUpgrade);

  let stopping: Promise<void> | undefined;
  return {
    url,
    database,
    deps,
    admin,
    stop() {
      // Stop accepting, drop idle keep-alive connections (browsers reconnect), then flush the
      // few edits still in the group-commit window (every acknowledged edit is already
      // committed) and close the live sockets before the database closes.
      stopping ??= (async () => {
        clearInterval(purge);
        server.close();
        if ("closeAllConnections" in server) server.closeAllConnections();
        await deps.realtime.close();
        await deps.dueReminders.close();
        await deps.mailer?.close();
        await deps.hub.close();
        await database.close();
      })();
      return stopping;
    },
  };
}
