import { RawPeer } from "../load/raw-peer";
import { prepare, round, stats, store, until } from "../load/measure";
import type { TargetInfo } from "../load/target";
import { connectAll, type ScenarioResult } from "./common";
import type { Fixture } from "../fixtures";
import { expectDocument, loadedFully, readFixture } from "./fixture-io";

const MiB = 1024 * 1024;

/**
 * S5 reconnect storm: `clients` clients spread over `documents` stored studies; every socket is
 * dropped at once (no closing handshake, like a network cut) and every client reconnects at
 * once. Time until all of them hold their document again, and the server's peak RSS meanwhile.
 */
export async function reconnectStorm(target: TargetInfo, params: { fixture: Fixture; clients: number; documents: number }): Promise<ScenarioResult> {
  const state = readFixture(params.fixture);
  const names = await prepare(target, params.documents);
  for (const name of names) await store(target, name, state);
  const peers = Array.from({ length: params.clients }, (_, i) => expectDocument(new RawPeer(target, names[i % names.length]!), state));
  await connectAll(peers);
  if (!(await until(() => peers.every(loadedFully), 60_000))) throw new Error("clients did not load before the storm");

  let peakRss = (await stats(target)).rss;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakRss = Math.max(peakRss, (await stats(target)).rss);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  const start = performance.now();
  for (const peer of peers) peer.drop();
  const reconnects = peers.map((peer) => peer.connect().catch(() => undefined));
  await Promise.all(reconnects);
  const resynced = await until(() => peers.every(loadedFully), 60_000, 5);
  const last = Math.max(...peers.map((peer) => peer.completeAt));
  sampling = false;
  await sampler;
  for (const peer of peers) peer.close();
  return {
    all_resynced_ms: resynced ? round(last - start) : null,
    resynced: `${peers.filter(loadedFully).length}/${peers.length}`,
    peak_rss_mib: round(peakRss / MiB, 1),
  };
}
