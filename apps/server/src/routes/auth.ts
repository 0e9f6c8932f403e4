import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { DomainError, loginSchema } from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { jsonBody } from "../http/validate";
import { decoyPasswordHash } from "../auth/password";
import { endSession, hashToken, startSession } from "../auth/sessions";
import { requireUser, sessionCookieName } from "../auth/middleware";
import { recordAudit } from "../commands/audit";
import { actorOf } from "../queries/access";
import { findAccountByEmail } from "../queries/accounts";
import { presentSessionUser } from "../presenters/accounts";

/** Login, logout and the current user. */
export function authRoutes(deps: AppDeps) {
  const { db, config, throttle, events, clientIp } = deps;
  const policy = config.session;
  const cookieName = sessionCookieName(config.secureCookies);

  return new Hono<AppEnv>()
    .post("/login", jsonBody(loginSchema), async (c) => {
      const { email, password } = c.req.valid("json");
      const ip = clientIp(c);
      // Reserve before verifying: concurrent attempts cannot all slip past the limit.
      const attempt = await throttle.reserve(email, ip);
      let row: Awaited<ReturnType<typeof findAccountByEmail>>;
      let valid: boolean;
      try {
        row = await findAccountByEmail(db, email);
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
      return c.json({ user: presentSessionUser(actorOf(row.user), { ...row.user, org: row.org }) });
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
    .get("/me", requireUser(db, policy, config.secureCookies), (c) => c.json({ user: presentSessionUser(c.get("actor"), c.get("user")) }));
}
