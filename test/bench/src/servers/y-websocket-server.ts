// @y/websocket-server (yjs 13 line) exactly as its README runs it: a `ws` WebSocketServer whose
// connections go to `setupWSConnection`. Persistence: y-leveldb, wired the way the package's own
// YPERSISTENCE option does it (every update is stored as it arrives, nothing is acknowledged,
// the document is dropped when its last connection closes), plus a counter of loads.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocketServer } from "ws";
import * as Y from "yjs";
import { LeveldbPersistence } from "y-leveldb";
import { docs, setPersistence, setupWSConnection } from "@y/websocket-server/utils";
import { announce, startProbe } from "./probe";

const dir = process.env.BENCH_LEVELDB_DIR ?? mkdtempSync(join(tmpdir(), "bench-yws-"));
const ldb = new LeveldbPersistence(dir);
let storageLoads = 0;
let connections = 0;

async function bindState(docName: string, ydoc: Y.Doc): Promise<void> {
  storageLoads++;
  const persistedYdoc = await ldb.getYDoc(docName);
  const newUpdates = Y.encodeStateAsUpdate(ydoc);
  void ldb.storeUpdate(docName, newUpdates);
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(persistedYdoc));
  persistedYdoc.destroy();
  ydoc.on("update", (update: Uint8Array) => {
    void ldb.storeUpdate(docName, update);
  });
}

// The package calls bindState without awaiting it (as with YPERSISTENCE).
setPersistence({ provider: ldb, bindState: (name: string, doc: Y.Doc) => void bindState(name, doc), writeState: () => Promise.resolve() });

const server = createServer((_req, res) => res.end("ok"));
const wss = new WebSocketServer({ noServer: true });
wss.on("connection", (ws, req) => {
  connections++;
  ws.on("close", () => connections--);
  setupWSConnection(ws, req);
});
server.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req)));

server.listen(0, "127.0.0.1", () => void ready());

async function ready(): Promise<void> {
  const probePort = await startProbe({
    counts: () => ({ documentsLoaded: docs.size, storageLoads, connections }),
    store: async (name, state) => {
      await ldb.clearDocument(name);
      await ldb.storeUpdate(name, state);
    },
    prepare: async (count) => Array.from({ length: count }, (_, i) => `bench-${process.pid}-${Date.now()}-${i}`),
  });
  announce({ wsPort: (server.address() as AddressInfo).port, probePort });
}
