import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { AckLedger, type DurableProgress } from "./ack-ledger";
import { RefusalReason, decodeSessionSignal, type SessionSignal } from "./protocol";

/** A room stand-in whose committed sequence the test moves by hand. */
function progress(): DurableProgress & { commit(seq: number): void } {
  const state = new Map<number, number>();
  let durableSeq = 0;
  return {
    get durableSeq() {
      return durableSeq;
    },
    durableStateVector: () => Y.encodeStateVector(state),
    commit(seq) {
      durableSeq = seq;
      state.set(1, seq);
    },
  };
}

function ledger(active = true): { ledger: AckLedger; sent: SessionSignal[] } {
  const sent: SessionSignal[] = [];
  return { ledger: new AckLedger(active, (frame) => sent.push(decodeSessionSignal(frame)!)), sent };
}

describe("AckLedger", () => {
  it("acknowledges a message only once the room has committed what it waits for, with the committed state vector", () => {
    const room = progress();
    const { ledger: acks, sent } = ledger();
    acks.ackWhenDurable(acks.receive(), 1, room);
    acks.ackWhenDurable(acks.receive(), 2, room);
    expect(sent).toEqual([]);
    room.commit(1);
    acks.release(room);
    expect(sent).toEqual([{ kind: "ack", seq: 1, durableStateVector: new Map([[1, 1]]) }]);
    room.commit(2);
    acks.release(room);
    acks.release(room);
    expect(sent.map((s) => s.kind === "ack" && s.seq)).toEqual([1, 2]);
  });

  it("answers numbers in order: a later no-op waits behind an earlier message, then one ack covers both", () => {
    const room = progress();
    const { ledger: acks, sent } = ledger();
    acks.ackWhenDurable(acks.receive(), 3, room);
    // Already durable on its own, but message 1 is not: acking 2 would claim 1 as well.
    acks.ackWhenDurable(acks.receive(), 0, room);
    expect(sent).toEqual([]);
    room.commit(3);
    acks.release(room);
    expect(sent).toEqual([{ kind: "ack", seq: 2, durableStateVector: new Map([[1, 3]]) }]);
  });

  it("sends a refusal at once and its ack after what it waits for", () => {
    const room = progress();
    const { ledger: acks, sent } = ledger();
    acks.refuse(acks.receive(), RefusalReason.missingDependencies, 1, room);
    expect(sent).toEqual([{ kind: "refused", seq: 1, reason: "missing_dependencies" }]);
    acks.refuse(acks.receive(), RefusalReason.readOnly, 0, room);
    expect(sent).toHaveLength(2);
    room.commit(1);
    acks.release(room);
    expect(sent.at(-1)).toEqual({ kind: "ack", seq: 2, durableStateVector: new Map([[1, 1]]) });
  });

  it("numbers a stock client's messages but never sends it anything", () => {
    const room = progress();
    const { ledger: acks, sent } = ledger(false);
    acks.ackWhenDurable(acks.receive(), 0, room);
    acks.refuse(acks.receive(), RefusalReason.readOnly, 0, room);
    room.commit(1);
    acks.release(room);
    expect(sent).toEqual([]);
    expect(acks.receive()).toBe(3);
  });

  it("forgets waiting acks when cleared (the socket closed)", () => {
    const room = progress();
    const { ledger: acks, sent } = ledger();
    acks.ackWhenDurable(acks.receive(), 1, room);
    acks.clear();
    room.commit(1);
    acks.release(room);
    expect(sent).toEqual([]);
  });
});
