// DocumentStorage against the real database (PGlite, or PostgreSQL with DATABASE_URL): each update
// row names its author, and the group commit adds up who edited which document in which hour.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { CollabHost } from "@taller/collab";
import { silentLogger, startTestRig, waitUntil, whenSynced } from "@taller/collab/testing";
import { createTestDb, type TestDatabase } from "@taller/db/testing";
import { documentEditHours, documentUpdates } from "@taller/db";
import { asc, eq, sql } from "@taller/db/sql";
import { DocumentStorage } from "./document-storage";

const ANA = "0a0a0a0a-0000-4000-8000-00000000000a";
const BETO = "0b0b0b0b-0000-4000-8000-00000000000b";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const bytes = (text: string) => {
  const doc = new Y.Doc();
  doc.getText("body").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
};

async function hoursOf(name: string) {
  return t.db
    .select()
    .from(documentEditHours)
    .where(eq(documentEditHours.collabName, name))
    .orderBy(asc(documentEditHours.hour), asc(documentEditHours.userId));
}

describe("DocumentStorage", () => {
  it("writes each update's author and sums the group commit per document, person and hour, in one upsert", async () => {
    const storage = new DocumentStorage(t.db);
    const [a, b, c] = [bytes("uno"), bytes("dos"), bytes("tres")];
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-03-02T14:20:00Z"));
      await storage.appendMany([
        { name: "doc.a", update: a, author: ANA },
        { name: "doc.a", update: b, author: ANA },
        { name: "doc.b", update: c, author: ANA },
        { name: "doc.a", update: c, author: BETO },
        { name: "doc.a", update: a },
      ]);
      vi.setSystemTime(new Date("2026-03-02T14:50:00Z"));
      await storage.appendMany([{ name: "doc.a", update: a, author: ANA }]);
      vi.setSystemTime(new Date("2026-03-02T15:05:00Z"));
      await storage.appendMany([{ name: "doc.a", update: b, author: ANA }, { name: "doc.b", update: a, author: BETO }]);
    } finally {
      vi.useRealTimers();
    }

    const log = await t.db.select({ name: documentUpdates.collabName, author: documentUpdates.authorId }).from(documentUpdates).orderBy(asc(documentUpdates.id));
    expect(log).toEqual([
      { name: "doc.a", author: ANA },
      { name: "doc.a", author: ANA },
      { name: "doc.b", author: ANA },
      { name: "doc.a", author: BETO },
      { name: "doc.a", author: null },
      { name: "doc.a", author: ANA },
      { name: "doc.a", author: ANA },
      { name: "doc.b", author: BETO },
    ]);
    const simple = (rows: Awaited<ReturnType<typeof hoursOf>>) =>
      rows.map((r) => ({ user: r.userId, hour: r.hour.toISOString(), updates: r.updates, bytes: r.bytes, lastAt: r.lastAt.toISOString() }));
    expect(simple(await hoursOf("doc.a"))).toEqual([
      { user: ANA, hour: "2026-03-02T14:00:00.000Z", updates: 3, bytes: 2 * a.byteLength + b.byteLength, lastAt: "2026-03-02T14:50:00.000Z" },
      { user: BETO, hour: "2026-03-02T14:00:00.000Z", updates: 1, bytes: c.byteLength, lastAt: "2026-03-02T14:20:00.000Z" },
      { user: ANA, hour: "2026-03-02T15:00:00.000Z", updates: 1, bytes: b.byteLength, lastAt: "2026-03-02T15:05:00.000Z" },
    ]);
    expect(simple(await hoursOf("doc.b"))).toEqual([
      { user: ANA, hour: "2026-03-02T14:00:00.000Z", updates: 1, bytes: c.byteLength, lastAt: "2026-03-02T14:20:00.000Z" },
      { user: BETO, hour: "2026-03-02T15:00:00.000Z", updates: 1, bytes: a.byteLength, lastAt: "2026-03-02T15:05:00.000Z" },
    ]);

    // Compaction deletes the log rows; the hours stay.
    await storage.compact("doc.a", bytes("compactado"));
    expect(await t.db.select().from(documentUpdates).where(eq(documentUpdates.collabName, "doc.a"))).toEqual([]);
    expect(await hoursOf("doc.a")).toHaveLength(3);
  });

  // One socket may send 1 MiB/s (the default rate limit): past half an hour of that, a person's
  // hour holds more bytes than a 32-bit integer. The sum must go on, or the group commit (everyone's
  // updates, not only theirs) would fail on it.
  it("keeps adding up an hour past 2^31 bytes", async () => {
    const storage = new DocumentStorage(t.db);
    const hour = new Date("2026-03-03T09:00:00Z");
    await t.db.insert(documentEditHours).values({ collabName: "doc.busy", userId: ANA, hour, updates: 7_000, bytes: 2 ** 31 - 10, lastAt: hour });
    const update = bytes("un párrafo más");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-03-03T09:40:00Z"));
      await storage.appendMany([{ name: "doc.busy", update, author: ANA }, { name: "doc.busy", update, author: BETO }]);
    } finally {
      vi.useRealTimers();
    }
    const rows = await hoursOf("doc.busy");
    expect(rows.map((r) => [r.userId, r.updates, r.bytes])).toEqual([
      [ANA, 7_001, 2 ** 31 - 10 + update.byteLength],
      [BETO, 1, update.byteLength],
    ]);
  });

  it("sends one statement for the log and one for the hours per group commit, whatever its size", async () => {
    const storage = new DocumentStorage(t.db);
    let statements = 0;
    const original = t.db.transaction.bind(t.db);
    const spy = vi.spyOn(t.db, "transaction").mockImplementation(((run: (tx: unknown) => Promise<unknown>) =>
      original(async (tx) => {
        const execute = vi.spyOn(tx, "execute");
        try {
          return await run(tx);
        } finally {
          statements += execute.mock.calls.length;
        }
      })) as typeof t.db.transaction);
    try {
      const entries = Array.from({ length: 40 }, (_, i) => ({ name: `doc.many${i % 4}`, update: bytes(`n${i}`), author: i < 20 ? ANA : BETO }));
      await storage.appendMany(entries);
    } finally {
      spy.mockRestore();
    }
    expect(statements).toBe(2);
    const hours = (await t.db.execute(
      sql`SELECT count(*)::int AS n, sum(updates)::int AS total FROM document_edit_hours WHERE collab_name LIKE 'doc.many%'`,
    )) as unknown as { rows: { n: number; total: number }[] };
    expect(hours.rows[0]).toEqual({ n: 8, total: 40 });
  });

  it("through the host: edits carry their connection's user, the seed none", async () => {
    const storage = new DocumentStorage(t.db);
    const host = new CollabHost({ storage, logger: silentLogger, seed: (_name, doc) => doc.getText("body").insert(0, "Plantilla") });
    const cleanups: (() => unknown)[] = [];
    try {
      const { provider } = await startTestRig(host, cleanups);
      const ana = provider("doc.host", { user: ANA });
      const beto = provider("doc.host", { user: BETO });
      await Promise.all([whenSynced(ana), whenSynced(beto)]);
      ana.doc.getText("body").insert(0, "A");
      await waitUntil(() => beto.doc.getText("body").toString().startsWith("A"));
      beto.doc.getText("body").insert(0, "B");
      await waitUntil(() => ana.doc.getText("body").toString().startsWith("B"));
      await host.flush();
      const log = await t.db
        .select({ author: documentUpdates.authorId })
        .from(documentUpdates)
        .where(eq(documentUpdates.collabName, "doc.host"))
        .orderBy(asc(documentUpdates.id));
      expect(log.map((r) => r.author)).toEqual([null, ANA, BETO]);
      const hours = await hoursOf("doc.host");
      expect(hours.map((h) => [h.userId, h.updates])).toEqual(expect.arrayContaining([[ANA, 1], [BETO, 1]]));
      expect(hours).toHaveLength(2);
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await host.close();
    }
  });
});
