import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, organizations, sessions, users } from "@taller/db";
import { and, asc, eq, ne } from "@taller/db/sql";
import { ApiClient, signedIn, TEST_PASSWORD } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";
import { openSse } from "../support/sse";

/**
 * Administration of accounts and agencies (issue 15, item 5): editing a person (name, agency,
 * admin flag), deactivating and reactivating them, resetting their password (a one-time password,
 * a change required at the next sign-in), renaming an agency, and everyone's own password change.
 * Every change is audited in its transaction; refused requests change nothing.
 */
let t: TestApp;
let admin: ApiClient;
let person: ApiClient;
let op: { id: string };
let implan: { id: string };
let adminId: string;

const NO_ID = "00000000-0000-4000-8000-000000000000";

async function row(userId: string) {
  const [user] = await t.database.db.select().from(users).where(eq(users.id, userId));
  return user!;
}

/** The audited changes of an account or agency (sign-ins, audited as `session.started` about the person, left out). */
async function audits(subjectId: string) {
  return t.database.db
    .select({ action: auditLog.action, actorId: auditLog.actorId, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.subjectId, subjectId), ne(auditLog.subjectType, "session")))
    .orderBy(asc(auditLog.id));
}

async function sessionCount(userId: string): Promise<number> {
  return (await t.database.db.select({ id: sessions.tokenHash }).from(sessions).where(eq(sessions.userId, userId))).length;
}

/** A fresh person of OP, signed in. */
let made = 0;
async function newPerson(name = "Persona") {
  const email = `persona${made++}@ejemplo.mx`;
  const user = await makeUser(t, { email, orgId: op.id, name });
  return { id: user.id, email, client: await signedIn(t, email) };
}

beforeAll(async () => {
  t = await startTestApp();
  implan = await makeOrg(t, "IMPLAN", "Instituto Municipal de Planeación");
  op = await makeOrg(t, "OP", "Dirección de Obra Pública");
  adminId = (await makeUser(t, { email: "admin@ejemplo.mx", orgId: implan.id, name: "Ana Admin", isAdmin: true })).id;
  await makeUser(t, { email: "jorge@ejemplo.mx", orgId: op.id, name: "Jorge Ibarra" });
  admin = await signedIn(t, "admin@ejemplo.mx");
  person = await signedIn(t, "jorge@ejemplo.mx");
});
afterAll(async () => {
  await t.close();
});

