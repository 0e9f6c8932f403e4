import * as Y from "yjs";
import type { AppendEntry, CollabStorage, StoredDocument } from "./storage";

/** Hooks that let tests delay or fail storage calls; throw to fail, await to delay. */
export interface InMemoryStorageHooks {
  beforeLoad?(name: string): void | Promise<void>;
  /** Called before every append/appendMany with the entries about to be written. */
  beforeAppend?(entries: readonly AppendEntry[]): void | Promise<void>;
  beforeCompact?(name: string): void | Promise<void>;
}

/** Options for InMemoryStorage. */
export interface InMemoryStorageOptions extends InMemoryStorageHooks {
  /** Offer `appendMany` (group commit in one call). Default true. */
  groupCommit?: boolean;
  /** Offer `compact`. Default true. */
  compaction?: boolean;
}

/**
 * A CollabStorage that keeps update logs in a Map: for tests (of this package and of the server)
 * and for trying the host without a database. Writes become visible atomically after the hooks
 * resolve, mirroring a transaction that commits. Counters let tests assert single-flight loading
 * and group commit; `documentState` replays the log the way a fresh load would.
 */
export class InMemoryStorage implements CollabStorage {
  readonly logs = new Map<string, Uint8Array[]>();
  /** Every entry ever appended, in order, with its author (compaction does not remove them). */
  readonly appended: AppendEntry[] = [];
  loadCalls = 0;
  appendCalls = 0;
  appendManyCalls = 0;
  compactCalls = 0;
  appendMany?: (entries: AppendEntry[]) => Promise<void>;
  compact?: (name: string, snapshot: Uint8Array) => Promise<void>;

  constructor(private readonly options: InMemoryStorageOptions = {}) {
    if (options.groupCommit ?? true) this.appendMany = (entries) => this.writeMany(entries);
    if (options.compaction ?? true) this.compact = (name, snapshot) => this.replaceLog(name, snapshot);
  }

  /** Seeds a stored document directly (as if written by an earlier process). */
  put(name: string, updates: Uint8Array[]): void {
    this.logs.set(name, [...updates]);
  }

  /** Returns the stored document replayed into a fresh Y.Doc, or null if none is stored. */
  documentState(name: string): Y.Doc | null {
    const log = this.logs.get(name);
    if (log === undefined) return null;
    const doc = new Y.Doc();
    for (const update of log) Y.applyUpdate(doc, update);
    return doc;
  }

  async load(name: string): Promise<StoredDocument | null> {
    this.loadCalls++;
    await this.options.beforeLoad?.(name);
    const log = this.logs.get(name);
    return log === undefined ? null : { updates: [...log] };
  }

  async append(name: string, updates: Uint8Array[], authors?: readonly (string | undefined)[]): Promise<void> {
    this.appendCalls++;
    const entries = updates.map((update, i) => ({ name, update, author: authors?.[i] }));
    await this.options.beforeAppend?.(entries);
    this.logs.set(name, [...(this.logs.get(name) ?? []), ...updates]);
    this.appended.push(...entries);
  }

  private async writeMany(entries: AppendEntry[]): Promise<void> {
    this.appendManyCalls++;
    await this.options.beforeAppend?.(entries);
    for (const { name, update } of entries) {
      this.logs.set(name, [...(this.logs.get(name) ?? []), update]);
    }
    this.appended.push(...entries);
  }

  private async replaceLog(name: string, snapshot: Uint8Array): Promise<void> {
    this.compactCalls++;
    await this.options.beforeCompact?.(name);
    this.logs.set(name, [snapshot]);
  }
}
