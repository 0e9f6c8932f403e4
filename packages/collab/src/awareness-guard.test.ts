import { describe, expect, it } from "vitest";
import { Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import {
  AwarenessBudget,
  decodeAwarenessUpdate,
  encodeAwarenessEntries,
  guardAwarenessEntries,
  latestEntry,
  stampIdentity,
  type AwarenessEntry,
} from "./awareness-guard";
import { MalformedFrameError } from "./protocol";

const entry = (clientId: number, state: unknown, clock = 1): AwarenessEntry => ({ clientId, clock, stateJson: JSON.stringify(state) });
const unbound = { boundClientId: undefined, mayBind: () => true };

describe("decodeAwarenessUpdate", () => {
  it("decodes what y-protocols encodes and re-encodes it identically", () => {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: "Ana" } });
    const update = encodeAwarenessUpdate(awareness, [awareness.clientID]);
    const entries = decodeAwarenessUpdate(update, 1024);
    expect(entries).toEqual([{ clientId: awareness.clientID, clock: 1, stateJson: '{"user":{"name":"Ana"}}' }]);
    expect(encodeAwarenessEntries(entries)).toEqual(update);
    awareness.destroy();
  });

  it("drops oversize and non-JSON states but keeps the rest", () => {
    const update = encodeAwarenessEntries([entry(1, { big: "x".repeat(100) }), { clientId: 2, clock: 1, stateJson: "{nope" }, entry(3, { ok: true })]);
    expect(decodeAwarenessUpdate(update, 50).map((e) => e.clientId)).toEqual([3]);
  });

  it("throws MalformedFrameError on truncation and trailing bytes", () => {
    const update = encodeAwarenessEntries([entry(1, { a: 1 })]);
    expect(() => decodeAwarenessUpdate(update.subarray(0, update.length - 2), 1024)).toThrow(MalformedFrameError);
    expect(() => decodeAwarenessUpdate(new Uint8Array([...update, 0]), 1024)).toThrow(MalformedFrameError);
  });
});

describe("guardAwarenessEntries", () => {
  it("binds to the first announced state and drops entries for other clientIDs", () => {
    const result = guardAwarenessEntries([entry(7, { me: 1 }), entry(8, { spoof: 1 }), entry(7, null, 2)], unbound);
    expect(result.bindTo).toBe(7);
    expect(result.accepted.map((e) => e.clientId)).toEqual([7, 7]);
  });

  it("does not let a removal bind, nor a clientID held by someone else", () => {
    expect(guardAwarenessEntries([entry(9, null)], unbound)).toEqual({ accepted: [], bindTo: undefined });
    const held = { boundClientId: undefined, mayBind: (id: number) => id !== 9 };
    expect(guardAwarenessEntries([entry(9, { x: 1 }), entry(10, { y: 1 })], held).bindTo).toBe(10);
  });

  it("keeps a bound connection to its own id, including its removal", () => {
    const bound = { boundClientId: 5, mayBind: () => true };
    const result = guardAwarenessEntries([entry(6, { x: 1 }), entry(5, null, 3)], bound);
    expect(result).toEqual({ accepted: [entry(5, null, 3)], bindTo: undefined });
  });
});

describe("stampIdentity", () => {
  const identity = { id: "u-1", name: "Mallory Ruiz", org: "MOV", color: "#b91c1c" };

  it("replaces the client's user, keeps every other field, adds user where missing, keeps removals", () => {
    const stamped = stampIdentity(
      [
        entry(1, { user: { name: "Lucía Méndez Arriaga", color: "#1d4ed8", extra: 1 }, cursor: { anchor: 3 } }),
        entry(1, { presence: { x: 1 } }, 2),
        entry(1, 42, 3),
        entry(1, null, 4),
      ],
      identity,
    );
    expect(stamped.map((e) => JSON.parse(e.stateJson))).toEqual([
      { user: identity, cursor: { anchor: 3 } },
      { presence: { x: 1 }, user: identity },
      { user: identity },
      null,
    ]);
    expect(stamped.map((e) => e.clock)).toEqual([1, 2, 3, 4]);
  });
});

describe("latestEntry", () => {
  it("picks the highest clock, the last among equals", () => {
    expect(latestEntry([entry(1, { a: 1 }, 3), entry(1, { a: 2 }, 5), entry(1, null, 4)])).toEqual(entry(1, { a: 2 }, 5));
    expect(latestEntry([entry(1, { a: 1 }, 5), entry(1, null, 5)])).toEqual(entry(1, null, 5));
    expect(latestEntry([])).toBeUndefined();
  });
});

describe("AwarenessBudget", () => {
  it("admits a burst, then what refills; a refusal by one bucket spends nothing from the other", () => {
    let now = 0;
    const budget = new AwarenessBudget({ messagesPerSecond: 2, messageBurst: 3, bytesPerSecond: 100, byteBurst: 250 }, () => now);
    expect([budget.admit(100), budget.admit(100)]).toEqual([true, true]);
    expect(budget.admit(100)).toBe(false); // 50 bytes left, 1 state left
    expect(budget.admit(50)).toBe(true); // the state token was not spent by the refusal above
    expect(budget.admit(1)).toBe(false); // no state tokens
    now = 500; // +1 state, +50 bytes
    expect(budget.admit(60)).toBe(false);
    expect(budget.admit(50)).toBe(true);
  });
});
