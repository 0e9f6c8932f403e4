import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CollabConnection, type CollabSocket, type ConnectionOwner } from "./connection";
import { InMemoryStorage } from "./in-memory-storage";
import { Room } from "./room";
import { CollabLoadError, RoomLoader, type RoomLoaderOptions } from "./room-loader";

const rate = { messagesPerSecond: 100, messageBurst: 100, bytesPerSecond: 1e6, byteBurst: 1e6 };
const owner: ConnectionOwner = { closeConnection() {}, handleClose() {} };

/** A socket whose unsent bytes the test sets: the loader waits for early-served sockets to drain. */
class HeldSocket implements CollabSocket {
  readonly sent: Uint8Array[] = [];
  bufferedAmount = 0;
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(): void {}
}

function connect(room: string): { connection: CollabConnection; socket: HeldSocket } {
  const socket = new HeldSocket();
  return { connection: new CollabConnection(socket, { room, readOnly: false }, { rate, maxBufferedBytes: Infinity }, 0, owner), socket };
}

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("body").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

function loader(storage: InMemoryStorage, overrides: Partial<RoomLoaderOptions> = {}) {
  const events: string[] = [];
  const opened: CollabConnection[][] = [];
  const roomLoader = new RoomLoader({
    storage,
    seed: undefined,
    earlyServeBytes: Infinity,
    now: () => performance.now(),
    closing: () => false,
    reportError: (_error, context) => events.push(`error ${context.operation}`),
    createRoom: (name, doc, loaded) => {
      events.push(`room ${loaded.entries} entries`);
      return new Room(name, doc, loaded, { persist() {} });
    },
    loaded: (_room, waiting) => {
      events.push("loaded");
      opened.push([...waiting]);
    },
    failed: (waiting) => events.push(`failed ${waiting.size}`),
    ...overrides,
  });
  return { roomLoader, events, opened };
}

describe("RoomLoader", () => {
  it("loads once for every connection and withDoc caller arriving together, and hands the room over with all of them", async () => {
    const storage = new InMemoryStorage();
    storage.put("doc", [textUpdate("hola")]);
    const { roomLoader, opened } = loader(storage);
    const a = connect("doc");
    const b = connect("doc");
    roomLoader.wait(a.connection);
    roomLoader.wait(b.connection);
    expect(roomLoader.inFlight).toBe(1);
    const room = await roomLoader.load("doc");
    expect(storage.loadCalls).toBe(1);
    expect(roomLoader.loads).toBe(1);
    expect(opened).toEqual([[a.connection, b.connection]]);
    expect(room.doc.getText("body").toString()).toBe("hola");
    expect(roomLoader.inFlight).toBe(0);
  });

  it("serves the stored bytes at once to a connection that arrives while the early-served ones drain", async () => {
    const storage = new InMemoryStorage();
    storage.put("big", [textUpdate("uno"), textUpdate("dos")]);
    const { roomLoader, events } = loader(storage, { earlyServeBytes: 1 });
    const first = connect("big");
    first.socket.bufferedAmount = 1; // has not taken its bytes yet: the build waits
    roomLoader.wait(first.connection);
    const loading = roomLoader.load("big");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(first.socket.sent.map((f) => [...f.subarray(0, 2)])).toEqual([
      [0, 2],
      [0, 1],
    ]);
    const late = connect("big");
    roomLoader.wait(late.connection);
    expect(late.socket.sent).toEqual(first.socket.sent);
    expect(events).toEqual([]);
    first.socket.bufferedAmount = 0;
    await loading;
    expect(events).toEqual(["room 2 entries", "loaded"]);
  });

  it("makes the seed durable before the room exists, and counts it in the loaded log", async () => {
    const storage = new InMemoryStorage();
    const { roomLoader, events } = loader(storage, {
      seed: (_name, doc) => {
        events.push(`seed (stored: ${storage.logs.has("nuevo")})`);
        doc.getText("body").insert(0, "plantilla");
      },
      createRoom: (name, doc, loaded) => {
        events.push(`room ${loaded.entries} entries, stored: ${storage.logs.get(name)?.length}`);
        return new Room(name, doc, loaded, { persist() {} });
      },
    });
    await roomLoader.load("nuevo");
    expect(events).toEqual(["seed (stored: false)", "room 1 entries, stored: 1", "loaded"]);
    expect(storage.documentState("nuevo")?.getText("body").toString()).toBe("plantilla");
  });

  it("fails the waiting connections and rejects with CollabLoadError when storage fails, and loads afresh next time", async () => {
    let failing = true;
    const storage = new InMemoryStorage({
      beforeLoad: () => {
        if (failing) throw new Error("disk on fire");
      },
    });
    const { roomLoader, events } = loader(storage);
    const waiting = connect("roto");
    roomLoader.wait(waiting.connection);
    await expect(roomLoader.load("roto")).rejects.toBeInstanceOf(CollabLoadError);
    expect(events).toEqual(["error load", "failed 1"]);
    expect(roomLoader.loadFailures).toBe(1);
    failing = false;
    await roomLoader.load("roto");
    expect(storage.loadCalls).toBe(2);
  });
});
