import { RawPeer } from "../load/raw-peer";
import { RealClient } from "../load/real-client";
import { Samples, prepare, round, stats, store, until } from "../load/measure";
import type { TargetInfo } from "../load/target";
import type { ScenarioResult } from "./common";
import type { Fixture } from "../fixtures";
import { expectDocument, loadedFully, readFixture } from "./fixture-io";

/**
 * S4 cold join: the document is only in the server's storage. Time from opening the socket to
 * holding the whole document, for one joiner and for `joiners` arriving at once (on another
 * stored copy), and how many storage loads those joiners caused. A stock client then checks
 * the content it receives.
 */
export async function coldJoin(target: TargetInfo, params: { fixture: Fixture; joiners: number }): Promise<ScenarioResult> {
  const state = readFixture(params.fixture);
  const [single, crowd] = await prepare(target, 2);
  await store(target, single!, state);
  await store(target, crowd!, state);

  const one = expectDocument(new RawPeer(target, single!), state);
  await one.connect();
  const singleOk = await until(() => loadedFully(one), 120_000, 1);
  const singleMs = one.completeAt - one.openedAt;

  const loadsBefore = (await stats(target)).storageLoads;
  const joiners = Array.from({ length: params.joiners }, () => expectDocument(new RawPeer(target, crowd!), state));
  await Promise.all(joiners.map((peer) => peer.connect()));
  const crowdOk = await until(() => joiners.every((peer) => loadedFully(peer)), 180_000, 1);
  const times = new Samples();
  for (const peer of joiners) {
    if (loadedFully(peer)) times.add(peer.completeAt - peer.openedAt);
  }
  const loads = (await stats(target)).storageLoads - loadsBefore;

  const check = new RealClient(target, single!);
  const content = (await until(() => check.synced && check.text(params.fixture.checkField).length === params.fixture.checkLength, 120_000, 50))
    ? "ok"
    : `got ${check.text(params.fixture.checkField).length} chars`;
  check.destroy();
  for (const peer of [one, ...joiners]) peer.close();
  return {
    single_join_ms: singleOk ? round(singleMs) : null,
    crowd_p50_ms: crowdOk ? times.percentile(50) : null,
    crowd_max_ms: crowdOk ? times.max() : null,
    storage_loads: loads,
    content,
  };
}
