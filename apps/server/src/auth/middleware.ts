import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { DomainError } from "@taller/domain";
import type { Database } from "@taller/db";
import type { AppEnv } from "../http/env";
import { actorOf } from "../queries/access";
import { resolveSession, type SessionPolicy } from "./sessions";

/** Cookie name: with https the `__Host-` prefix pins it to this host, path / and Secure. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-taller_session" : "taller_session";
}

/** What a person whose password was reset by an administrator reads on every other request. */
export const PASSWORD_CHANGE_REQUIRED = "Antes de continuar, cambia la contraseña temporal por una tuya.";

/**
 * Rejects requests without a live session (401) and puts the user and its actor on the context.
 * A person who must change their password (after an administrator's reset) is refused with 403
 * `password_change_required`, except on the routes that say `allowPasswordChange` (who am I, the
 * password change itself).
 */
export function requireUser(db: Database, policy: SessionPolicy, secure: boolean, options: { allowPasswordChange?: boolean } = {}): MiddlewareHandler<AppEnv> {
  const cookieName = sessionCookieName(secure);
  return async (c, next) => {
    const token = getCookie(c, cookieName);
    const user = token ? await resolveSession(db, token, policy) : null;
    if (!user) throw new DomainError("unauthenticated", "Inicia sesión para continuar.");
    if (user.mustChangePassword && !options.allowPasswordChange) throw new DomainError("password_change_required", PASSWORD_CHANGE_REQUIRED);
    c.set("user", user);
    c.set("actor", actorOf(user));
    await next();
  };
}
