import { RawPeer } from "../load/raw-peer";
import { prepare, round, sleep, stats, store, until } from "../load/measure";
import type { TargetInfo } from "../load/target";
import type { ScenarioResult } from "./common";
import type { Fixture } from "../fixtures";
import { expectDocument, loadedFully, readFixture } from "./fixture-io";

const MiB = 1024 * 1024;

/**
 * S3 memory: `documents` stored copies of one fixture, each opened by one client; server memory
 * (after forced GC) per open document, then again once every client has left and the server
 * says it unloaded them.
 */
export async function memory(target: TargetInfo, params: { fixture: Fixture; documents: number; warmup: Fixture }): Promise<ScenarioResult> {
  const state = readFixture(params.fixture);
  const [warmupName, ...names] = await prepare(target, params.documents + 1);
  for (const name of names) await store(target, name, state);

  // One small document opened first and kept open: the code paths of a join get compiled
  // before the baseline, so the figure is memory per document, not one-time JIT code.
  const warmupState = readFixture(params.warmup);
  await store(target, warmupName!, warmupState);
  const warmup = expectDocument(new RawPeer(target, warmupName!), warmupState);
  await warmup.connect();
  if (!(await until(() => loadedFully(warmup), 60_000))) throw new Error("warm-up document never loaded");
  await sleep(1_000);

  const baseline = await stats(target, true);
  await heapSnapshot(target, "baseline");
  const peers = names.map((name) => expectDocument(new RawPeer(target, name), state));
  for (const peer of peers) {
    // One at a time: the figure is memory per open document, not a join storm.
    await peer.connect();
    if (!(await until(() => loadedFully(peer), 120_000))) throw new Error(`${peer.name} never loaded`);
  }
  // Let transient buffers (socket writes, join-time caches) settle, as a person reading would.
  await sleep(2_000);
  const open = await stats(target, true);
  await heapSnapshot(target, "open");
  const leaveStart = performance.now();
  for (const peer of [warmup, ...peers]) peer.close();
  const unloaded = await until(async () => (await stats(target)).documentsLoaded === 0, 90_000, 250);
  const leaveMs = performance.now() - leaveStart;
  const after = await stats(target, true);

  return {
    rss_per_doc_mib: round((open.rss - baseline.rss) / params.documents / MiB, 3),
    heap_per_doc_mib: round((open.heapUsed + open.arrayBuffers - baseline.heapUsed - baseline.arrayBuffers) / params.documents / MiB, 3),
    baseline_heap_mib: round((baseline.heapUsed + baseline.arrayBuffers) / MiB, 1),
    after_leave_heap_ratio: round((after.heapUsed + after.arrayBuffers) / (baseline.heapUsed + baseline.arrayBuffers), 3),
    after_leave_rss_ratio: round(after.rss / baseline.rss, 3),
    unloaded,
    unload_s: round(leaveMs / 1000, 1),
  };
}

/** With BENCH_HEAP_SNAPSHOTS=DIR, the server writes a heap snapshot at each measuring point. */
async function heapSnapshot(target: TargetInfo, label: string): Promise<void> {
  const dir = process.env.BENCH_HEAP_SNAPSHOTS;
  if (!dir) return;
  const file = `${dir}/${target.kind}-${label}-${Date.now()}.heapsnapshot`;
  await fetch(`http://127.0.0.1:${target.probePort}/heap-snapshot?file=${encodeURIComponent(file)}`, { method: "POST" });
}
