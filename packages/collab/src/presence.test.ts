// Presence that tells the truth (issue 9, case 9), over real sockets: identity stamped by the
// server from the connection's access, clientIDs owned by the user who first used them in the
// room, and an awareness relay whose output is bounded by a per-connection budget and coalesced
// per room, whatever a client sends.
import * as decoding from "lib0/decoding";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { decodeAwarenessUpdate, encodeAwarenessEntries, type PresenceIdentity } from "./awareness-guard";
import type { ConnectionAccess } from "./connection";
import { CollabHost } from "./host";
import type { CollabHostOptions } from "./options";
import { InMemoryStorage } from "./in-memory-storage";
import { encodeAwarenessFrame, encodeSyncStep1 } from "./protocol";
import { Gate, accessFromTestUrl, silentLogger, startTestRig, waitUntil, whenSynced, type RawCollabClient } from "./testing";

const people: Record<string, PresenceIdentity> = {
  lucia: { id: "lucia", name: "Lucía Méndez Arriaga", org: "OP", color: "#1d4ed8" },
  mallory: { id: "mallory", name: "Mallory Ruiz", org: "MOV", color: "#b91c1c" },
  observer: { id: "observer", name: "Oscar Observa", org: "OP", color: "#047857" },
};

/** `?user=<id>` as in accessFromTestUrl, plus the identity the real server takes from the session. */
function accessWithIdentity(url: URL): ConnectionAccess {
  const access = accessFromTestUrl(url);
  const identity = access.userId === undefined ? undefined : people[access.userId];
  return identity === undefined ? access : { ...access, identity };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Partial<CollabHostOptions> = {}) {
  const host = new CollabHost({ logger: silentLogger, ...options, storage: options.storage ?? new InMemoryStorage() });
  const { provider, raw } = await startTestRig(host, cleanups, accessWithIdentity);
  return { host, provider, raw };
}

function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  return encodeAwarenessFrame(encodeAwarenessEntries([{ clientId, clock, stateJson: JSON.stringify(state) }]));
}

/** The awareness entries carried by a frame a client received (empty for other message types). */
function awarenessEntriesOf(frame: Uint8Array): { clientId: number; state: unknown }[] {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== 1) return [];
  const update = decoding.readVarUint8Array(decoder);
  return decodeAwarenessUpdate(update, Infinity).map((e) => ({ clientId: e.clientId, state: JSON.parse(e.stateJson) as unknown }));
}

const stateOf = (provider: { awareness: { getStates(): Map<number, Record<string, unknown>> } }, clientId: number) =>
  provider.awareness.getStates().get(clientId);

describe("identity", () => {
  it("shows a viewer claiming another person's name with its own name, agency and colour", async () => {
    const { provider } = await start();
    const lucia = provider("study", { user: "lucia" });
    const observer = provider("study", { user: "observer" });
    const mallory = provider("study", { user: "mallory", ro: "1" });
    lucia.awareness.setLocalStateField("user", { name: "Lucía Méndez Arriaga", org: "OP", color: "#1d4ed8" });
    mallory.awareness.setLocalState({ user: { name: "Lucía Méndez Arriaga", org: "OP", color: "#1d4ed8" }, cursor: { anchor: 5, head: 9 } });
    await Promise.all([whenSynced(lucia), whenSynced(observer), whenSynced(mallory)]);
    const malloryId = mallory.awareness.clientID;
    await waitUntil(() => stateOf(observer, malloryId) !== undefined && stateOf(observer, lucia.awareness.clientID) !== undefined);

    // The client's `user` is replaced with the server's; everything else is kept.
    expect(stateOf(observer, malloryId)).toEqual({ user: people.mallory, cursor: { anchor: 5, head: 9 } });
    expect(stateOf(lucia, malloryId)).toEqual({ user: people.mallory, cursor: { anchor: 5, head: 9 } });
    expect(stateOf(observer, lucia.awareness.clientID)).toEqual({ user: people.lucia });

    // A state without a user field gets one; a latecomer's snapshot carries the server's identity too.
    mallory.awareness.setLocalState({ cursor: { anchor: 1, head: 1 } });
    await waitUntil(() => (stateOf(observer, malloryId)?.cursor as { anchor: number } | undefined)?.anchor === 1);
    expect(stateOf(observer, malloryId)).toEqual({ user: people.mallory, cursor: { anchor: 1, head: 1 } });
    const late = provider("study", { user: "observer" });
    await whenSynced(late);
    await waitUntil(() => stateOf(late, malloryId) !== undefined);
    expect(stateOf(late, malloryId)).toEqual({ user: people.mallory, cursor: { anchor: 1, head: 1 } });
  });
});

describe("clientID ownership", () => {
  it("keeps a clientID with the user who first used it, after that user's socket dropped", async () => {
    const { provider, raw } = await start();
    const victim = provider("owned", { user: "lucia" });
    const observer = provider("owned", { user: "observer" });
    victim.awareness.setLocalStateField("user", { name: "Lucía" });
    await Promise.all([whenSynced(victim), whenSynced(observer)]);
    const victimId = victim.awareness.clientID;
    await waitUntil(() => stateOf(observer, victimId) !== undefined);

    victim.disconnect();
    await waitUntil(() => stateOf(observer, victimId) === undefined, 5000, "victim's presence removed");

    // Another user's fresh socket announces the victim's id first, then its own: only its own binds.
    const attacker = await raw("owned", "?user=mallory");
    attacker.send(awarenessFrame(victimId, 1000, { user: { name: "Lucía" }, cursor: 1 }));
    attacker.send(awarenessFrame(777, 1, { cursor: 2 }));
    await waitUntil(() => stateOf(observer, 777) !== undefined, 5000, "attacker's own presence");
    // A second socket of the same attacker, unbound, tries again.
    const again = await raw("owned", "?user=mallory");
    again.send(awarenessFrame(victimId, 2000, { cursor: 3 }));
    again.send(awarenessFrame(778, 1, { cursor: 4 }));
    await waitUntil(() => stateOf(observer, 778) !== undefined, 5000, "second attacker socket's presence");
    expect(stateOf(observer, victimId)).toBeUndefined();
    expect(stateOf(observer, 777)).toEqual({ user: people.mallory, cursor: 2 });

    // The victim reconnecting takes its id back.
    victim.connect();
    await waitUntil(() => stateOf(observer, victimId) !== undefined, 5000, "victim back");
    expect(stateOf(observer, victimId)).toEqual({ user: people.lucia });
  });
});

