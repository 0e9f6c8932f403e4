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

/** Rejects requests without a live session (401) and puts the user and its actor on the context. */
export function requireUser(db: Database, policy: SessionPolicy, secure: boolean): MiddlewareHandler<AppEnv> {
  const cookieName = sessionCookieName(secure);
  return async (c, next) => {
    const token = getCookie(c, cookieName);
    const user = token ? await resolveSession(db, token, policy) : null;
    if (!user) throw new DomainError("unauthenticated", "Inicie sesión para continuar.");
    c.set("user", user);
    c.set("actor", actorOf(user));
    await next();
  };
}
