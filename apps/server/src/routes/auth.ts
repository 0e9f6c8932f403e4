import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { eq, sql } from "@taller/db/sql";
import { DomainError } from "@taller/domain";
import { organizations, users } from "@taller/db";
import type { AppEnv } from "../http/env";
import { readJson } from "../http/validate";
import { decoyPasswordHash, PASSWORD_MAX_LENGTH } from "../auth/password";
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
      // Reserve before verifying: concurrent attempts cannot all slip past the limit.
      const attempt = await throttle.reserve(email, ip);
      let row: { user: typeof users.$inferSelect; org: typeof organizations.$inferSelect } | undefined;
      let valid: boolean;
      try {
        [row] = await db
          .select({ user: users, org: organizations })
          .from(users)
          .innerJoin(organizations, eq(organizations.id, users.orgId))
          .where(eq(sql`lower(${users.email})`, email));
        valid = await deps.verifyPassword(password, row?.user.passwordHash ?? (await decoyPasswordHash()));
      } catch (error) {
        await attempt.cancel();
        throw error;
      }
      if (!row || !valid) {
        attempt.failed();
        throw new DomainError("invalid_credentials", "Correo o contraseña incorrectos.");
      }
      await attempt.succeeded();
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
