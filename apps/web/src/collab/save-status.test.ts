import { afterEach, describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { RefusalReason, messageDurableAck, messageSync, syncStep2, syncUpdate } from "@taller/collab/client";
import { SaveLedger, SaveTracker, acknowledgeableKind, type StateVector } from "./save-status";

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

/** The socket dropped and a new one opened: the server's step 2 arrived and ours (message 1) went out. */
function reconnect(ledger: SaveLedger): void {
  ledger.closed();
  ledger.opened();
  ledger.serverSynced();
  ledger.sentMessage("step2");
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
    reconnect(ledger);
    ledger.refused(1, "document_too_large");
    ledger.ack(1, sv());
    expect(ledger.status(sv([[1, 3]]))).toBe("refusedTooLarge");
    reconnect(ledger);
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

/**
 * A WebSocket the test plays the server on: it records what the provider sends and delivers
 * the frames the test writes. The stock y-websocket provider runs on it unchanged.
 */
class ScriptedSocket {
  static readonly all: ScriptedSocket[] = [];
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 3;
  readyState = 0;
  binaryType = "arraybuffer";
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: Uint8Array[] = [];

  constructor(readonly url: string) {
    ScriptedSocket.all.push(this);
  }

  send(data: Uint8Array): void {
    this.sent.push(data);
  }

  close(): void {
    this.readyState = this.CLOSED;
  }

  /** The server accepted the socket. */
  accept(): void {
    this.readyState = this.OPEN;
    this.onopen?.();
  }

  /** A frame from the server. */
  deliver(frame: Uint8Array): void {
    this.onmessage?.({ data: frame.slice().buffer });
  }

  /** The connection dropped. */
  drop(): void {
    this.readyState = this.CLOSED;
    this.onclose?.({ code: 1006, reason: "" });
  }

  /** The kinds of the numbered messages (sync step 2 and update) sent so far, in order. */
  numbered(): ("step2" | "update")[] {
    return this.sent.map((f) => acknowledgeableKind(f)).filter((kind) => kind !== null);
  }
}

const SYNC_STEP1 = 0;
const SIGNAL_REFUSED = 101;
const SIGNAL_ACCESS = 102;

function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const syncMessage = (kind: number, payload: Uint8Array) =>
  encode((e) => {
    encoding.writeVarUint(e, messageSync);
    encoding.writeVarUint(e, kind);
    encoding.writeVarUint8Array(e, payload);
  });

/** What the server sends: sync messages and session signals, in the wire format of packages/collab's protocol.ts. */
const server = {
  step1: (room: Y.Doc) => syncMessage(SYNC_STEP1, Y.encodeStateVector(room)),
  step2: (update: Uint8Array) => syncMessage(syncStep2, update),
  update: (update: Uint8Array) => syncMessage(syncUpdate, update),
  /** Messages 1..seq are handled; storage holds `committed` (a document whose state vector is the committed one). */
  ack: (seq: number, committed: Y.Doc) =>
    encode((e) => {
      encoding.writeVarUint(e, messageDurableAck);
      encoding.writeVarUint(e, seq);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(committed));
    }),
  refused: (seq: number, reason: string) =>
    encode((e) => {
      encoding.writeVarUint(e, SIGNAL_REFUSED);
      encoding.writeVarUint(e, seq);
      encoding.writeVarString(e, reason);
    }),
  access: (access: "read" | "write") =>
    encode((e) => {
      encoding.writeVarUint(e, SIGNAL_ACCESS);
      encoding.writeVarString(e, access);
    }),
};

/** Lets the tracker's coalesced recomputation (one per microtask) and the provider's timers run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const trackers: { tracker: SaveTracker; provider: WebsocketProvider }[] = [];
afterEach(() => {
  for (const { tracker, provider } of trackers.splice(0)) {
    tracker.destroy();
    provider.destroy();
  }
  ScriptedSocket.all.length = 0;
});

/** A stock provider on a scripted socket, with a SaveTracker on it, and the room's copy of the document. */
function track() {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider("ws://taller.test/collab", "doc.prueba", doc, {
    WebSocketPolyfill: ScriptedSocket as unknown as typeof WebSocket,
    disableBc: true,
    params: { ack: "1" },
    maxBackoffTime: 10,
  });
  const tracker = new SaveTracker(provider, doc);
  trackers.push({ tracker, provider });
  const room = new Y.Doc();
  const socket = () => ScriptedSocket.all.at(-1)!;
  /** Opens the current socket and plays the server's side of the opening: access, its step 1, its step 2. */
  const join = async () => {
    socket().accept();
    socket().deliver(server.access("write"));
    socket().deliver(server.step1(room));
    socket().deliver(server.step2(Y.encodeStateAsUpdate(room, Y.encodeStateVector(doc))));
    await settle();
  };
  /** The room takes everything the client sent (as the server applies it). */
  const apply = () => Y.applyUpdate(room, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(room)));
  /** The server acknowledges messages 1..seq with what the room holds committed. */
  const ack = async (seq: number) => {
    socket().deliver(server.ack(seq, room));
    await settle();
  };
  /** The server stores everything the client sent, and acknowledges messages 1..seq. */
  const store = async (seq: number) => {
    apply();
    await ack(seq);
  };
  const type = async (text: string) => {
    doc.getText("t").insert(doc.getText("t").length, text);
    await settle();
  };
  return { doc, room, tracker, socket, join, ack, store, type, status: () => tracker.current.status };
}