describe("PATCH /api/users/:id", () => {
  it("changes name, agency and admin flag, audited with before and after, and lists them", async () => {
    const who = await newPerson("Carmen Ruiz");
    const res = await admin.patch(`/api/users/${who.id}`, { name: "  Carmen Ruiz Peña ", orgId: implan.id, isAdmin: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: who.id, name: "Carmen Ruiz Peña", orgId: implan.id, isAdmin: true, deactivatedAt: null, mustChangePassword: false });
    expect(await audits(who.id)).toEqual([
      {
        action: "user.updated",
        actorId: adminId,
        details: { before: { name: "Carmen Ruiz", orgId: op.id, isAdmin: false }, after: { name: "Carmen Ruiz Peña", orgId: implan.id, isAdmin: true } },
      },
    ]);
    // The person's next request already has the new agency and the flag.
    const me = (await who.client.get("/api/auth/me")).body.user;
    expect(me).toMatchObject({ name: "Carmen Ruiz Peña", isAdmin: true, org: { id: implan.id }, abilities: { manageUsers: true } });
    const listed = (await admin.get("/api/users")).body.users.find((u: { id: string }) => u.id === who.id);
    expect(listed).toMatchObject({ name: "Carmen Ruiz Peña", isAdmin: true, deactivatedAt: null, mustChangePassword: false });

    // Only what changed is audited; a patch that changes nothing writes nothing.
    expect((await admin.patch(`/api/users/${who.id}`, { isAdmin: false, name: "Carmen Ruiz Peña" })).status).toBe(200);
    expect((await audits(who.id)).at(-1)!.details).toEqual({ before: { isAdmin: true }, after: { isAdmin: false } });
    expect((await admin.patch(`/api/users/${who.id}`, { isAdmin: false })).status).toBe(200);
    expect(await audits(who.id)).toHaveLength(2);
  });

  it("refuses bad input, unknown people and agencies, and non-administrators, changing nothing", async () => {
    const who = await newPerson("Luis Gómez");
    const before = await row(who.id);
    const cases: [string, unknown, number, string][] = [
      [who.id, {}, 400, "validation_failed"],
      [who.id, { email: "otro@ejemplo.mx" }, 400, "validation_failed"],
      [who.id, { name: "L" }, 400, "validation_failed"],
      [who.id, { isAdmin: "sí" }, 400, "validation_failed"],
      [who.id, { orgId: "op" }, 400, "validation_failed"],
      [who.id, { orgId: NO_ID }, 404, "organization_not_found"],
      [NO_ID, { name: "Nadie" }, 404, "user_not_found"],
      ["no-es-un-id", { name: "Nadie" }, 404, "user_not_found"],
    ];
    for (const [id, body, status, code] of cases) {
      const res = await admin.patch(`/api/users/${id}`, body);
      expect([JSON.stringify(body), res.status, res.body.error.code]).toEqual([JSON.stringify(body), status, code]);
    }
    expect((await admin.patch(`/api/users/${who.id}`, {})).body.error.details.issues).toEqual([{ path: "", code: "no_changes" }]);
    const refused = await person.patch(`/api/users/${who.id}`, { isAdmin: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect(await row(who.id)).toEqual(before);
    expect(await audits(who.id)).toEqual([]);
  });

  it("keeps the last active administrator, and no administrator removes their own flag", async () => {
    // Ana is the only administrator: she cannot lose the flag, by herself or anyone.
    const alone = await admin.patch(`/api/users/${adminId}`, { isAdmin: false });
    expect(alone.status).toBe(409);
    expect(alone.body.error).toMatchObject({ code: "last_admin", message: expect.stringMatching(/última persona administradora/) });
    // With a second administrator, still not her own.
    const second = await newPerson("Beatriz Segunda");
    expect((await admin.patch(`/api/users/${second.id}`, { isAdmin: true })).status).toBe(200);
    const own = await admin.patch(`/api/users/${adminId}`, { isAdmin: false });
    expect(own.status).toBe(409);
    expect(own.body.error).toMatchObject({ code: "own_admin_flag", message: expect.stringMatching(/No puedes quitarte/) });
    expect((await row(adminId)).isAdmin).toBe(true);
    // Another administrator may; the two removing each other at once leave one of them.
    const [first, other] = await Promise.all([
      second.client.patch(`/api/users/${adminId}`, { isAdmin: false }),
      admin.patch(`/api/users/${second.id}`, { isAdmin: false }),
    ]);
    const outcomes = [first.status, other.status].sort();
    expect(outcomes[0]).toBe(200);
    expect([403, 409]).toContain(outcomes[1]);
    const admins = await t.database.db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true));
    expect(admins).toHaveLength(1);
    // Ana is administrator again for the rest of the file.
    if (admins[0]!.id !== adminId) {
      expect((await second.client.patch(`/api/users/${adminId}`, { isAdmin: true })).status).toBe(200);
      admin = await signedIn(t, "admin@ejemplo.mx");
      expect((await admin.patch(`/api/users/${second.id}`, { isAdmin: false })).status).toBe(200);
    }
    expect((await admin.get("/api/users")).status).toBe(200);
  });
});

