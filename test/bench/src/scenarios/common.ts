import type { RawPeer } from "../load/raw-peer";

/** One server's figures in one scenario; every server reports the same keys. */
export type ScenarioResult = Record<string, number | boolean | string | null>;

/** Connects peers a few hundred at a time (like browsers arriving, not one SYN flood). */
export async function connectAll(peers: RawPeer[], batch = 100): Promise<void> {
  for (let i = 0; i < peers.length; i += batch) {
    await Promise.all(peers.slice(i, i + batch).map((peer) => peer.connect()));
  }
  const deadline = performance.now() + 30_000;
  while (peers.some((peer) => peer.syncedAt === 0)) {
    if (performance.now() > deadline) throw new Error(`${peers.filter((p) => p.syncedAt === 0).length} peers never synced`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
