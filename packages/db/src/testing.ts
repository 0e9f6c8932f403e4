import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type DatabaseHandle } from "./client";

/**
 * Test databases. The suite's global setup (test/support/global-setup.ts) migrates one template
 * per run: a PostgreSQL database when DATABASE_URL is set, otherwise a PGlite data directory.
 * Every test file then gets its own copy, so files run in parallel without sharing state, and
 * a copy is far cheaper than running initdb and the migrations again.
 */
export interface TestDatabase extends DatabaseHandle {
  /** Where a child server process can reach the same database. */
  env: { DATABASE_URL: string } | { DATA_DIR: string };
}

const TEST_ENV = {
  pgTemplate: "TALLER_TEST_PG_TEMPLATE",
  pgliteTemplate: "TALLER_TEST_PGLITE_TEMPLATE",
} as const;

/** Replaces the database name in a postgres:// URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates a fresh, migrated database for one test file; `close()` removes it again. */
export async function createTestDb(): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  const pgTemplate = process.env[TEST_ENV.pgTemplate];
  if (adminUrl && pgTemplate) {
    const name = `${pgTemplate.replace(/_tpl$/, "")}_${randomBytes(4).toString("hex")}`;
    await withAdminClient(adminUrl, async (client) => {
      // Two workers cloning the same template at the same instant can collide on the template's
      // lock; the clone is quick, so a short retry is enough.
      for (let attempt = 0; ; attempt++) {
        try {
          await client.query(`CREATE DATABASE "${name}" TEMPLATE "${pgTemplate}"`);
          return;
        } catch (error) {
          if (attempt >= 20 || !String((error as Error).message).includes("being accessed")) throw error;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    });
    const url = withDatabase(adminUrl, name);
    const handle = await createDb({ databaseUrl: url, poolSize: 5 });
    return {
      ...handle,
      env: { DATABASE_URL: url },
      close: async () => {
        await handle.close();
        await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      },
    };
  }

  const template = process.env[TEST_ENV.pgliteTemplate];
  const dir = mkdtempSync(join(tmpdir(), "taller-test-db-"));
  if (template) cpSync(template, dir, { recursive: true });
  const handle = await createDb({ dataDir: dir });
  return {
    ...handle,
    env: { DATA_DIR: dir },
    close: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Prepares the per-run template; returns a teardown that removes every database of the run. */
export async function prepareTestTemplate(): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}${process.pid}`;
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const prefix = `taller_test_${runId}`;
    const template = `${prefix}_tpl`;
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${template}"`));
    const handle = await createDb({ databaseUrl: withDatabase(adminUrl, template), poolSize: 1 });
    await handle.close();
    process.env[TEST_ENV.pgTemplate] = template;
    return () =>
      withAdminClient(adminUrl, async (client) => {
        const { rows } = await client.query<{ datname: string }>(
          "SELECT datname FROM pg_database WHERE datname LIKE $1",
          [`${prefix}%`],
        );
        for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      });
  }
  const root = mkdtempSync(join(tmpdir(), "taller-test-template-"));
  const handle = await createDb({ dataDir: root });
  await handle.close();
  process.env[TEST_ENV.pgliteTemplate] = root;
  return async () => rmSync(root, { recursive: true, force: true });
}

/**
 * Runs a statement that the database must refuse and returns the database's own error (code and
 * message of PostgreSQL or PGlite), unwrapped from drizzle's wrapper. Throws if it succeeds.
 */
export async function dbError(run: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await run();
  } catch (error) {
    let e: unknown = error;
    while (e && typeof e === "object" && !("code" in e) && "cause" in e) e = (e as { cause: unknown }).cause;
    return e as { code?: string; message: string };
  }
  throw new Error("the statement succeeded");
}
