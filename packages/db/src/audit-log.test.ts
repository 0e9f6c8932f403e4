import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import { createTestDb, dbError, type TestDatabase } from "./testing";
import { auditLog, organizations, users } from "./schema/index";

/**
 * Issue 9, case 13: the audit log is append-only in the database itself (the trigger of
 * migrations/0003_audit_append_only.sql), on PGlite and on PostgreSQL alike: UPDATE, DELETE and
 * TRUNCATE raise and leave the rows as they were, no cascade reaches it, and INSERT still works.
 * (That the API writes an entry with each change: test/integration/api-flow.test.ts.)
 */
let database: TestDatabase;
let userId: string;

beforeAll(async () => {
  database = await createTestDb();
  const [org] = await database.db.insert(organizations).values({ name: "Instituto Municipal de Planeación", shortName: "IMPLAN" }).returning();
  const [user] = await database.db.insert(users).values({ email: "auditada@ejemplo.mx", name: "Auditada", orgId: org!.id, passwordHash: "x" }).returning();
  userId = user!.id;
  await database.db.insert(auditLog).values([
    { actorId: userId, action: "session.started", subjectType: "session", subjectId: userId },
    { actorId: userId, action: "project.created", subjectType: "project", subjectId: "corredor-verde" },
  ]);
});
afterAll(async () => {
  await database.close();
});

const allRows = () => database.db.select().from(auditLog).orderBy(asc(auditLog.id));


describe("audit log", () => {
  it("refuses UPDATE, DELETE and TRUNCATE and keeps every row unchanged", async () => {
    const before = await allRows();
    expect(before).toHaveLength(2);
    const first = before[0]!;

    const update = await dbError(() => database.db.update(auditLog).set({ action: "falsificada" }).where(eq(auditLog.id, first.id)));
    expect(update.code).toBe("42501");
    expect(update.message).toMatch(/append-only: UPDATE/);
    const del = await dbError(() => database.db.delete(auditLog).where(eq(auditLog.id, first.id)));
    expect(del.message).toMatch(/append-only: DELETE/);
    const deleteAll = await dbError(() => database.db.delete(auditLog));
    expect(deleteAll.message).toMatch(/append-only: DELETE/);
    const truncate = await dbError(() => database.db.execute(sql`truncate audit_log`));
    expect(truncate.message).toMatch(/append-only: TRUNCATE/);

    expect(await allRows()).toEqual(before);
  });

  it("keeps the trail when someone tries to delete a person who has entries", async () => {
    const before = await allRows();
    // No cascade reaches the audit log: deleting the actor is refused by the foreign key.
    const error = await dbError(() => database.db.delete(users).where(eq(users.id, userId)));
    expect(error.code).toBe("23503");
    expect(await allRows()).toEqual(before);
  });

  it("still appends", async () => {
    const before = (await allRows()).length;
    await database.db.insert(auditLog).values({ actorId: userId, action: "project.created", subjectType: "project", subjectId: "mercado" });
    expect((await allRows()).length).toBe(before + 1);
  });
});
