import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDatabase } from "./testing";
import { organizations, users } from "./schema/index";
import { sql } from "drizzle-orm";

/** The data layer behaves the same on PGlite and PostgreSQL (the suite runs on both). */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database.close();
});

describe("createDb", () => {
  it("opens the driver the environment asks for, with every migration applied", async () => {
    expect(database.kind).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
    // Both drivers answer raw SQL with { rows }; the shared type cannot know which driver it is.
    const result = (await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    )) as unknown as { rows: { table_name: string }[] };
    expect(result.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["audit_log", "documents", "organizations", "project_members", "projects", "sessions", "users"]),
    );
  });

  it("enforces unique emails case-insensitively and rolls back failed transactions whole", async () => {
    const [org] = await database.db.insert(organizations).values({ name: "Dirección de Movilidad", shortName: "MOV" }).returning();
    await database.db.insert(users).values({ email: "ana@ejemplo.mx", name: "Ana", orgId: org!.id, passwordHash: "x" });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(organizations).values({ name: "Tesorería", shortName: "TES" });
        await tx.insert(users).values({ email: "ANA@ejemplo.mx", name: "Ana 2", orgId: org!.id, passwordHash: "x" });
      }),
    ).rejects.toThrow();
    const orgs = await database.db.select().from(organizations);
    expect(orgs.map((o) => o.shortName)).toEqual(["MOV"]);
  });
});