describe("awareness relay", () => {
  it("bounds what a presence flood costs the listeners, without closing the flooder", async () => {
    const byteBurst = 64 * 1024;
    // A refill of 1 byte/s makes the bound independent of how long the test takes.
    const { raw } = await start({ limits: { awareness: { bytesPerSecond: 1, byteBurst } } });
    const listeners = await Promise.all(Array.from({ length: 30 }, () => raw("flooded", "?user=observer&ro=1")));
    const honest = await raw("flooded", "?user=lucia");
    const flooder = await raw("flooded", "?user=mallory&ro=1");
    const padding = "x".repeat(8000);
    // 20 rounds of 10 states, each round relayed before the next is sent (so the flood spans many
    // ticks, and coalescing alone could not hide an unbounded relay).
    let sent = 0;
    let sentBytes = 0;
    for (let round = 1; round <= 20; round++) {
      for (let i = 0; i < 10; i++) {
        const frame = awarenessFrame(4242, ++sent, { cursor: sent, padding });
        flooder.send(frame);
        sentBytes += frame.byteLength;
      }
      // Barrier: the round is handled once the flooder's step 1 is answered; then an honest
      // update, relayed after whatever the round produced, tells when every listener has it all.
      const answered = flooder.frames.filter((f) => f.data[0] === 0 && f.data[1] === 1).length;
      flooder.send(encodeSyncStep1(new Y.Doc()));
      await flooder.waitFor(() => flooder.frames.filter((f) => f.data[0] === 0 && f.data[1] === 1).length > answered);
      honest.send(awarenessFrame(99, round, { cursor: round }));
      const hasRound = (listener: RawCollabClient) =>
        listener.frames.some((f) => awarenessEntriesOf(f.data).some((e) => e.clientId === 99 && (e.state as { cursor: number }).cursor === round));
      for (const listener of listeners) await listener.waitFor(() => hasRound(listener));
    }

    let floodEntries = 0;
    let awarenessBytes = 0;
    for (const listener of listeners) {
      for (const { data } of listener.frames) {
        const entries = awarenessEntriesOf(data);
        if (entries.length === 0) continue;
        awarenessBytes += data.byteLength;
        floodEntries += entries.filter((e) => e.clientId === 4242).length;
      }
    }
    // Without a bound every listener gets at least one flood state per round (all 200 without
    // coalescing: 1.6 MB each, 48 MB in all). With it, a listener gets what the flooder's budget
    // allows: its burst (8 states), plus at most one.
    expect(floodEntries / listeners.length).toBeLessThanOrEqual(byteBurst / 8000 + 1);
    expect(awarenessBytes / listeners.length).toBeLessThanOrEqual(byteBurst + 2 * 8100);
    expect(awarenessBytes).toBeLessThan(sentBytes * 0.5 * listeners.length);
    expect(flooder.closed).toBeUndefined();
  });

  it("sends presence changes arriving together as one frame, and the latest state of a throttled client in the end", async () => {
    const loadGate = new Gate();
    loadGate.close();
    const { raw, provider } = await start({
      storage: new InMemoryStorage({ beforeLoad: () => loadGate.wait() }),
      limits: { awareness: { bytesPerSecond: 20_000, byteBurst: 20_000 } },
    });
    // Everyone arrives while the room loads; their presence is applied in one turn once it has.
    const listener = await raw("together", "?user=observer");
    const senders = await Promise.all(Array.from({ length: 10 }, () => raw("together", "?user=lucia")));
    senders.forEach((sender, i) => sender.send(awarenessFrame(100 + i, 1, { cursor: i })));
    loadGate.open();
    const seen = () => new Set(listener.frames.flatMap((f) => awarenessEntriesOf(f.data).map((e) => e.clientId)));
    await listener.waitFor(() => seen().size === 10);
    expect(listener.frames.filter((f) => awarenessEntriesOf(f.data).length > 0)).toHaveLength(1);
    // Each sender hears its own state back (the stock client's liveness check needs it).
    for (const [i, sender] of senders.entries()) {
      await sender.waitFor(() => sender.frames.some((f) => awarenessEntriesOf(f.data).some((e) => e.clientId === 100 + i)));
    }

    // A client over its budget is slowed down, never left showing a stale state.
    const fast = provider("together", { user: "mallory" });
    const watcher = provider("together", { user: "observer" });
    await Promise.all([whenSynced(fast), whenSynced(watcher)]);
    for (let n = 1; n <= 30; n++) fast.awareness.setLocalState({ n, padding: "y".repeat(4000) });
    await waitUntil(() => stateOf(watcher, fast.awareness.clientID)?.n === 30, 10_000, "latest throttled state");
    expect(stateOf(watcher, fast.awareness.clientID)?.user).toEqual(people.mallory);
  });
});
