import { RawPeer } from "../load/raw-peer";
import { RealClient } from "../load/real-client";
import { Author, Samples, forEachMarker, paced, prepare, round, sleep, stats, until } from "../load/measure";
import type { TargetInfo } from "../load/target";
import { connectAll, type ScenarioResult } from "./common";

/**
 * S1 fan-out latency: one writer at 50 updates/s, N observers on one document (plus two stock
 * clients that must converge); every observer's receipt of every update is one sample, from the
 * writer's send to the observer's receive, after one unmeasured second of warm-up.
 */
export async function fanOut(target: TargetInfo, params: { observers: number; seconds: number }): Promise<ScenarioResult> {
  const rate = 50;
  // The first second warms every server up (JIT, first database writes) and is not measured.
  const warmup = rate;
  const total = warmup + rate * params.seconds;
  const [name] = await prepare(target, 1);
  const author = new Author();
  const updates = Array.from({ length: total }, (_, seq) => author.edit(seq));
  const sentAt = new Float64Array(total);
  const samples = new Samples();
  let received = 0;
  const onUpdate = (payload: Uint8Array, at: number) =>
    forEachMarker(payload, (seq) => {
      if (seq >= warmup && seq < total && sentAt[seq]! > 0) {
        samples.add(at - sentAt[seq]!);
        received++;
      }
    });

  const writer = new RawPeer(target, name!);
  const observers = Array.from({ length: params.observers }, () => new RawPeer(target, name!, { onUpdate }));
  await connectAll([writer, ...observers]);
  const real = [new RealClient(target, name!), new RealClient(target, name!)];
  await until(() => real.every((c) => c.synced), 15_000);
  await sleep(200);

  const send = (seq: number) => {
    sentAt[seq] = performance.now();
    writer.sendUpdate(updates[seq]!);
  };
  await paced(warmup, rate, send);
  await stats(target, false, true);
  await paced(total - warmup, rate, (i) => send(warmup + i));
  const server = await stats(target);
  const expected = (total - warmup) * params.observers;
  await until(() => received >= expected, 5_000);
  const want = author.read(author.doc);
  const converged = await until(() => real.every((c) => author.read(c.doc) === want), 10_000, 50);

  for (const peer of [writer, ...observers]) peer.close();
  for (const client of real) client.destroy();
  return {
    p50_ms: samples.percentile(50),
    p99_ms: samples.percentile(99),
    max_ms: samples.max(),
    delivered: round(received / expected, 4),
    server_loop_delay_p99_ms: round(server.loopDelayP99Ms),
    server_loop_delay_max_ms: round(server.loopDelayMaxMs),
    converged,
  };
}
