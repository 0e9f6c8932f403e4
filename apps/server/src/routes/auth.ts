import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { eq, sql } from "@taller/db/sql";
import { DomainError } from "@taller/domain";
import { organizations, users } from "@taller/db";
import type { AppEnv } from "../http/env";
import { readJson } from "../http/validate";
import { decoyPasswordHash, PASSWORD_MAX_LENGTH, verifyPassword } from "../auth/password";
import { endSession, hashToken, startSession } from "../auth/sessions";
import { requireUser, sessionCookieName } from "../auth/middleware";
import { recordAudit } from "../commands/audit";
import type { AppDeps } from "../app";

const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(320),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

/** Login, logout and the current user. */
export function authRoutes(deps: AppDeps) {
  const { db, config, throttle, events, clientIp } = deps;
  const policy = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };
  const cookieName = sessionCookieName(config.secureCookies);

  return new Hono<AppEnv>()
    .post("/login", async (c) => {
      const { email, password } = await readJson(c, loginSchema);
      const ip = clientIp(c);
      await throttle.assertAllowed(email, ip);
      const [row] = await db
        .select({ user: users, org: organizations })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(eq(sql`lower(${users.email})`, email));
      const valid = await verifyPassword(password, row?.user.passwordHash ?? (await decoyPasswordHash()));
      if (!row || !valid) {
        await throttle.recordFailure(email, ip);
        throw new DomainError("invalid_credentials", "Correo o contraseña incorrectos.");
      }
      await throttle.recordSuccess(email);
      // Rotation: whatever session the browser had is ended, and a new token is issued.
      const previous = getCookie(c, cookieName);
      if (previous) await endSession(db, previous);
      const { token, expiresAt } = await startSession(db, row.user.id, policy, {
        ip,
        userAgent: c.req.header("user-agent") ?? null,
      });
      await recordAudit(db, { actorId: row.user.id, action: "session.started", subjectType: "session", subjectId: row.user.id, details: { ip } });
      setCookie(c, cookieName, token, {
        httpOnly: true,
        sameSite: "Lax",
        secure: config.secureCookies,
        path: "/",
        expires: expiresAt,
      });
      const { id, name, isAdmin } = row.user;
      return c.json({ user: { id, email: row.user.email, name, isAdmin, org: { id: row.org.id, name: row.org.name, shortName: row.org.shortName } } });
    })
    .post("/logout", async (c) => {
      const token = getCookie(c, cookieName);
      if (token) {
        const userId = await endSession(db, token);
        if (userId) events.emit({ type: "session.ended", userId, tokenHash: hashToken(token) });
      }
      deleteCookie(c, cookieName, { path: "/", secure: config.secureCookies });
      return c.body(null, 204);
    })
    .get("/me", requireUser(db, policy, config.secureCookies), (c) => c.json({ user: c.get("user") }));
}
