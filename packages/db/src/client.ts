import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema/index";

export type Schema = typeof schema;
/** A drizzle client over either driver; everything outside this file uses only this type. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** The transaction handle passed to `db.transaction(fn)`. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Either a database or a transaction: commands accept both so they compose. */
export type Executor = Database | Transaction;

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /**
   * Receives `NOTIFY <channel>` payloads on a session of its own (PostgreSQL: a dedicated
   * connection outside the pool; PGlite: the one embedded backend). `onLost` is called once if
   * that session ends unasked (PostgreSQL restarted, network cut): notifications sent meanwhile
   * are gone, so the caller listens again and catches up from the tables.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<Listening>;
  /** Closes the pool or the embedded database; pending queries finish first. */
  close(): Promise<void>;
}

export interface ListenHandlers {
  onNotification(payload: string): void;
  onLost(error: Error): void;
}

export interface Listening {
  /** Stops listening and releases the session. */
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** postgres://… — when set, PostgreSQL through pg; otherwise embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Directory of the embedded database (created when missing). `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Connection pool size for PostgreSQL (default 10). */
  poolSize?: number;
}

/** The drizzle-kit migrations folder at the repository root, shared by both drivers. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../migrations", import.meta.url));

/**
 * Opens the database Taller runs on: PostgreSQL when `databaseUrl` is given (production, CI),
 * otherwise PGlite in `dataDir` (the zero-install default). Both get the same migrations, so
 * code above this line never needs to know which one it talks to.
 */
export async function createDb(options: CreateDbOptions = {}): Promise<DatabaseHandle> {
  const shouldMigrate = options.migrate ?? true;
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client that loses its connection emits 'error' on the pool; without a listener
    // that would crash the process. The next query gets a fresh connection.
    pool.on("error", (error) => console.error("[db] idle client error:", error.message));
    const close = () => pool.end();
    const databaseUrl = options.databaseUrl;
    const listen = (channel: string, handlers: ListenHandlers) => listenOnPostgres(databaseUrl, channel, handlers);
    return { db: await clientOver(pool, shouldMigrate, close), kind: "postgres", close, listen };
  }

  // Loaded only when used: a server on PostgreSQL does not start the embedded database's thread.
  const { startPgliteThread } = await import("./pglite-thread");
  const dataDir = options.dataDir ?? "./data";
  if (!dataDir.startsWith("memory://")) mkdirSync(resolve(dataDir), { recursive: true });
  const thread = await startPgliteThread({ dataDir: dataDir.startsWith("memory://") ? undefined : resolve(dataDir) });
  // From here on the embedded database is reached exactly like PostgreSQL (see pglite-thread.ts).
  const close = () => thread.close();
  const listen = (channel: string, handlers: ListenHandlers) => listenOnPool(thread.pool, channel, handlers);
  return { db: await clientOver(thread.pool, shouldMigrate, close), kind: "pglite", close, listen };
}

/**
 * The drizzle client over `pool`, with pending migrations applied first when `migrate` is set.
 * A failed migration closes the database (`close`) before the error propagates: nobody else
 * holds the handle to close it.
 */
async function clientOver(pool: pg.Pool, migrate: boolean, close: () => Promise<void>): Promise<Database> {
  const db = drizzlePg(pool, { schema });
  try {
    if (migrate) await migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    await close();
    throw error;
  }
  return db as unknown as Database;
}

/** `LISTEN "channel"` with the identifier quoted (channels are fixed names, but never trust). */
const listenStatement = (verb: "LISTEN" | "UNLISTEN", channel: string) => `${verb} "${channel.replaceAll('"', '""')}"`;

/** PostgreSQL: a dedicated connection, so a LISTEN never holds (or loses) a pool slot. */
async function listenOnPostgres(connectionString: string, channel: string, handlers: ListenHandlers): Promise<Listening> {
  // keepAlive: a silently dropped connection (a NAT, a failover) is noticed and reported.
  const client = new pg.Client({ connectionString, keepAlive: true });
  let closing = false;
  let lost = false;
  const lose = (error: Error) => {
    if (closing || lost) return;
    lost = true;
    client.end().catch(() => {});
    handlers.onLost(error);
  };
  client.on("notification", (message) => {
    if (message.channel === channel) handlers.onNotification(message.payload ?? "");
  });
  client.on("error", lose);
  client.on("end", () => lose(new Error("LISTEN connection ended")));
  try {
    await client.connect();
    await client.query(listenStatement("LISTEN", channel));
  } catch (error) {
    closing = true;
    await client.end().catch(() => {});
    throw error;
  }
  return {
    async close() {
      if (closing) return;
      closing = true;
      await client.end().catch(() => {});
    },
  };
}

/**
 * PGlite: one backend serves every connection, so a LISTEN issued on it holds for the backend's
 * life, and a notification arrives on whichever pool connection runs the committing statement.
 * Every connection of the pool (the one there is, and any that replaces it) gets the handler.
 */
async function listenOnPool(pool: pg.Pool, channel: string, handlers: ListenHandlers): Promise<Listening> {
  const attached = new Set<pg.PoolClient | pg.Client>();
  const onMessage = (message: pg.Notification) => {
    if (message.channel === channel) handlers.onNotification(message.payload ?? "");
  };
  const attach = (client: pg.PoolClient | pg.Client) => {
    if (attached.has(client)) return;
    attached.add(client);
    client.on("notification", onMessage);
    client.once("end", () => attached.delete(client));
  };
  pool.on("connect", attach);
  const client = await pool.connect();
  try {
    attach(client);
    await client.query(listenStatement("LISTEN", channel));
  } finally {
    client.release();
  }
  let closed = false;
  return {
    async close() {
      if (closed) return;
      closed = true;
      pool.off("connect", attach);
      for (const c of attached) c.off("notification", onMessage);
      attached.clear();
      await pool.query(listenStatement("UNLISTEN", channel)).catch(() => {});
    },
  };
}
