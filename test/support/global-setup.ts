import { prepareTestTemplate } from "@taller/db/testing";

/**
 * Runs once per `vitest run`: migrates the template database that every test file copies.
 * With DATABASE_URL set the suite runs on that PostgreSQL server (each run, and each file,
 * in databases of its own); without it, on embedded PGlite.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const teardown = await prepareTestTemplate();
  console.log(`[test] database: ${process.env.DATABASE_URL ? "postgres" : "pglite"}`);
  return teardown;
}
