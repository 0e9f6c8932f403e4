import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createDb, type DatabaseHandle } from "./client";
import { organizations, users } from "./schema/index";
import { startPgliteThread } from "./pglite-thread";

/**
 * The embedded database runs on a worker thread (pglite-thread.ts). These run on PGlite whatever
 * DATABASE_URL says: they are about the thread, not about the driver the suite picked.
 */
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createDb({ dataDir: "memory://" });
});
afterAll(async () => {
  await handle?.close();
});

describe("embedded PGlite on its own thread", () => {
  it("keeps the event loop turning while it stores a large value", async () => {
    const [org] = await handle.db.insert(organizations).values({ name: "Obras Públicas", shortName: "OP" }).returning();
    expect(org).toBeDefined();
    // 8 MB of bytea: on the main thread PGlite held the loop for the whole write (seconds).
    const payload = Buffer.alloc(8 * 1024 * 1024, 7);
    const order: string[] = [];
    const write = handle.db
      .execute(sql`INSERT INTO document_updates (collab_name, "update") VALUES ('doc.loop', ${payload})`)
      .then(() => order.push("write resolved"));
    // Scheduled after the write was issued: it can only run first if the loop is free meanwhile.
    const timer = new Promise<void>((resolve) =>
      setImmediate(() => {
        order.push("timer fired");
        resolve();
      }),
    );
    await Promise.all([write, timer]);
    expect(order).toEqual(["timer fired", "write resolved"]);
    // Read back whole: the answer (16 MB of hex) reaches pg in pieces across loop turns.
    const stored = (await handle.db.execute(
      sql`SELECT "update" AS bytes FROM document_updates WHERE collab_name = 'doc.loop'`,
    )) as unknown as { rows: { bytes: Buffer }[] };
    expect(Buffer.compare(stored.rows[0]!.bytes, payload)).toBe(0);
  });

  it("reports unique violations with PostgreSQL's code and constraint name", async () => {
    const [org] = await handle.db.insert(organizations).values({ name: "Catastro", shortName: "CAT" }).returning();
    await handle.db.insert(users).values({ email: "eva@ejemplo.mx", name: "Eva", orgId: org!.id, passwordHash: "x" });
    const error = await handle.db
      .insert(users)
      .values({ email: "EVA@ejemplo.mx", name: "Eva 2", orgId: org!.id, passwordHash: "x" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    // drizzle wraps the driver's error; apps/server/src/http/errors.ts reads the cause.
    const cause = (error as { cause?: { code?: string; constraint?: string } }).cause;
    expect(cause).toMatchObject({ code: "23505", constraint: "users_email_key" });
  });

  it("does not interleave a transaction with other queries, and a failed one leaves nothing", async () => {
    let outside: Promise<unknown> | undefined;
    const tx = handle.db.transaction(async (t) => {
      await t.insert(organizations).values({ name: "Tesorería", shortName: "TES" });
      // Issued while the transaction is open and holds the row: PGlite is one backend, so this
      // query must wait for the transaction instead of running inside it.
      outside = handle.db.execute(sql`SELECT count(*) AS n FROM organizations WHERE short_name = 'TES'`);
      await new Promise((r) => setTimeout(r, 50));
      throw new Error("rolled back on purpose");
    });
    await expect(tx).rejects.toThrow("rolled back on purpose");
    const { rows } = (await outside) as { rows: { n: string }[] };
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it("delivers LISTEN/NOTIFY notifications to the listening connection", async () => {
    const thread = await startPgliteThread({});
    try {
      const client = await thread.pool.connect();
      try {
        const received = new Promise<{ channel: string; payload?: string }>((resolve) => client.once("notification", resolve));
        await client.query("LISTEN taller_test");
        await client.query("SELECT pg_notify('taller_test', 'hola')");
        await expect(received).resolves.toMatchObject({ channel: "taller_test", payload: "hola" });
      } finally {
        client.release();
      }
    } finally {
      await thread.close();
    }
  });
});
