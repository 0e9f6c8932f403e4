import { RawPeer } from "../load/raw-peer";
import { Author, Samples, paced, prepare, round, until } from "../load/measure";
import type { ServerKind, TargetInfo } from "../load/target";
import { connectAll, type ScenarioResult } from "./common";

/** What each server offers a client that wants to know its edit is safe. */
export const DURABILITY: Record<ServerKind, string> = {
  taller: "durable acknowledgement after COMMIT (group commit, 5 ms window)",
  "y-websocket-server": "none: each update goes to LevelDB as it arrives, never acknowledged",
  hocuspocus: "none durable: SyncStatus once applied in memory; store debounced 2 s (max 10 s)",
};

/**
 * S6 durability: `writers` authors on as many documents, 20 updates/s each; time from sending an
 * update to the server's durable acknowledgement covering it. Servers without one report null
 * (and what they do offer); no figure is invented for them.
 */
export async function durability(target: TargetInfo, params: { writers: number; seconds: number }): Promise<ScenarioResult> {
  const ratePerWriter = 20;
  const perWriter = ratePerWriter * params.seconds;
  const names = await prepare(target, params.writers);
  const samples = new Samples();
  const sentAt = names.map(() => new Float64Array(perWriter));
  let acked = 0;
  const writers = names.map((name, w) => {
    let ackedWrites = 0;
    const peer: RawPeer = new RawPeer(target, name, {
      onAck: (seq, at) => {
        // Taller numbers every accepted write, our sync step 2 included.
        const through = seq - peer.step2Sent;
        for (; ackedWrites < through && ackedWrites < perWriter; ackedWrites++) {
          samples.add(at - sentAt[w]![ackedWrites]!);
          acked++;
        }
      },
    });
    return peer;
  });
  const authors = names.map(() => new Author());
  await connectAll(writers);
  const updates = authors.map((author, w) => Array.from({ length: perWriter }, (_, i) => author.edit(w * perWriter + i)));

  await paced(perWriter * params.writers, ratePerWriter * params.writers, (i) => {
    const w = i % params.writers;
    const k = Math.floor(i / params.writers);
    sentAt[w]![k] = performance.now();
    writers[w]!.sendUpdate(updates[w]![k]!);
  });
  const total = perWriter * params.writers;
  if (target.kind === "taller") await until(() => acked >= total, 10_000);
  for (const peer of writers) peer.close();
  return {
    p50_ms: samples.percentile(50),
    p99_ms: samples.percentile(99),
    acknowledged: target.kind === "taller" ? round(acked / total, 4) : null,
    offers: DURABILITY[target.kind],
  };
}
