// Group commit: updates of all rooms that arrive within a short window are written in one storage
// call (one transaction with `appendMany`). Writes are strictly sequential — while one is in
// flight, new updates accumulate and go out together right after it — which gives us per-room
// ordering, retry-before-anything-later, and race-free compaction without any locks.
import type { AppendEntry, CollabStorage } from "./storage";

/** Batching and retry knobs. */
export interface GroupCommitOptions {
  /** How long the first update of a batch waits for company before the batch is written. */
  windowMs: number;
  /** Write immediately once the queued bytes reach this (a single larger update goes alone). */
  maxBatchBytes: number;
  /** Upper bound of updates per storage call. */
  maxBatchUpdates: number;
  /** First retry delay after a failed write; doubles up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
}

interface QueuedUpdate<Tag> {
  kind: "update";
  id: number;
  name: string;
  update: Uint8Array;
  author: string | undefined;
  tag: Tag;
}

interface QueuedCompaction {
  kind: "compaction";
  id: number;
  name: string;
  snapshot: () => Uint8Array;
  done: (succeeded: boolean) => void;
}

type QueueEntry<Tag> = QueuedUpdate<Tag> | QueuedCompaction;

/** Callbacks from the committer to its owner. */
export interface GroupCommitEvents<Tag> {
  /** Entries are durable; tags arrive in enqueue order per room. */
  committed(tags: Tag[]): void;
  /** A write failed; the entries stay queued and will be retried. */
  writeFailed(error: unknown, names: string[]): void;
  /** A compaction failed; the log is left as it was (still complete). */
  compactionFailed(error: unknown, name: string): void;
}

/**
 * Queues updates and writes them to storage in batches, retrying failed writes with exponential
 * backoff until they succeed. `Tag` is opaque bookkeeping handed back on commit (the host uses it
 * to advance a room's durable sequence number and send acknowledgements).
 */
export class GroupCommitter<Tag> {
  private readonly queue: QueueEntry<Tag>[] = [];
  private queuedBytes = 0;
  private nextId = 1;
  private draining = false;
  private windowTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs: number;
  private stopped = false;
  private readonly waiters: { throughId: number; resolve: () => void }[] = [];
  /** Storage calls that committed (for metrics). */
  writesCommitted = 0;
  /** Storage calls that failed (for metrics). */
  writesFailed = 0;

  constructor(
    private readonly storage: CollabStorage,
    private readonly options: GroupCommitOptions,
    private readonly events: GroupCommitEvents<Tag>,
  ) {
    this.retryDelayMs = options.retryBaseMs;
  }

  /** Number of updates not yet durable (queued or in flight). */
  get pendingUpdates(): number {
    let count = 0;
    for (const entry of this.queue) if (entry.kind === "update") count++;
    return count;
  }

  /**
   * Queues one update (by `author`, see AppendEntry); it will be written within `windowMs` (or
   * sooner when the batch is full).
   */
  enqueue(name: string, update: Uint8Array, tag: Tag, author?: string): void {
    this.queue.push({ kind: "update", id: this.nextId++, name, update, author, tag });
    this.queuedBytes += update.byteLength;
    this.schedule(this.queuedBytes >= this.options.maxBatchBytes);
  }

  /**
   * Queues a compaction of `name`. It runs after every update queued before it is durable and
   * before any update queued after it is written; `snapshot` is evaluated at that moment, so it
   * contains at least everything appended so far (see CollabStorage for the contract).
   */
  enqueueCompaction(name: string, snapshot: () => Uint8Array, done: (succeeded: boolean) => void): void {
    this.queue.push({ kind: "compaction", id: this.nextId++, name, snapshot, done });
    this.schedule(false);
  }

  /** Resolves once every entry queued before this call is durable (writes) or attempted (compactions). */
  flush(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    const throughId = this.nextId - 1;
    const done = new Promise<void>((resolve) => this.waiters.push({ throughId, resolve }));
    this.schedule(true);
    return done;
  }

