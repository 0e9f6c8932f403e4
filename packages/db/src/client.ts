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
  /** Closes the pool or the embedded database; pending queries finish first. */
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
    return { db: await clientOver(pool, shouldMigrate, close), kind: "postgres", close };
  }

  // Loaded only when used: a server on PostgreSQL does not start the embedded database's thread.
  const { startPgliteThread } = await import("./pglite-thread");
  const dataDir = options.dataDir ?? "./data";
  if (!dataDir.startsWith("memory://")) mkdirSync(resolve(dataDir), { recursive: true });
  const thread = await startPgliteThread({ dataDir: dataDir.startsWith("memory://") ? undefined : resolve(dataDir) });
  // From here on the embedded database is reached exactly like PostgreSQL (see pglite-thread.ts).
  const close = () => thread.close();
  return { db: await clientOver(thread.pool, shouldMigrate, close), kind: "pglite", close };
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
