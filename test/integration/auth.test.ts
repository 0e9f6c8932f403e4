import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { sessions, users } from "@taller/db";
import { eq } from "@taller/db/sql";
import { LoginThrottle } from "../../apps/server/src/auth/login-throttle";
import type { ServerEvent } from "../../apps/server/src/events";
import { ApiClient, signedIn, TEST_PASSWORD } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";

/** Sessions, cookies and brute-force protection (issue: "Accounts done properly"). */
let t: TestApp;
const events: ServerEvent[] = [];
let orgId: string;

beforeAll(async () => {
  t = await startTestApp(
    { TRUST_PROXY: "1", SESSION_IDLE_MINUTES: "30", SESSION_ABSOLUTE_HOURS: "8" },
    { throttle: new LoginThrottle({ perAccount: 5, perIp: 8, windowSeconds: 900, blockSeconds: 900 }) },
  );
  t.deps.events.subscribe((e) => events.push(e));
  orgId = (await makeOrg(t, "IMPLAN")).id;
});
afterAll(async () => {
  await t.close();
});

const cookieToken = (client: ApiClient) => client.cookie.split("=")[1]!;

/** A login attempt from `ip` (the app trusts X-Forwarded-For here), by a client of its own. */
const loginFrom = (ip: string, email: string, password: string) => new ApiClient(t).request("POST", "/api/auth/login", { email, password }, { "x-forwarded-for": ip });

describe("sessions", () => {
  it("sets an HttpOnly, SameSite=Lax cookie whose token is stored only as a hash", async () => {
    await makeUser(t, { email: "cookie@ejemplo.mx", orgId });
    const client = new ApiClient(t);
    const res = await client.login("cookie@ejemplo.mx");
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^taller_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const token = cookieToken(client);
    const rows = await t.database.db.select().from(sessions);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.some((r) => r.tokenHash === createHash("sha256").update(token).digest("base64url"))).toBe(true);
  });

  it("stores passwords as scrypt hashes at OWASP cost", async () => {
    const admin = await makeUser(t, { email: "hash-admin@ejemplo.mx", orgId, isAdmin: true });
    const client = await signedIn(t, admin.email);
    const created = await client.post("/api/users", { email: "nuevo@ejemplo.mx", name: "Nuevo", password: "contraseña-nueva-12", orgId });
    const [row] = await t.database.db.select().from(users).where(eq(users.id, created.body.id));
    expect(row!.passwordHash).toMatch(/^scrypt\$N=131072,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(row!.passwordHash).not.toContain("contraseña-nueva-12");
    const short = await client.post("/api/users", { email: "corta@ejemplo.mx", name: "Corta", password: "corta", orgId });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe("validation_failed");
  });

  it("rotates the token at login: the previous cookie stops working", async () => {
    await makeUser(t, { email: "rotate@ejemplo.mx", orgId });
    const client = await signedIn(t, "rotate@ejemplo.mx");
    const first = client.cookie;
    expect((await client.login("rotate@ejemplo.mx")).status).toBe(200);
    expect(client.cookie).not.toBe(first);
    const old = new ApiClient(t);
    old.cookie = first;
    expect((await old.get("/api/auth/me")).status).toBe(401);
    expect((await client.get("/api/auth/me")).status).toBe(200);
  });

  it("ends the session at logout and announces it", async () => {
    const user = await makeUser(t, { email: "logout@ejemplo.mx", orgId });
    const client = await signedIn(t, "logout@ejemplo.mx");
    const cookie = client.cookie;
    const res = await client.post("/api/auth/logout");
    expect(res.status).toBe(204);
    const replay = new ApiClient(t);
    replay.cookie = cookie;
    expect((await replay.get("/api/auth/me")).status).toBe(401);
    expect(events).toContainEqual(expect.objectContaining({ type: "session.ended", userId: user.id }));
  });

  it("expires idle sessions and sessions past their absolute lifetime", async () => {
    const user = await makeUser(t, { email: "expiry@ejemplo.mx", orgId });
    // A person's sessions as if they were last seen, or end, at another time.
    const backdate = (values: { lastSeenAt?: Date; expiresAt?: Date }) => t.database.db.update(sessions).set(values).where(eq(sessions.userId, user.id));
    const idle = await signedIn(t, user.email);
    await backdate({ lastSeenAt: new Date(Date.now() - 31 * 60_000) });
    expect((await idle.get("/api/auth/me")).status).toBe(401);
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);

    const old = await signedIn(t, user.email);
    await backdate({ expiresAt: new Date(Date.now() - 1000) });
    expect((await old.get("/api/auth/me")).status).toBe(401);

    const fresh = await signedIn(t, user.email);
    await backdate({ lastSeenAt: new Date(Date.now() - 10 * 60_000) });
    expect((await fresh.get("/api/auth/me")).status).toBe(200);
  });
});

describe("login throttling", () => {
  it("answers wrong passwords and unknown accounts alike", async () => {
    await makeUser(t, { email: "alike@ejemplo.mx", orgId });
    const wrong = await loginFrom("10.0.0.1", "alike@ejemplo.mx", "mala");
    const unknown = await loginFrom("10.0.0.1", "nadie@ejemplo.mx", "mala");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe("invalid_credentials");
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  it("blocks an account after 5 failures, even with the right password, from any IP", async () => {
    await makeUser(t, { email: "target@ejemplo.mx", orgId });
    for (let i = 0; i < 5; i++) {
      const res = await loginFrom(`10.0.1.${i}`, "target@ejemplo.mx", `intento-${i}`);
      expect(res.status).toBe(401);
    }
    const blocked = await loginFrom("10.0.1.99", "target@ejemplo.mx", TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("too_many_attempts");
    expect(blocked.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("blocks an IP that sprays many accounts, without blocking other IPs", async () => {
    for (let i = 0; i < 8; i++) {
      await loginFrom("10.0.2.1", `spray${i}@ejemplo.mx`, "x");
    }
    await makeUser(t, { email: "innocent@ejemplo.mx", orgId });
    const fromSprayer = await loginFrom("10.0.2.1", "innocent@ejemplo.mx", TEST_PASSWORD);
    expect(fromSprayer.status).toBe(429);
    const elsewhere = await loginFrom("10.0.2.2", "innocent@ejemplo.mx", TEST_PASSWORD);
    expect(elsewhere.status).toBe(200);
  });
});

describe("https deployments", () => {
  it("uses a Secure __Host- cookie when the public URL is https", async () => {
    const secure = await startTestApp({ PUBLIC_URL: "https://taller.ejemplo.gob.mx" });
    try {
      const org = await makeOrg(secure, "IMPLAN");
      await makeUser(secure, { email: "https@ejemplo.mx", orgId: org.id });
      const client = new ApiClient(secure);
      const res = await client.login("https@ejemplo.mx");
      const setCookie = res.headers.get("set-cookie")!;
      expect(setCookie).toMatch(/^__Host-taller_session=/);
      expect(setCookie).toMatch(/Secure/);
      expect((await client.get("/api/auth/me")).status).toBe(200);
      const allowed = await client.request("POST", "/api/projects", { name: "Con origen público", kind: "study" }, { origin: "https://taller.ejemplo.gob.mx" });
      expect(allowed.status).toBe(201);
    } finally {
      await secure.close();
    }
  });
});
