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
export async function memory(target: TargetInfo, params: { fixture: Fixture; documents: number }): Promise<ScenarioResult> {
  const state = readFixture(params.fixture);
  const names = await prepare(target, params.documents);
  for (const name of names) await store(target, name, state);

  const baseline = await stats(target, true);
  const peers = names.map((name) => expectDocument(new RawPeer(target, name), state));
  for (const peer of peers) {
    // One at a time: the figure is memory per open document, not a join storm.
    await peer.connect();
    if (!(await until(() => loadedFully(peer), 120_000))) throw new Error(`${peer.name} never loaded`);
  }
  // Let transient buffers (socket writes, join-time caches) settle, as a person reading would.
  await sleep(2_000);
  const open = await stats(target, true);
  const leaveStart = performance.now();
  for (const peer of peers) peer.close();
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
