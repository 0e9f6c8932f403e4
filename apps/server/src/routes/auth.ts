import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { DomainError, loginSchema, passwordChangeSchema } from "@taller/domain";
import { eq } from "@taller/db/sql";
import { users } from "@taller/db";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { jsonBody } from "../http/validate";
import { decoyPasswordHash } from "../auth/password";
import { endSession, hashToken, startSession } from "../auth/sessions";
import { requireUser, sessionCookieName } from "../auth/middleware";
import { recordAudit } from "../commands/audit";
import { changeOwnPassword, WRONG_PASSWORD } from "../commands/accounts";
import { actorOf } from "../queries/access";
import { findAccountByEmail } from "../queries/accounts";
import { presentSessionUser } from "../presenters/accounts";

/**
 * Login, logout, the current user and the change of one's own password. A person who must change
 * their password (after an administrator's reset) may use only these until they do.
 */
export function authRoutes(deps: AppDeps) {
  const { db, config, throttle, events, clientIp } = deps;
  const policy = config.session;
  const cookieName = sessionCookieName(config.secureCookies);
  const signedInEvenToChange = requireUser(db, policy, config.secureCookies, { allowPasswordChange: true });

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
      // Said only now, with the password verified: a wrong password reads the same for every account.
      if (row.user.deactivatedAt !== null) {
        throw new DomainError("account_deactivated", "Tu cuenta está desactivada. Pide a una persona administradora que la reactive.");
      }
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
      const user = { ...row.user, org: row.org };
      return c.json({ user: presentSessionUser(actorOf(user), user) });
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
    /**
     * The signed-in person's own password: the current one is verified (under the login's attempt
     * limits, since it is a password check too; wrong: 400 `wrong_password`), the new one follows
     * the account rules. Clears the change required after a reset and ends every other session of
     * theirs; this one goes on.
     */
    .post("/password", signedInEvenToChange, jsonBody(passwordChangeSchema), async (c) => {
      const { currentPassword, newPassword } = c.req.valid("json");
      const me = c.get("user");
      const token = getCookie(c, cookieName)!;
      const attempt = await throttle.reserve(me.email, clientIp(c));
      let stored: string | undefined;
      let valid: boolean;
      try {
        const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, me.id));
        stored = row?.passwordHash;
        valid = stored !== undefined && (await deps.verifyPassword(currentPassword, stored));
      } catch (error) {
        await attempt.cancel();
        throw error;
      }
      if (!valid || stored === undefined) {
        attempt.failed();
        throw new DomainError("wrong_password", WRONG_PASSWORD);
      }
      await attempt.succeeded();
      await changeOwnPassword({ db, events, actor: c.get("actor"), input: { newPassword, verifiedHash: stored, keepTokenHash: hashToken(token) } });
      return c.json({ user: presentSessionUser(c.get("actor"), { ...me, mustChangePassword: false }) });
    })
    .get("/me", signedInEvenToChange, (c) => c.json({ user: presentSessionUser(c.get("actor"), c.get("user")) }));
}
