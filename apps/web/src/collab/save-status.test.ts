import { describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import { SaveLedger, acknowledgeableKind, type StateVector } from "./save-status";

const frame = (...numbers: number[]) => {
  const encoder = encoding.createEncoder();
  numbers.forEach((n) => encoding.writeVarUint(encoder, n));
  return encoding.toUint8Array(encoder);
};

const sv = (entries: [number, number][] = []): StateVector => new Map(entries);

/** A ledger past its first sync round on a fresh socket, with nothing local. */
function syncedLedger(durable: StateVector = sv()): SaveLedger {
  const ledger = new SaveLedger();
  ledger.opened();
  ledger.setAccess("write");
  ledger.serverSynced();
  ledger.sentMessage("step2");
  ledger.ack(1, durable);
  return ledger;
}

describe("acknowledgeableKind", () => {
  it("counts sync step 2 and updates, nothing else", () => {
    expect(acknowledgeableKind(frame(0, 1, 0))).toBe("step2");
    expect(acknowledgeableKind(frame(0, 2, 0))).toBe("update");
    expect(acknowledgeableKind(frame(0, 0, 0))).toBeNull(); // step 1
    expect(acknowledgeableKind(frame(1, 0))).toBeNull(); // awareness
    expect(acknowledgeableKind(new Uint8Array([0]))).toBeNull(); // truncated
  });
});

describe("SaveLedger", () => {
  it("is offline without a socket, and syncing from a (re)connect until the first round finished", () => {
    const ledger = new SaveLedger();
    expect(ledger.status(sv())).toBe("offline");
    ledger.opened();
    expect(ledger.status(sv())).toBe("syncing");
    // The server's step 2 alone is not enough: our answer has not reached storage yet.
    ledger.serverSynced();
    expect(ledger.status(sv())).toBe("syncing");
    ledger.sentMessage("step2");
    expect(ledger.status(sv())).toBe("syncing");
    ledger.ack(1, sv());
    expect(ledger.status(sv())).toBe("saved");
  });

  it("after a reconnect never says saved before the new socket's first step 2 is acknowledged", () => {
    const ledger = syncedLedger(sv([[1, 5]]));
    expect(ledger.status(sv([[1, 5]]))).toBe("saved");
    ledger.closed();
    // Offline edits: the local document grows beyond what storage holds.
    expect(ledger.status(sv([[1, 9]]))).toBe("offline");
    ledger.opened();
    // Counting restarted at zero and nothing was sent: the old rule (acked >= sent) said saved here.
    expect(ledger.status(sv([[1, 9]]))).toBe("syncing");
    ledger.sentMessage("update"); // an edit sent before the step 2 (the provider may)
    ledger.ack(1, sv([[1, 5]]));
    expect(ledger.status(sv([[1, 9]]))).toBe("syncing");
    ledger.serverSynced();
    ledger.sentMessage("step2");
    expect(ledger.status(sv([[1, 9]]))).toBe("syncing");
    ledger.ack(2, sv([[1, 9]]));
    expect(ledger.status(sv([[1, 9]]))).toBe("saved");
  });

  it("says saving until every numbered message is acknowledged (deletes change no state vector)", () => {
    const ledger = syncedLedger(sv([[1, 5]]));
    ledger.sentMessage("update"); // e.g. a delete: the local state vector does not move
    expect(ledger.status(sv([[1, 5]]))).toBe("saving");
    ledger.ack(2, sv([[1, 5]]));
    expect(ledger.status(sv([[1, 5]]))).toBe("saved");
  });

  it("says saving while the committed state vector does not cover the local document", () => {
    const ledger = syncedLedger(sv([[1, 5]]));
    ledger.sentMessage("update");
    // Acknowledged, but the committed state lacks clock 5..7 of client 1 (e.g. pending structs).
    ledger.ack(2, sv([[1, 5]]));
    expect(ledger.status(sv([[1, 8]]))).toBe("saving");
    expect(ledger.uncovered(sv([[1, 8], [2, 3]]))).toEqual(sv([[1, 5], [2, 0]]));
  });

  it("counts what the server sent as the room's, not as an unsaved local change", () => {
    const ledger = syncedLedger(sv([[1, 5]]));
    // Another person's edit arrives after our last ack: no new ack will come while we are idle.
    ledger.received(sv([[7, 12]]));
    expect(ledger.status(sv([[1, 5], [7, 12]]))).toBe("saved");
  });

  it("reports a standing refusal by its reason until a later complete step 2 gets through", () => {
    const ledger = syncedLedger(sv([[1, 5]]));
    ledger.setAccess("read");
    ledger.sentMessage("update"); // seq 2, typed as the downgrade arrived
    ledger.refused(2, "read_only");
    ledger.ack(2, sv([[1, 5]]));
    expect(ledger.status(sv([[1, 8]]))).toBe("refusedReadOnly");
    expect(ledger.refusal).toBe("read_only");
    // An acknowledged plain update does not settle it: it carried only its own change.
    ledger.setAccess("write");
    ledger.sentMessage("update");
    ledger.ack(3, sv([[1, 5]]));
    expect(ledger.status(sv([[1, 8]]))).toBe("refusedReadOnly");
    // Write access back: the server's fresh step 1 is answered by a step 2 with everything it lacks.
    ledger.sentMessage("step2");
    expect(ledger.status(sv([[1, 9]]))).toBe("refusedReadOnly");
    ledger.ack(4, sv([[1, 9]]));
    expect(ledger.refusal).toBeNull();
    expect(ledger.status(sv([[1, 9]]))).toBe("saved");
  });

  it("keeps a refusal when the step 2 that followed was refused too", () => {
    const ledger = syncedLedger();
    ledger.sentMessage("update");
    ledger.refused(2, "invalid_content");
    ledger.sentMessage("step2");
    ledger.refused(3, "invalid_content");
    ledger.ack(3, sv());
    expect(ledger.status(sv([[1, 3]]))).toBe("refusedInvalid");
  });

  it("settles refusals of an older socket with the new socket's first step 2", () => {
    const ledger = syncedLedger();
    ledger.sentMessage("update");
    ledger.refused(2, "document_too_large");
    ledger.ack(2, sv());
    expect(ledger.status(sv([[1, 3]]))).toBe("refusedTooLarge");
    ledger.closed();
    ledger.opened();
    ledger.serverSynced();
    ledger.sentMessage("step2");
    ledger.refused(1, "document_too_large");
    ledger.ack(1, sv());
    expect(ledger.status(sv([[1, 3]]))).toBe("refusedTooLarge");
    ledger.closed();
    ledger.opened();
    ledger.serverSynced();
    ledger.sentMessage("step2");
    ledger.ack(1, sv([[1, 3]]));
    expect(ledger.status(sv([[1, 3]]))).toBe("saved");
  });

  it("treats missing dependencies as still saving (the server re-syncs), not as a refusal to show", () => {
    const ledger = syncedLedger();
    ledger.sentMessage("update");
    ledger.refused(2, "missing_dependencies");
    ledger.ack(2, sv());
    expect(ledger.status(sv([[1, 3]]))).toBe("saving");
    expect(ledger.status(sv())).toBe("saving");
    ledger.sentMessage("step2");
    ledger.ack(3, sv([[1, 3]]));
    expect(ledger.status(sv([[1, 3]]))).toBe("saved");
  });
});
