import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  MalformedFrameError,
  assertDecodableUpdate,
  decodeSessionSignal,
  encodeAccess,
  encodeDurableAck,
  encodeRefusal,
  isAcknowledgeable,
  encodeSyncStep1,
  encodeUpdateFrame,
  parseClientFrame,
} from "./protocol";

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

describe("parseClientFrame", () => {
  it("reads the y-websocket messages a stock client sends", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "hola");
    expect(parseClientFrame(encodeSyncStep1(doc)).kind).toBe("syncStep1");
    const update = Y.encodeStateAsUpdate(doc);
    const parsed = parseClientFrame(encodeUpdateFrame(update));
    expect(parsed).toEqual({ kind: "update", update });
    expect(parseClientFrame(bytes(3))).toEqual({ kind: "queryAwareness" });
    expect(parseClientFrame(bytes(1, 1, 0)).kind).toBe("awareness");
  });

  it.each([
    ["empty frame", bytes()],
    ["unterminated varint", bytes(0xff, 0xff, 0xff)],
    ["unknown message type", bytes(7)],
    ["auth from a client", bytes(2, 0, 0)],
    ["unknown sync type", bytes(0, 9, 0)],
    ["length prefix beyond the frame", bytes(0, 2, 0xff, 0xff, 0xff, 0x7f, 1, 2)],
    ["trailing bytes", bytes(3, 0)],
    ["durable ack from a client", encodeDurableAck(1, Y.encodeStateVector(new Y.Doc()))],
    ["refusal from a client", encodeRefusal(1, "read_only")],
    ["access from a client", encodeAccess("write")],
  ])("rejects %s", (_label, frame) => {
    expect(() => parseClientFrame(frame)).toThrow(MalformedFrameError);
  });

  it("never reads past the frame even when it is a view into a larger buffer", () => {
    const slab = new Uint8Array(64).fill(7);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint(encoder, 40); // claims 40 bytes, the view holds 2
    slab.set(encoding.toUint8Array(encoder), 0);
    const view = slab.subarray(0, 5);
    expect(() => parseClientFrame(view)).toThrow(MalformedFrameError);
  });
});

describe("assertDecodableUpdate", () => {
  it("accepts real updates and rejects truncated ones, including a cut delete set", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "abcdef");
    doc.getText("t").delete(1, 2);
    const update = Y.encodeStateAsUpdate(doc);
    expect(() => assertDecodableUpdate(update)).not.toThrow();
    for (let cut = 1; cut < update.length; cut++) {
      expect(() => assertDecodableUpdate(update.subarray(0, cut)), `cut at ${cut}`).toThrow(MalformedFrameError);
    }
  });
});

describe("assertDecodableUpdate on empty delete ranges", () => {
  it("rejects an update whose delete set has a zero-length range (Yjs throws halfway applying it)", () => {
    // No structs; delete set: client 5, one range at clock 0 of length 0.
    const poisoned = new Uint8Array([0, 1, 5, 1, 0, 0]);
    expect(() => Y.applyUpdate(new Y.Doc(), poisoned)).toThrow();
    expect(() => assertDecodableUpdate(poisoned)).toThrow(MalformedFrameError);
    expect(() => assertDecodableUpdate(new Uint8Array([0, 1, 5, 1, 0, 3]))).not.toThrow();
  });
});

describe("session signal frames", () => {
  it("round-trip and ignore other messages", () => {
    const doc = new Y.Doc();
    doc.clientID = 42;
    doc.getText("t").insert(0, "hola");
    expect(decodeSessionSignal(encodeDurableAck(12345, Y.encodeStateVector(doc)))).toEqual({
      kind: "ack",
      seq: 12345,
      durableStateVector: new Map([[42, 4]]),
    });
    expect(decodeSessionSignal(encodeRefusal(7, "missing_dependencies"))).toEqual({ kind: "refused", seq: 7, reason: "missing_dependencies" });
    expect(decodeSessionSignal(encodeAccess("read"))).toEqual({ kind: "access", access: "read" });
    expect(decodeSessionSignal(bytes(0, 0, 0))).toBeNull();
    expect(decodeSessionSignal(bytes(100))).toBeNull(); // truncated
  });

  it("counts exactly the messages the server numbers: sync step 2 and updates", () => {
    expect(isAcknowledgeable(bytes(0, 1, 0))).toBe(true);
    expect(isAcknowledgeable(bytes(0, 2, 0))).toBe(true);
    expect(isAcknowledgeable(bytes(0, 0, 0))).toBe(false); // step 1
    expect(isAcknowledgeable(bytes(1, 0))).toBe(false); // awareness
    expect(isAcknowledgeable(bytes(0))).toBe(false); // truncated
  });
});
