import type { Database } from "@taller/db";
import { sendDueReminders } from "../commands/reviews";

/**
 * The due-date reminders of review rounds: a periodic sweep in the server process (like the
 * mailer's) that writes `review_due` notifications, once per round, for the people still pending
 * when a round is due within a day or overdue (`sendDueReminders`). Every process of a deployment
 * may run it: rounds are claimed with FOR UPDATE SKIP LOCKED and marked in the same transaction.
 * The notifications then reach the inbox and, with SMTP, the mailer, through the people's streams.
 */
export interface DueReminders {
  start(): void;
  /** Reminds whatever is due now; resolves with the number of rounds handled. */
  sweep(now?: Date): Promise<number>;
  close(): Promise<void>;
}

/** How often the sweep runs. A reminder is about a day ahead, so a minute late is never late. */
const SWEEP_MS = 60_000;

export function createDueReminders(options: { db: Database; log?: (line: string) => void }): DueReminders {
  const log = options.log ?? ((line: string) => console.error(line));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let closed = false;

  const sweep = (now?: Date): Promise<number> => {
    if (closed) return Promise.resolve(0);
    // One sweep at a time in this process; a second caller waits for the one running.
    running ??= sendDueReminders(options.db, now)
      .catch((error: unknown) => {
        log(`[reviews] due reminders failed: ${error instanceof Error ? error.message : String(error)}`);
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    start() {
      if (closed || timer) return;
      void sweep();
      timer = setInterval(() => void sweep(), SWEEP_MS);
      timer.unref();
    },
    sweep,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
