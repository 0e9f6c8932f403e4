import { bigint, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/**
 * The outbox behind the live event streams. A stream is `project:<uuid>` (everything members of a
 * project see live: threads, comments, activity) or `user:<uuid>` (one person's notifications).
 * Each event gets the next number of its stream, taken from `event_streams` with a row lock held
 * until the writing transaction commits: numbers are gap-free and become visible in order, so a
 * reader that resumes after N (`Last-Event-ID`) can never skip an event that commits late.
 * A `NOTIFY taller_events, '<stream>'` in the same transaction wakes the readers (on every server
 * instance) after the commit.
 */
export const eventStreams = pgTable("event_streams", {
  stream: text("stream").primaryKey(),
  last: bigint("last", { mode: "number" }).notNull(),
});

export const events = pgTable(
  "events",
  {
    stream: text("stream").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    /** What happened, e.g. `thread.created`, `comment.edited`, `member.added`, `notification.created`. */
    type: text("type").notNull(),
    /** Small, non-sensitive facts readers need to refresh (ids, never comment bodies). */
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.stream, t.seq] })],
);

export type StreamEvent = typeof events.$inferSelect;
