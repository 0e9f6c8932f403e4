import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "@taller/db";
import { asc, eq, sql } from "@taller/db/sql";
import { signedIn } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";

/**
 * Issue 9, case 13: the audit log is append-only in the database itself (a trigger), on PGlite
 * and on PostgreSQL alike: UPDATE, DELETE and TRUNCATE raise and leave the rows as they were,
 * while the API keeps appending entries.
 */
let t: TestApp;
let userId: string;

beforeAll(async () => {
  t = await startTestApp();
  const org = await makeOrg(t, "IMPLAN");
  userId = (await makeUser(t, { email: "auditada@ejemplo.mx", orgId: org.id })).id;
  const client = await signedIn(t, "auditada@ejemplo.mx");
  const project = await client.post("/api/projects", { name: "Corredor verde", kind: "study" });
  expect(project.status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

const allRows = () => t.database.db.select().from(auditLog).orderBy(asc(auditLog.id));

/** The database error under drizzle's wrapper. */
async function dbError(run: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await run();
  } catch (error) {
    let e: unknown = error;
    while (e && typeof e === "object" && !("code" in e) && "cause" in e) e = (e as { cause: unknown }).cause;
    return e as { code?: string; message: string };
  }
  throw new Error("the statement succeeded");
}

describe("audit log", () => {
  it("refuses UPDATE, DELETE and TRUNCATE and keeps every row unchanged", async () => {
    const before = await allRows();
    expect(before.length).toBeGreaterThanOrEqual(2); // session.started, project.created
    const first = before[0]!;

    const update = await dbError(() => t.database.db.update(auditLog).set({ action: "falsificada" }).where(eq(auditLog.id, first.id)));
    expect(update.code).toBe("42501");
    expect(update.message).toMatch(/append-only: UPDATE/);
    const del = await dbError(() => t.database.db.delete(auditLog).where(eq(auditLog.id, first.id)));
    expect(del.message).toMatch(/append-only: DELETE/);
    const deleteAll = await dbError(() => t.database.db.delete(auditLog));
    expect(deleteAll.message).toMatch(/append-only: DELETE/);
    const truncate = await dbError(() => t.database.db.execute(sql`truncate audit_log`));
    expect(truncate.message).toMatch(/append-only: TRUNCATE/);

    expect(await allRows()).toEqual(before);
  });

  it("keeps the trail when someone tries to delete a person who has entries", async () => {
    const before = await allRows();
    // No cascade reaches the audit log: deleting the actor is refused by the foreign key.
    const error = await dbError(() => t.database.db.delete(users).where(eq(users.id, userId)));
    expect(error.code).toBe("23503");
    expect(await allRows()).toEqual(before);
  });

  it("still appends", async () => {
    const before = (await allRows()).length;
    const client = await signedIn(t, "auditada@ejemplo.mx");
    expect((await client.post("/api/projects", { name: "Mercado", kind: "investment" })).status).toBe(201);
    expect((await allRows()).length).toBe(before + 2); // session.started + project.created
  });
});
