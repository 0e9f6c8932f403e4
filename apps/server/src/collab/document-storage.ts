import type { AppendEntry, CollabStorage, StoredDocument } from "@taller/collab";
import { byteaParam, documentSnapshots, documentUpdates, type Database } from "@taller/db";
import { asc, eq, sql, type SQL } from "@taller/db/sql";

/**
 * The collab host's storage on PostgreSQL (or PGlite): an append-only update log plus one
 * compacted snapshot per document.
 *
 * - `appendMany` writes a whole group commit (updates of many documents) as one multi-row
 *   INSERT in an explicit transaction: the host acknowledges those updates only after it
 *   resolves, i.e. after COMMIT. Explicit on purpose: a lone autocommit INSERT still waiting in
 *   PostgreSQL when this process dies would commit later by itself, possibly after a restarted
 *   server already loaded (and seeded) the document; an open transaction without its client is
 *   rolled back instead (test/realtime/seed-crash.test.ts).
 * - Each update row names its author (the connection's user; null for the seed and the server's
 *   own edits), and the same transaction adds the group commit's edits to `document_edit_hours`
 *   (per document, person and hour: updates, bytes, latest time) in ONE upsert, aggregated in
 *   memory first. The activity feed groups text and canvas edits from it; it survives compaction.
 * - `compact` replaces the snapshot and deletes the log rows in one transaction. The host calls
 *   it only while no append is in flight and with a state that contains every appended update,
 *   so deleting the whole log of that document cannot lose anything.
 * - `load` returns null only when neither a snapshot nor a log row exists: that, and only that,
 *   lets the host seed a new document. A failing query rejects (never "empty").
 */
export class DocumentStorage implements CollabStorage {
  constructor(private readonly db: Database) {}

  async load(name: string): Promise<StoredDocument | null> {
    // One transaction so a concurrent compaction cannot be seen half-done (snapshot without
    // the deleted rows, or the reverse).
    return this.db.transaction(async (tx) => {
      const [snapshot] = await tx.select().from(documentSnapshots).where(eq(documentSnapshots.collabName, name));
      const log = await tx
        .select({ update: documentUpdates.update })
        .from(documentUpdates)
        .where(eq(documentUpdates.collabName, name))
        .orderBy(asc(documentUpdates.id));
      if (!snapshot && log.length === 0) return null;
      return { updates: [...(snapshot ? [toBytes(snapshot.state)] : []), ...log.map((row) => toBytes(row.update))] };
    });
  }

  async append(name: string, updates: Uint8Array[], authors?: readonly (string | undefined)[]): Promise<void> {
    await this.appendMany(updates.map((update, i) => ({ name, update, author: authors?.[i] })));
  }

  async appendMany(entries: AppendEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // The hot path of every edit: plain statements, not the query builder, whose per-value
    // column mapping cost more CPU than the write itself under load (see docs/performance.md).
    const rows = entries.map((e) => sql`(${e.name}, ${byteaParam(e.update)}, ${e.author ?? null}::uuid)`);
    const hours = editHours(entries, new Date());
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO document_updates (collab_name, "update", author_id) VALUES ${sql.join(rows, sql`, `)}`);
      if (hours !== null) await tx.execute(hours);
    });
  }

  async compact(name: string, snapshot: Uint8Array): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .insert(documentSnapshots)
        .values({ collabName: name, state: snapshot })
        .onConflictDoUpdate({ target: documentSnapshots.collabName, set: { state: snapshot, updatedAt: new Date() } });
      await tx.delete(documentUpdates).where(eq(documentUpdates.collabName, name));
    });
  }
}

const HOUR_MS = 3_600_000;

/**
 * The group commit's authored edits summed per document and person, as one upsert into the hour
 * of `now` (the commit's time); null when no entry has an author (seeds, server edits).
 */
function editHours(entries: readonly AppendEntry[], now: Date): SQL | null {
  const sums = new Map<string, { name: string; author: string; updates: number; bytes: number }>();
  for (const { name, update, author } of entries) {
    if (author === undefined) continue;
    const key = `${name}\u0000${author}`;
    const sum = sums.get(key);
    if (sum === undefined) sums.set(key, { name, author, updates: 1, bytes: update.byteLength });
    else {
      sum.updates++;
      sum.bytes += update.byteLength;
    }
  }
  if (sums.size === 0) return null;
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  const at = now.toISOString();
  const rows = [...sums.values()].map((s) => sql`(${s.name}, ${s.author}::uuid, ${hour}::timestamptz, ${s.updates}::integer, ${s.bytes}::bigint, ${at}::timestamptz)`);
  return sql`INSERT INTO document_edit_hours (collab_name, user_id, hour, updates, bytes, last_at) VALUES ${sql.join(rows, sql`, `)}
    ON CONFLICT (collab_name, user_id, hour) DO UPDATE SET
      updates = document_edit_hours.updates + excluded.updates,
      bytes = document_edit_hours.bytes + excluded.bytes,
      last_at = GREATEST(document_edit_hours.last_at, excluded.last_at)`;
}

/** pg returns Buffer (a Uint8Array subclass); Yjs wants plain bytes, so copy only when needed. */
function toBytes(value: Uint8Array): Uint8Array {
  return value.constructor === Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}