  /** Stops retrying (after a shutdown deadline). Queued entries are abandoned, not written. */
  stop(): void {
    this.stopped = true;
    if (this.windowTimer !== undefined) clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  private schedule(immediately: boolean): void {
    if (this.draining || this.stopped) return; // the running drain loop picks new entries up
    if (immediately) {
      if (this.windowTimer !== undefined) clearTimeout(this.windowTimer);
      this.windowTimer = undefined;
      void this.drain();
    } else if (this.windowTimer === undefined) {
      this.windowTimer = setTimeout(() => {
        this.windowTimer = undefined;
        void this.drain();
      }, this.options.windowMs);
    }
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const head = this.queue[0]!;
        if (head.kind === "compaction") {
          await this.runCompaction(head);
          this.queue.shift();
        } else {
          const batch = this.takeLeadingUpdates();
          const committedIds = await this.write(batch);
          this.removeCommitted(committedIds);
          if (committedIds.size < batch.length) {
            await sleep(this.retryDelayMs);
            this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.options.retryMaxMs);
          } else {
            this.retryDelayMs = this.options.retryBaseMs;
          }
        }
        this.settleWaiters();
      }
    } finally {
      this.draining = false;
      this.settleWaiters();
    }
  }

  private takeLeadingUpdates(): QueuedUpdate<Tag>[] {
    const batch: QueuedUpdate<Tag>[] = [];
    let bytes = 0;
    for (const entry of this.queue) {
      if (entry.kind !== "update") break; // a compaction is a barrier
      if (batch.length > 0 && (batch.length >= this.options.maxBatchUpdates || bytes + entry.update.byteLength > this.options.maxBatchBytes)) break;
      batch.push(entry);
      bytes += entry.update.byteLength;
    }
    return batch;
  }

  /** Writes a batch; returns the ids that are now durable. */
  private async write(batch: QueuedUpdate<Tag>[]): Promise<Set<number>> {
    const committed = new Set<number>();
    if (this.storage.appendMany !== undefined) {
      const entries: AppendEntry[] = batch.map(({ name, update, author }) => ({ name, update, author }));
      try {
        await this.storage.appendMany(entries);
        this.writesCommitted++;
        for (const entry of batch) committed.add(entry.id);
      } catch (error) {
        this.writesFailed++;
        this.events.writeFailed(error, [...new Set(batch.map((e) => e.name))]);
      }
      return committed;
    }
    // No group commit in storage: one append per room, concurrently. A failing room must not hold
    // back the others, and its entries stay queued in order for the retry.
    const byRoom = new Map<string, QueuedUpdate<Tag>[]>();
    for (const entry of batch) {
      const list = byRoom.get(entry.name);
      if (list === undefined) byRoom.set(entry.name, [entry]);
      else list.push(entry);
    }
    await Promise.all(
      [...byRoom].map(async ([name, entries]) => {
        try {
          await this.storage.append(
            name,
            entries.map((e) => e.update),
            entries.map((e) => e.author),
          );
          this.writesCommitted++;
          for (const entry of entries) committed.add(entry.id);
        } catch (error) {
          this.writesFailed++;
          this.events.writeFailed(error, [name]);
        }
      }),
    );
    return committed;
  }

  private removeCommitted(ids: Set<number>): void {
    if (ids.size === 0) return;
    const tags: Tag[] = [];
    for (let i = 0; i < this.queue.length; ) {
      const entry = this.queue[i]!;
      if (entry.kind === "update" && ids.has(entry.id)) {
        tags.push(entry.tag);
        this.queuedBytes -= entry.update.byteLength;
        this.queue.splice(i, 1);
      } else {
        i++;
      }
    }
    try {
      this.events.committed(tags);
    } catch (error) {
      // The owner's bookkeeping must never stall durability; report and carry on.
      this.events.writeFailed(error, []);
    }
  }

  private async runCompaction(entry: QueuedCompaction): Promise<void> {
    let succeeded = false;
    if (this.storage.compact !== undefined) {
      try {
        await this.storage.compact(entry.name, entry.snapshot());
        succeeded = true;
      } catch (error) {
        this.events.compactionFailed(error, entry.name);
      }
    }
    entry.done(succeeded);
  }

  private settleWaiters(): void {
    const oldestPending = this.queue[0]?.id ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.waiters.length; ) {
      const waiter = this.waiters[i]!;
      if (waiter.throughId < oldestPending) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      } else {
        i++;
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
