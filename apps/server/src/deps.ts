import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { DatabaseKind, Database } from "@taller/db";
import type { Config } from "./config";
import { LoginThrottle } from "./auth/login-throttle";
import { verifyPassword } from "./auth/password";
import { documentCreationRate, type UserRate } from "./http/user-rate";
import { ServerEvents } from "./events";
import { createRealtime, type Realtime } from "./collab/realtime";

/**
 * What the routes share. A module of its own so that routes depend on it and not on app.ts,
 * which imports the routes.
 */
export interface AppDeps {
  db: Database;
  dbKind: DatabaseKind;
  config: Config;
  events: ServerEvents;
  throttle: LoginThrottle;
  /** The client's IP for rate limiting and the audit trail. */
  clientIp: (c: Context) => string;
  /** Live documents: the collab host and the WebSocket upgrade. */
  realtime: Realtime;
  /** Documents one person may create per hour (DOCUMENTS_PER_USER_PER_HOUR). */
  documentCreation: UserRate;
  /** Checks a password against a stored hash (scrypt); tests wrap it to count the checks. */
  verifyPassword: (password: string, storedHash: string) => Promise<boolean>;
}

/** Builds the dependencies the routes share, with defaults for what a test does not override. */
export function appDeps(input: Pick<AppDeps, "db" | "dbKind" | "config"> & Partial<AppDeps>): AppDeps {
  const config = input.config;
  const events = input.events ?? new ServerEvents();
  return {
    events,
    realtime: input.realtime ?? createRealtime({ db: input.db, config, events }),
    throttle: new LoginThrottle(),
    verifyPassword,
    documentCreation: documentCreationRate(config.perUser.documentsPerHour),
    clientIp: (c) => {
      if (config.trustProxy) {
        const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
        if (forwarded) return forwarded;
      }
      try {
        return getConnInfo(c).remote.address ?? "unknown";
      } catch {
        return "unknown"; // no socket: in-process requests (tests)
      }
    },
    ...input,
  };
}
