import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@taller/server/password";
import { LoginThrottle } from "../../apps/server/src/auth/login-throttle";
import { ApiClient, TEST_PASSWORD } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";
import { listen } from "../support/http-server";

/**
 * Issue 9, case 10: the login throttle reserves before it verifies, so a storm of simultaneous
 * logins cannot run more password checks than the documented limits (5 per account, 30 per IP,
 * per 15 minutes). Password checks are counted by wrapping the real scrypt verifier injected
 * into the app; the requests go over real HTTP to a Node server.
 */
let t: TestApp;
let http: { url: string; close(): Promise<void> };
let orgId: string;
const checks = new Map<string, number>(); // password checks per stored hash
let totalChecks = 0;

beforeAll(async () => {
  t = await startTestApp(
    { TRUST_PROXY: "1" },
    {
      verifyPassword: async (password, storedHash) => {
        totalChecks++;
        checks.set(storedHash, (checks.get(storedHash) ?? 0) + 1);
        return verifyPassword(password, storedHash);
      },
    },
  );
  orgId = (await makeOrg(t, "IMPLAN")).id;
  http = await listen(t);
}, 120_000);
afterAll(async () => {
  await http?.close();
  await t?.close();
});

/** A login attempt over HTTP from `ip` (the app trusts X-Forwarded-For here), by a client of its own. */
function loginAt(url: string, email: string, password: string, ip: string) {
  return new ApiClient(url).request("POST", "/api/auth/login", { email, password }, { "x-forwarded-for": ip });
}
const login = (email: string, password: string, ip: string) => loginAt(http.url, email, password, ip);

describe("login throttle under concurrency", () => {
  it("runs at most 5 password checks for 400 simultaneous wrong logins, then refuses the right password", { timeout: 120_000 }, async () => {
    const user = await makeUser(t, { email: "storm@ejemplo.mx", orgId });
    const before = totalChecks;
    // Each attempt from its own address: only the per-account limit can stop them.
    const responses = await Promise.all(
      Array.from({ length: 400 }, (_, i) => login(user.email, `incorrecta-${i}`, `10.9.${i >> 8}.${i & 255}`)),
    );
    const statuses = responses.map((r) => r.status);
    const checked = totalChecks - before;
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 401).length).toBe(checked);
    expect(statuses.filter((s) => s === 429).length).toBe(400 - checked);
    const refused = responses.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body.error.code).toBe("too_many_attempts");

    // The account is blocked: the right password is refused too, without a password check.
    const afterStorm = totalChecks;
    const right = await login(user.email, TEST_PASSWORD, "10.9.200.1");
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = right.body;
    expect(body.error.code).toBe("too_many_attempts");
    expect(body.error.details.retryAfterSeconds).toBe(Number(right.headers.get("retry-after")));
    expect(right.headers.get("set-cookie")).toBeNull();
    expect(totalChecks).toBe(afterStorm);
  });

  it("runs at most perIp password checks for 300 simultaneous logins from one IP across accounts", async () => {
    // The per-IP limit (30 by default) is set to 3 here: the same code path, without running
    // 30 full-cost scrypt checks on a shared test machine.
    let smallChecks = 0;
    const small = await startTestApp(
      { TRUST_PROXY: "1" },
      {
        throttle: new LoginThrottle({ perAccount: 5, perIp: 3, windowSeconds: 900, blockSeconds: 900 }),
        verifyPassword: (password, storedHash) => {
          smallChecks++;
          return verifyPassword(password, storedHash);
        },
      },
    );
    const server = await listen(small);
    try {
      const post = (email: string, password: string, ip: string) => loginAt(server.url, email, password, ip);
      const responses = await Promise.all(Array.from({ length: 300 }, (_, i) => post(`rociado${i}@ejemplo.mx`, "incorrecta", "10.8.0.1")));
      expect(smallChecks).toBeLessThanOrEqual(3);
      expect(smallChecks).toBeGreaterThan(0);
      expect(responses.filter((r) => r.status === 401).length).toBe(smallChecks);
      expect(responses.filter((r) => r.status === 429).length).toBe(300 - smallChecks);
      // Another address is not affected by that IP's block.
      const org = await makeOrg(small, "IMPLAN");
      await makeUser(small, { email: "vecina@ejemplo.mx", orgId: org.id });
      expect((await post("vecina@ejemplo.mx", TEST_PASSWORD, "10.8.0.2")).status).toBe(200);
    } finally {
      await server.close();
      await small.close();
    }
  }, 120_000);

  it("does not count a successful login against the IP, and clears the account's failures", async () => {
    // Small limits keep this one quick (every login is a full-cost scrypt check).
    const small = await startTestApp({ TRUST_PROXY: "1" }, { throttle: new LoginThrottle({ perAccount: 2, perIp: 3, windowSeconds: 900, blockSeconds: 900 }) });
    const server = await listen(small);
    try {
      const org = await makeOrg(small, "IMPLAN");
      const user = await makeUser(small, { email: "exitosa@ejemplo.mx", orgId: org.id });
      const post = async (password: string, ip: string) => (await loginAt(server.url, user.email, password, ip)).status;
      expect(await post("incorrecta", "10.7.0.1")).toBe(401);
      // 4 right logins from one IP (its limit is 3): successes give their IP point back.
      for (let i = 0; i < 4; i++) expect(await post(TEST_PASSWORD, "10.7.0.2")).toBe(200);
      // The earlier failure was cleared by the success: 2 more wrong passwords are answered 401…
      for (let i = 0; i < 2; i++) expect(await post("incorrecta", "10.7.0.3")).toBe(401);
      // …and then the account is blocked, right password or not.
      expect(await post(TEST_PASSWORD, "10.7.0.4")).toBe(429);
    } finally {
      await server.close();
      await small.close();
    }
  }, 120_000);
});
