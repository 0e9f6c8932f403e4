// @hocuspocus/server (4.x, Node ≥ 22) as its documentation sets it up, with its own persistence
// extension, @hocuspocus/extension-database, writing whole document states to a PostgreSQL
// table. Its store is debounced (2 s after the last change, at most 10 s: the defaults);
// clients get a SyncStatus message once an update is applied in memory, not once it is stored.
import { Server } from "@hocuspocus/server";
import { Database } from "@hocuspocus/extension-database";
import pg from "pg";
import { announce, startProbe } from "./probe";

const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });
await pool.query("CREATE TABLE IF NOT EXISTS hocuspocus_documents (name text PRIMARY KEY, data bytea NOT NULL)");
let storageLoads = 0;

const server = new Server({
  port: 0,
  address: "127.0.0.1",
  quiet: true,
  stopOnSignals: false,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => {
        storageLoads++;
        const { rows } = await pool.query<{ data: Buffer }>("SELECT data FROM hocuspocus_documents WHERE name = $1", [documentName]);
        return rows[0] ? new Uint8Array(rows[0].data) : null;
      },
      store: async ({ documentName, state }) => {
        await pool.query(
          "INSERT INTO hocuspocus_documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data",
          [documentName, Buffer.from(state)],
        );
      },
    }),
  ],
});

await server.listen();
const probePort = await startProbe({
  counts: () => ({
    documentsLoaded: server.hocuspocus.getDocumentsCount(),
    storageLoads,
    connections: server.hocuspocus.getConnectionsCount(),
  }),
  store: async (name, state) => {
    await pool.query(
      "INSERT INTO hocuspocus_documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data",
      [name, Buffer.from(state)],
    );
  },
  prepare: async (count) => Array.from({ length: count }, (_, i) => `bench-${process.pid}-${Date.now()}-${i}`),
});
announce({ wsPort: server.address.port, probePort });
