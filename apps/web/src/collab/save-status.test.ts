import { describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import { isAcknowledgeable } from "./save-status";

const frame = (...numbers: number[]) => {
  const encoder = encoding.createEncoder();
  numbers.forEach((n) => encoding.writeVarUint(encoder, n));
  return encoding.toUint8Array(encoder);
};

describe("isAcknowledgeable", () => {
  it("counts sync step 2 and updates, nothing else", () => {
    expect(isAcknowledgeable(frame(0, 1, 0))).toBe(true);
    expect(isAcknowledgeable(frame(0, 2, 0))).toBe(true);
    expect(isAcknowledgeable(frame(0, 0, 0))).toBe(false); // step 1
    expect(isAcknowledgeable(frame(1, 0))).toBe(false); // awareness
    expect(isAcknowledgeable(new Uint8Array([0]))).toBe(false); // truncated
  });
});
