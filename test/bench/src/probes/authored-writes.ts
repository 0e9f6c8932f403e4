// Probe for issue 15 item 4: what recording authors costs on the hot path. Writes group commits
// (10 updates of ~60 bytes over 3 documents by 2 people, like a busy minute of a team) through
// DocumentStorage.appendMany on PostgreSQL, alternating batches without authors (the update log
// only, as before) and with authors (author_id on each row plus the one document_edit_hours
// upsert), and prints the median and p99 time per group commit of each. Run from the root:
//   pnpm --filter @taller/bench exec node --import tsx src/probes/authored-writes.ts
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createDb } from "@taller/db";
import { DocumentStorage } from "@taller/server/document-storage";

const baseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ROUNDS = Number(process.env.ROUNDS ?? 1500);
const databaseName = `taller_probe_${process.pid}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${databaseName}`);
const url = new URL(baseUrl);
url.pathname = `/${databaseName}`;
const handle = await createDb({ databaseUrl: url.toString() });
try {
  const storage = new DocumentStorage(handle.db);
  const people = [randomUUID(), randomUUID()];
  const update = () => new Uint8Array(60).map(() => Math.floor(Math.random() * 256));
  const batch = (authored: boolean) =>
    Array.from({ length: 10 }, (_, i) => ({ name: `doc.${i % 3}`, update: update(), author: authored ? people[i % 2] : undefined }));
  const times: Record<"plain" | "authored", number[]> = { plain: [], authored: [] };
  for (let round = 0; round < ROUNDS + 100; round++) {
    for (const kind of round % 2 ? (["plain", "authored"] as const) : (["authored", "plain"] as const)) {
      const entries = batch(kind === "authored");
      const started = performance.now();
      await storage.appendMany(entries);
      if (round >= 100) times[kind].push(performance.now() - started);
    }
  }
  const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(3);
  for (const kind of ["plain", "authored"] as const) {
    const sorted = times[kind].sort((a, b) => a - b);
    console.log(`${kind.padEnd(9)} group commits ${sorted.length}  p50 ${at(sorted, 0.5)} ms  p99 ${at(sorted, 0.99)} ms`);
  }
} finally {
  await handle.close();
  await admin.query(`DROP DATABASE ${databaseName} WITH (FORCE)`);
  await admin.end();
}
