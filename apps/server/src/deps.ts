import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { DatabaseKind, Database, DatabaseHandle } from "@taller/db";
import type { Config } from "./config";
import { LoginThrottle } from "./auth/login-throttle";
import { verifyPassword } from "./auth/password";
import { documentCreationRate, type UserRate } from "./http/user-rate";
import { ServerEvents } from "./events";
import { createRealtime, type Realtime } from "./collab/realtime";
import { createHub, type Hub } from "./live/hub";
import { createMailer, type Mailer } from "./mail/mailer";
import { createDueReminders, type DueReminders } from "./reviews/due-reminders";

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
  /** Wake-ups of the live event streams (one LISTEN per process); closed by whoever started the app. */
  hub: Hub;
  /** Notification emails when SMTP_URL is set; `start()`ed and closed by whoever started the app. */
  mailer: Mailer | null;
  /** Due-date reminders of review rounds (a periodic sweep); `start()`ed and closed by whoever started the app. */
  dueReminders: DueReminders;
}

/** Builds the dependencies the routes share, with defaults for what a test does not override. */
export function appDeps(
  input: Pick<AppDeps, "db" | "dbKind" | "config"> & Partial<AppDeps> & { listen: DatabaseHandle["listen"] },
): AppDeps {
  const { listen, ...given } = input;
  const config = input.config;
  const events = input.events ?? new ServerEvents();
  const hub = input.hub ?? createHub(listen);
  const mail = config.mail;
  const mailer =
    input.mailer !== undefined
      ? input.mailer
      : mail && config.publicUrl
        ? createMailer({ db: input.db, dbKind: input.dbKind, hub, smtpUrl: mail.smtpUrl, from: mail.from, publicUrl: config.publicUrl })
        : null;
  return {
    hub,
    mailer,
    dueReminders: input.dueReminders ?? createDueReminders({ db: input.db }),
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
    ...given,
  };
}
