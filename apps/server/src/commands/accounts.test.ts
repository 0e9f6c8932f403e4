import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "@taller/db/sql";
import { users } from "@taller/db";
import type { Actor } from "@taller/domain";
import { verifyPassword } from "../auth/password";
import { createOrganization, createUser } from "./accounts";
import { commandTestDb, type CommandTestDb } from "./testing";

let t: CommandTestDb;
let admin: Actor;

beforeAll(async () => {
  t = await commandTestDb();
  admin = await t.person("admin@ejemplo.mx", { isAdmin: true });
});
afterAll(() => t.close());

describe("accounts", () => {
  it("creates an agency, audited with its actor", async () => {
    const org = await createOrganization({ db: t.db, actor: admin, input: { name: "Dirección de Movilidad", shortName: "MOV" } });
    expect(await t.auditedActions(org.id)).toEqual(["organization.created"]);
  });

  it("creates an account with a lower-case email and a hashed password, audited", async () => {
    const org = await t.org("DU");
    const user = await createUser({
      db: t.db,
      actor: admin,
      input: { email: "Carmen.Ruiz@Ejemplo.mx", name: "Carmen Ruiz", password: "una-contraseña-larga", orgId: org.id, isAdmin: false },
    });
    expect(user.email).toBe("carmen.ruiz@ejemplo.mx");
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword("una-contraseña-larga", row!.passwordHash)).toBe(true);
    expect(await t.auditedActions(user.id)).toEqual(["user.created"]);
  });

  it("refuses an account in an agency that does not exist, and writes nothing", async () => {
    const input = { email: "nadie@ejemplo.mx", name: "Nadie", password: "una-contraseña-larga", orgId: "00000000-0000-4000-8000-000000000000", isAdmin: false };
    await expect(createUser({ db: t.db, actor: admin, input })).rejects.toMatchObject({ code: "organization_not_found" });
    expect(await t.db.select().from(users).where(eq(users.email, "nadie@ejemplo.mx"))).toEqual([]);
  });
});
