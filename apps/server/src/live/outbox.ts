import { sql } from "@taller/db/sql";
import { events, eventStreams, type Executor } from "@taller/db";

/** The PostgreSQL channel that wakes event readers; the payload is the stream name. */
export const EVENTS_CHANNEL = "taller_events";

/** The live stream of one project: what its members see change. */
export const projectStream = (projectId: string) => `project:${projectId}`;
/** One meeting's stream: what its readers see change (meeting mode follows it). */
export const meetingStream = (meetingId: string) => `meeting:${meetingId}`;
/** One person's stream: their notifications. */
export const userStream = (userId: string) => `user:${userId}`;

export interface OutboxEvent {
  stream: string;
  /** What happened, e.g. `thread.created`; the audit action when written by `recordAudit`. */
  type: string;
  /** Ids and small facts readers need to refresh; never comment bodies or other content. */
  data?: Record<string, unknown>;
}

/**
 * Appends an event to a stream inside the caller's transaction (the outbox): it becomes visible,
 * and the readers are woken, only if the change commits. The stream's counter row stays locked
 * until then, so a stream's numbers are gap-free and commit in order (see schema/events.ts).
 * Returns the event's number in its stream.
 */
export async function appendEvent(tx: Executor, event: OutboxEvent): Promise<number> {
  const [head] = await tx
    .insert(eventStreams)
    .values({ stream: event.stream, last: 1 })
    .onConflictDoUpdate({ target: eventStreams.stream, set: { last: sql`${eventStreams.last} + 1` } })
    .returning({ last: eventStreams.last });
  const seq = Number(head!.last);
  await tx.insert(events).values({ stream: event.stream, seq, type: event.type, data: event.data ?? {} });
  // Delivered at commit, once per distinct payload per transaction (PostgreSQL folds duplicates).
  await tx.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${event.stream})`);
  return seq;
}