describe("SaveTracker on a stock provider", () => {
  it("says «Sincronizando…» from the socket's opening until the answer to the server's step 1 is acknowledged", async () => {
    const t = track();
    await settle();
    expect(t.status()).toBe("offline");
    await t.join();
    // The provider answered the server's step 1 with a step 2: message 1 on this socket.
    expect(t.socket().numbered()).toEqual(["step2"]);
    expect(t.status()).toBe("syncing");
    expect(t.tracker.current.access).toBe("write");
    await t.store(1);
    expect(t.status()).toBe("saved");
  });

  it("says «Guardado» only once every numbered message is acknowledged and the committed state covers the document", async () => {
    const t = track();
    await t.join();
    await t.ack(1);
    expect(t.status()).toBe("saved");

    await t.type("hola");
    expect(t.socket().numbered()).toEqual(["step2", "update"]);
    expect(t.status()).toBe("saving");
    // Acknowledged, but storage does not hold the text (the committed state lacks it).
    await t.ack(2);
    expect(t.status()).toBe("saving");
    await t.store(2);
    expect(t.status()).toBe("saved");

    // A deletion moves no state vector: only its acknowledgement says it is stored.
    t.doc.getText("t").delete(0, 1);
    await settle();
    expect(t.status()).toBe("saving");
    await t.store(3);
    expect(t.status()).toBe("saved");
  });

  it("does not count what the server sent as an unsaved change", async () => {
    const t = track();
    await t.join();
    await t.ack(1);
    const other = new Y.Doc();
    other.getText("t").insert(0, "de otra persona");
    const update = Y.encodeStateAsUpdate(other);
    Y.applyUpdate(t.room, update);
    t.socket().deliver(server.update(update));
    await settle();
    expect(t.doc.getText("t").toString()).toBe("de otra persona");
    expect(t.status()).toBe("saved");
  });

  it("shows a refusal by its reason, and the access the server announced", async () => {
    const t = track();
    await t.join();
    await t.ack(1);
    t.socket().deliver(server.access("read"));
    await t.type("no se guarda");
    t.socket().deliver(server.refused(2, RefusalReason.readOnly));
    await t.ack(2);
    expect(t.tracker.current).toEqual({ status: "refusedReadOnly", access: "read" });

    await t.type(" tampoco");
    t.socket().deliver(server.refused(3, RefusalReason.documentTooLarge));
    await t.ack(3);
    // The first standing refusal is what the status names.
    expect(t.status()).toBe("refusedReadOnly");
  });

  it("after a reconnect numbers from 1 again and never says «Guardado» before the new socket's first step 2 is acknowledged", async () => {
    const t = track();
    await t.join();
    await t.type("antes");
    await t.store(2);
    expect(t.status()).toBe("saved");

    t.socket().drop();
    await settle();
    expect(t.status()).toBe("offline");
    await t.type(" sin conexión");
    await new Promise((resolve) => setTimeout(resolve, 50)); // the provider's reconnect backoff
    expect(ScriptedSocket.all).toHaveLength(2);
    t.socket().accept();
    await settle();
    expect(t.status()).toBe("syncing");

    // An edit goes out before the server's step 1 (the provider may): message 1 on the new socket.
    await t.type(".");
    expect(t.socket().numbered()).toEqual(["update"]);
    // Its ack covers everything the document holds — the old rule (acked ≥ sent) said «Guardado».
    await t.store(1);
    expect(t.status()).toBe("syncing");

    t.socket().deliver(server.step1(t.room));
    t.socket().deliver(server.step2(new Uint8Array([0, 0])));
    await settle();
    expect(t.socket().numbered()).toEqual(["update", "step2"]);
    expect(t.status()).toBe("syncing");
    await t.ack(2);
    expect(t.status()).toBe("saved");
  });
});
