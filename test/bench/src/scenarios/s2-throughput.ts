import { RawPeer } from "../load/raw-peer";
import { RealClient } from "../load/real-client";
import { Author, Samples, forEachMarker, paced, prepare, round, stats, until } from "../load/measure";
import type { TargetInfo } from "../load/target";
import { connectAll, type ScenarioResult } from "./common";

const OBSERVERS_PER_ROOM = 4;
const RATE_PER_WRITER = 40;
const P99_LIMIT_MS = 100;

interface Room {
  writer: RawPeer;
  author: Author;
  observers: RawPeer[];
}

/**
 * S2 throughput: rooms of one writer (40 updates/s, below every server's per-connection limit)
 * and four observers; each step adds rooms (open loop: the writers never wait for the server)
 * until p99 delivery latency exceeds 100 ms or updates go missing. Reports the highest rate
 * that held, and the server's CPU time per delivered update per observer at that rate.
 */
export async function throughput(target: TargetInfo, params: { roomSteps: number[]; seconds: number }): Promise<ScenarioResult> {
  const rooms: Room[] = [];
  const names = await prepare(target, params.roomSteps.at(-1)!);
  let sentAt = new Float64Array(0);
  let samples = new Samples();
  let received = 0;
  let nextSeq = 0;
  let stepStart = 0;
  const onUpdate = (payload: Uint8Array, at: number) =>
    forEachMarker(payload, (seq) => {
      if (seq >= stepStart && seq - stepStart < sentAt.length && sentAt[seq - stepStart]! > 0) {
        samples.add(at - sentAt[seq - stepStart]!);
        received++;
      }
    });

  let sustained: { rate: number; p99: number; cpu: number } | null = null;
  const steps: string[] = [];
  let real: RealClient | null = null;
  for (const roomCount of params.roomSteps) {
    const added: RawPeer[] = [];
    while (rooms.length < roomCount) {
      const name = names[rooms.length]!;
      const room = {
        writer: new RawPeer(target, name),
        author: new Author(),
        observers: Array.from({ length: OBSERVERS_PER_ROOM }, () => new RawPeer(target, name, { onUpdate })),
      };
      rooms.push(room);
      added.push(room.writer, ...room.observers);
    }
    await connectAll(added);
    if (real === null) {
      real = new RealClient(target, names[0]!);
      await until(() => real!.synced, 15_000);
    }

    const rate = roomCount * RATE_PER_WRITER;
    const total = Math.round(rate * params.seconds);
    stepStart = nextSeq;
    const updates = Array.from({ length: total }, (_, i) => rooms[i % roomCount]!.author.edit(stepStart + i));
    nextSeq += total;
    sentAt = new Float64Array(total);
    samples = new Samples();
    received = 0;

    const before = await stats(target);
    const ownBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await paced(total, rate, (i) => {
      sentAt[i] = performance.now();
      rooms[i % roomCount]!.writer.sendUpdate(updates[i]!);
    });
    const expected = total * OBSERVERS_PER_ROOM;
    await until(() => received >= expected, 3_000);
    const after = await stats(target);
    const own = process.cpuUsage(ownBefore);
    const wall = (performance.now() - wallBefore) * 1000;
    // CPU share of the server and of this generator over the step: tells which side saturated.
    const busy = `server ${Math.round(((after.cpuMicros - before.cpuMicros) / wall) * 100)}%, generator ${Math.round(((own.user + own.system) / wall) * 100)}%`;
    const p99 = samples.percentile(99) ?? Infinity;
    const delivered = received / expected;
    const cpu = (after.cpuMicros - before.cpuMicros) / expected;
    const lost = rooms.some((r) => r.writer.closed || r.observers.some((o) => o.closed));
    steps.push(`${rate}/s p99 ${round(p99, 1)} ms${delivered < 1 ? ` delivered ${round(delivered * 100, 1)}%` : ""} (${busy})`);
    if (p99 > P99_LIMIT_MS || delivered < 0.999 || lost) break;
    sustained = { rate, p99, cpu };
  }

  const author = rooms[0]!.author;
  const want = author.read(author.doc);
  const converged = await until(() => author.read(real!.doc) === want, 15_000, 50);
  for (const room of rooms) for (const peer of [room.writer, ...room.observers]) peer.close();
  real?.destroy();
  return {
    sustained_updates_per_s: sustained?.rate ?? 0,
    p99_ms_at_sustained: sustained ? round(sustained.p99) : null,
    cpu_us_per_update_per_observer: sustained ? round(sustained.cpu, 2) : null,
    steps: steps.join("; "),
    converged,
  };
}