describe("deactivation", { timeout: 90_000 }, () => {
  it("ends the person's sessions at once, refuses their login after the password check, keeps their authorship", async () => {
    const who = await newPerson("Rosa Díaz");
    const otherDevice = await signedIn(t, who.email);
    const project = await who.client.post("/api/projects", { name: "Rehabilitación del mercado", kind: "study" });
    expect(project.status).toBe(201);
    const stream = await openSse(who.client, "/api/notifications/events");
    expect(stream.status).toBe(200);
    await stream.next((e) => e.event === "ready");
    expect(await sessionCount(who.id)).toBe(2);

    const res = await admin.post(`/api/users/${who.id}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: who.id, deactivatedAt: expect.any(String) });
    expect(await sessionCount(who.id)).toBe(0);
    // The open stream is told and closed; every request of the old sessions is 401.
    expect((await stream.next((e) => e.event === "access", 3_000)).data.reason).toBe("session_ended");
    await stream.ended;
    expect((await who.client.get("/api/auth/me")).status).toBe(401);
    expect((await otherDevice.get("/api/projects")).status).toBe(401);

    const refused = await new ApiClient(t).login(who.email);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: "account_deactivated", message: "Tu cuenta está desactivada. Pide a una persona administradora que la reactive." });
    // A wrong password reads as for any account: nothing says the account exists.
    const wrong = await new ApiClient(t).login(who.email, "no-es-la-contraseña");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("invalid_credentials");

    // Authorship stays: the project and its creator are there.
    const kept = await admin.get(`/api/projects/${project.body.id}`);
    expect(kept.status).toBe(200);
    expect((await admin.get("/api/users")).body.users.find((u: { id: string }) => u.id === who.id).deactivatedAt).toEqual(expect.any(String));

    // Deactivating again writes nothing; reactivating lets them sign in with their password.
    expect((await admin.post(`/api/users/${who.id}/deactivate`)).status).toBe(200);
    const back = await admin.post(`/api/users/${who.id}/reactivate`);
    expect(back.status).toBe(200);
    expect(back.body.deactivatedAt).toBeNull();
    expect((await admin.post(`/api/users/${who.id}/reactivate`)).status).toBe(200);
    expect((await new ApiClient(t).login(who.email)).status).toBe(200);
    expect((await audits(who.id)).map((a) => [a.action, a.actorId, a.details.sessionsEnded])).toEqual([
      ["user.deactivated", adminId, 2],
      ["user.reactivated", adminId, undefined],
    ]);
  });

  it("refuses deactivating oneself, unknown people, and non-administrators, changing nothing", async () => {
    const own = await admin.post(`/api/users/${adminId}/deactivate`);
    expect(own.status).toBe(409);
    // Ana is the only active administrator here: that is the first reason.
    expect(["last_admin", "own_deactivation"]).toContain(own.body.error.code);
    const second = await newPerson("Otra Admin");
    await admin.patch(`/api/users/${second.id}`, { isAdmin: true });
    const ownAgain = await admin.post(`/api/users/${adminId}/deactivate`);
    expect(ownAgain.body.error).toMatchObject({ code: "own_deactivation", message: expect.stringMatching(/No puedes desactivar tu propia cuenta/) });
    expect((await admin.patch(`/api/users/${second.id}`, { isAdmin: false })).status).toBe(200);

    const who = await newPerson("Intacta");
    expect((await admin.post(`/api/users/${NO_ID}/deactivate`)).body.error.code).toBe("user_not_found");
    expect((await admin.post("/api/users/x/reactivate")).body.error.code).toBe("user_not_found");
    const refused = await person.post(`/api/users/${who.id}/deactivate`);
    expect(refused.status).toBe(403);
    expect((await person.post(`/api/users/${who.id}/reactivate`)).status).toBe(403);
    expect((await row(who.id)).deactivatedAt).toBeNull();
    expect((await row(adminId)).deactivatedAt).toBeNull();
    expect(await sessionCount(who.id)).toBe(1);
    expect(await audits(who.id)).toEqual([]);
  });
});

// Many password hashes (resets, sign-ins, changes) at scrypt's full cost: slow on a loaded machine.
describe("password reset and the change it requires", { timeout: 90_000 }, () => {
  it("gives a one-time password once, ends the sessions, and lets the person only change it until they do", async () => {
    const who = await newPerson("Mario Campos");
    const res = await admin.post(`/api/users/${who.id}/reset-password`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const temporary: string = res.body.temporaryPassword;
    expect(temporary).toMatch(/^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){3}$/);
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    // Another reset gives another password; the first one no longer works.
    const latest = (await admin.post(`/api/users/${who.id}/reset-password`)).body.temporaryPassword as string;
    expect(latest).not.toBe(temporary);
    expect((await new ApiClient(t).login(who.email, temporary)).status).toBe(401);
    expect((await who.client.get("/api/auth/me")).status).toBe(401);
    expect((await new ApiClient(t).login(who.email)).status).toBe(401);
    const audited = await audits(who.id);
    expect(audited.map((a) => a.action)).toEqual(["user.password_reset", "user.password_reset"]);
    expect(audited[0]!.details).toEqual({ sessionsEnded: 1 });
    expect(JSON.stringify(audited)).not.toContain(latest);
    expect((await admin.get("/api/users")).body.users.find((u: { id: string }) => u.id === who.id).mustChangePassword).toBe(true);

    const client = new ApiClient(t);
    const login = await client.login(who.email, latest);
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    expect((await client.get("/api/auth/me")).body.user.mustChangePassword).toBe(true);
    for (const [method, path] of [
      ["GET", "/api/projects"],
      ["GET", "/api/orgs"],
      ["POST", "/api/projects"],
      ["GET", "/api/notifications/events"],
    ] as const) {
      const refused = await client.request(method, path, method === "POST" ? { name: "X", kind: "study" } : undefined);
      expect([path, refused.status, refused.body.error.code]).toEqual([path, 403, "password_change_required"]);
    }
    expect((await client.get("/api/projects")).body.error.message).toMatch(/cambia la contraseña temporal/);

    // Wrong current password, or the same one again: refused, nothing changes.
    const wrong = await client.post("/api/auth/password", { currentPassword: "no-es-esta", newPassword: "mi-contraseña-nueva-1" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: "wrong_password", message: expect.stringMatching(/contraseña actual no es correcta/) });
    const same = await client.post("/api/auth/password", { currentPassword: latest, newPassword: latest });
    expect(same.body.error.details.issues).toEqual([{ path: "newPassword", code: "same_password" }]);
    expect((await row(who.id)).mustChangePassword).toBe(true);

    const changed = await client.post("/api/auth/password", { currentPassword: latest, newPassword: "mi-contraseña-nueva-1" });
    expect(changed.status).toBe(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect((await client.get("/api/projects")).status).toBe(200);
    expect((await new ApiClient(t).login(who.email, latest)).status).toBe(401);
    expect((await new ApiClient(t).login(who.email, "mi-contraseña-nueva-1")).status).toBe(200);
    expect((await audits(who.id)).at(-1)).toMatchObject({ action: "user.password_changed", actorId: who.id, details: { afterReset: true } });
  });

  it("lets a person who must change their password log out", async () => {
    const who = await newPerson("Sale");
    const temporary = (await admin.post(`/api/users/${who.id}/reset-password`)).body.temporaryPassword as string;
    const client = await signedIn(t, who.email, temporary);
    expect((await client.post("/api/auth/logout")).status).toBe(204);
    expect(await sessionCount(who.id)).toBe(0);
  });

  it("refuses resetting one's own password, unknown people and non-administrators, changing nothing", async () => {
    const own = await admin.post(`/api/users/${adminId}/reset-password`);
    expect(own.status).toBe(409);
    expect(own.body.error).toMatchObject({ code: "own_password_reset", message: expect.stringMatching(/usa tu perfil/) });
    expect((await admin.post(`/api/users/${NO_ID}/reset-password`)).body.error.code).toBe("user_not_found");
    const who = await newPerson("Sin cambio");
    const before = await row(who.id);
    expect((await person.post(`/api/users/${who.id}/reset-password`)).status).toBe(403);
    expect(await row(who.id)).toEqual(before);
    expect(await sessionCount(who.id)).toBe(1);
    expect((await admin.get("/api/auth/me")).status).toBe(200);
    expect(await audits(who.id)).toEqual([]);
  });
});

describe("POST /api/auth/password (one's own)", { timeout: 90_000 }, () => {
  it("verifies the current password, follows the account rules, ends the other sessions and keeps this one", async () => {
    const who = await newPerson("Elena Vidal");
    const laptop = await signedIn(t, who.email);
    const before = await row(who.id);

    const short = await who.client.post("/api/auth/password", { currentPassword: TEST_PASSWORD, newPassword: "corta" });
    expect(short.status).toBe(400);
    expect(short.body.error.details.issues).toEqual([{ path: "newPassword", code: "too_short" }]);
    const extra = await who.client.post("/api/auth/password", { currentPassword: TEST_PASSWORD, newPassword: "una-contraseña-larga", userId: adminId });
    expect(extra.body.error.code).toBe("validation_failed");
    const wrong = await who.client.post("/api/auth/password", { currentPassword: "equivocada-123", newPassword: "una-contraseña-larga" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe("wrong_password");
    expect(await row(who.id)).toEqual(before);
    expect(await sessionCount(who.id)).toBe(2);
    expect(await audits(who.id)).toEqual([]);
    expect((await new ApiClient(t).post("/api/auth/password", { currentPassword: TEST_PASSWORD, newPassword: "una-contraseña-larga" })).status).toBe(401);

    const res = await who.client.post("/api/auth/password", { currentPassword: TEST_PASSWORD, newPassword: "una-contraseña-larga" });
    expect(res.status).toBe(200);
    expect((await who.client.get("/api/auth/me")).status).toBe(200);
    expect((await laptop.get("/api/auth/me")).status).toBe(401);
    expect(await sessionCount(who.id)).toBe(1);
    expect((await new ApiClient(t).login(who.email)).status).toBe(401);
    expect((await new ApiClient(t).login(who.email, "una-contraseña-larga")).status).toBe(200);
    expect(await audits(who.id)).toEqual([
      { action: "user.password_changed", actorId: who.id, details: { afterReset: false, otherSessionsEnded: 1 } },
    ]);
  });
});

describe("PATCH /api/orgs/:id (rename)", () => {
  it("renames an agency, audited with before and after", async () => {
    const org = await makeOrg(t, "DU", "Dirección de Desarrollo Urbano", { createsProjects: false });
    const res = await admin.patch(`/api/orgs/${org.id}`, { name: "Secretaría de Desarrollo Urbano", shortName: "SEDU" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: org.id, name: "Secretaría de Desarrollo Urbano", shortName: "SEDU", createsProjects: false });
    // Changing only the case of its own short name is no conflict.
    expect((await admin.patch(`/api/orgs/${org.id}`, { shortName: "SeDU" })).status).toBe(200);
    expect((await audits(org.id)).map((a) => a.details)).toEqual([
      { before: { name: "Dirección de Desarrollo Urbano", shortName: "DU" }, after: { name: "Secretaría de Desarrollo Urbano", shortName: "SEDU" } },
      { before: { shortName: "SEDU" }, after: { shortName: "SeDU" } },
    ]);
    const listed = (await person.get("/api/orgs")).body.orgs.find((o: { id: string }) => o.id === org.id);
    expect(listed).toMatchObject({ name: "Secretaría de Desarrollo Urbano", shortName: "SeDU" });
  });

  it("refuses a short name another agency has (any case), bad input and non-administrators, changing nothing", async () => {
    const org = await makeOrg(t, "TM", "Tesorería Municipal");
    const [before] = await t.database.db.select().from(organizations).where(eq(organizations.id, org.id));
    const taken = await admin.patch(`/api/orgs/${org.id}`, { shortName: "implan" });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: "short_name_taken", message: "Ya existe una dependencia con esas siglas." });
    for (const body of [{}, { name: "" }, { shortName: "x".repeat(31) }, { name: "T", createsProjects: true }, { siglas: "T" }]) {
      expect([body, (await admin.patch(`/api/orgs/${org.id}`, body)).status]).toEqual([body, 400]);
    }
    expect((await person.patch(`/api/orgs/${org.id}`, { name: "Tesorería" })).status).toBe(403);
    const [after] = await t.database.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(after).toEqual(before);
    expect(await audits(org.id)).toEqual([]);
  });
});

describe("sessions of deactivated people", () => {
  it("are not honoured even if one was left behind", async () => {
    const who = await newPerson("Rezagada");
    // Deactivated straight in the database, sessions kept (as a login racing a deactivation could leave one).
    await t.database.db.update(users).set({ deactivatedAt: new Date() }).where(and(eq(users.id, who.id)));
    expect(await sessionCount(who.id)).toBe(1);
    expect((await who.client.get("/api/auth/me")).status).toBe(401);
  });
});
