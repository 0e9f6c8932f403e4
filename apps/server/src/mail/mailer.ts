import nodemailer from "nodemailer";
import { and, asc, eq, gt, isNull, notInArray, sql } from "@taller/db/sql";
import { notifications, type Database, type DatabaseKind, type Executor } from "@taller/db";
import type { Hub } from "../live/hub";
import { loadForEmail } from "../queries/notifications";
import { composeEmail } from "./message";
import { composeMeetingEmail } from "./meeting-message";

/**
 * Emails notifications (when SMTP_URL is set). Woken by the hub whenever a `user:*` stream gets
 * an event (a new notification commits), and sweeping every minute whatever happens. Each
 * notification is claimed with `FOR UPDATE SKIP LOCKED` inside a transaction held while it is
 * sent, so several server instances never send the same one twice; on PGlite (one process, one
 * connection that every request shares) it is read without holding a transaction, so a slow
 * SMTP server never holds up requests. `emailed_at` is set after a successful send or when the
 * email is not due (preference off, no longer a member); a failed send is tried again later with
 * backoff, up to a limit. Requests never wait for any of this.
 */
export interface Mailer {
  start(): void;
  /** Sends whatever is due now (the sweep); resolves when done. */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

export interface MailerOptions {
  db: Database;
  dbKind: DatabaseKind;
  hub: Hub;
  smtpUrl: string;
  from: string;
  publicUrl: URL;
  log?: (line: string) => void;
}

const SWEEP_MS = 60_000;
/** Notifications older than this are never emailed (a server that gets SMTP later does not send a backlog). */
const MAX_AGE = sql`now() - interval '1 day'`;
const RETRY_FIRST_MS = 60_000;
const RETRY_MAX_MS = 3_600_000;
const MAX_ATTEMPTS = 8;

export function createMailer(options: MailerOptions): Mailer {
  const { db, hub, publicUrl } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const transport = nodemailer.createTransport(options.smtpUrl, {
    from: options.from,
  });
  // Bounded waits: a hung SMTP server must not hold a claimed row (and its connection) forever.
  Object.assign(transport.options, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });

  /** Failed sends of this process: not tried again before `nextAt`. */
  const failures = new Map<string, { attempts: number; nextAt: number }>();
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const markEmailed = (ex: Executor, id: string) => ex.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, id));

  /** Sends (or skips) one claimed notification; `ex` holds its row lock on PostgreSQL. */
  const deliver = async (ex: Executor, id: string) => {
    const record = await loadForEmail(ex, id);
    // Gone between the claim and the read (a cascade): nothing to send, nothing left to mark.
    if (!record) return;
    // A meeting notification (no project) says what the recipient may read of the meeting now.
    const message = record.meeting ? await composeMeetingEmail(ex, { ...record, meeting: record.meeting }, publicUrl) : composeEmail(record, publicUrl);
    if (typeof message === "string") {
      await markEmailed(ex, id);
      return;
    }
    try {
      await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text, ...(message.attachments ? { attachments: message.attachments } : {}) });
    } catch (error) {
      const attempts = (failures.get(id)?.attempts ?? 0) + 1;
      const reason = error instanceof Error ? error.message : String(error);
      if (attempts >= MAX_ATTEMPTS) {
        failures.delete(id);
        log(`[mail] giving up on notification ${id} after ${attempts} attempts: ${reason}`);
        await markEmailed(ex, id);
      } else {
        failures.set(id, { attempts, nextAt: Date.now() + Math.min(RETRY_FIRST_MS * 2 ** (attempts - 1), RETRY_MAX_MS) });
        log(`[mail] sending notification ${id} failed (attempt ${attempts}), will retry: ${reason}`);
      }
      return;
    }
    failures.delete(id);
    await markEmailed(ex, id);
  };

  const due = (ex: Executor) => {
    const now = Date.now();
    const waiting = [...failures].filter(([, f]) => f.nextAt > now).map(([id]) => id);
    return ex
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(isNull(notifications.emailedAt), gt(notifications.createdAt, MAX_AGE), waiting.length ? notInArray(notifications.id, waiting) : undefined))
      .orderBy(asc(notifications.createdAt))
      .limit(1);
  };

  /** Claims and handles one due notification; false when none is left. */
  const handleOne = async (): Promise<boolean> => {
    if (options.dbKind === "postgres") {
      return db.transaction(async (tx) => {
        const [row] = await due(tx).for("update", { skipLocked: true });
        if (!row) return false;
        await deliver(tx, row.id);
        return true;
      });
    }
    const [row] = await due(db);
    if (!row) return false;
    await deliver(db, row.id);
    return true;
  };

  const sweepOnce = async () => {
    while (!closed && (await handleOne()));
  };

  const sweep = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await sweepOnce();
      } while (again && !closed);
    })()
      .catch((error: unknown) => log(`[mail] sweep failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    start() {
      if (closed || timer) return;
      unsubscribe = hub.subscribeAll((stream) => {
        if (stream.startsWith("user:") || stream === "*") void sweep();
      });
      hub.ready().then(
        () => void sweep(),
        (error: unknown) => log(`[mail] not woken yet (LISTEN failed: ${error instanceof Error ? error.message : String(error)}); sweeping every minute`),
      );
      timer = setInterval(() => void sweep(), SWEEP_MS);
      timer.unref();
    },
    sweep,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      unsubscribe?.();
      await running;
      transport.close();
    },
  };
}
