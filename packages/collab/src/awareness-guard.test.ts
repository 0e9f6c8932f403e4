import { describe, expect, it } from "vitest";
import { Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { decodeAwarenessUpdate, encodeAwarenessEntries, guardAwarenessEntries, type AwarenessEntry } from "./awareness-guard";
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
