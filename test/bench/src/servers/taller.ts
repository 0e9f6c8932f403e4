// Taller's real server (the same `startTaller` as `pnpm start`) on PostgreSQL, with the probe
// beside it. Documents are created through the HTTP API by a project owner, like a person would;
// the load generator connects with that owner's session cookie and a same-site Origin, and asks
// for durable acknowledgements (`?ack=1`), so every write it measures is committed before acked.
import { loadConfig } from "@taller/server/config";
import { startTaller } from "@taller/server/server";
import { DocumentStorage } from "@taller/server/document-storage";
import { announce, startProbe } from "./probe";

const taller = await startTaller(loadConfig(), () => {});
const { host } = taller.deps.realtime;
const storage = new DocumentStorage(taller.deps.db);

async function call(method: string, path: string, cookie: string, body?: unknown) {
  const response = await fetch(taller.url + path, {
    method,
    headers: { origin: taller.url, cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { json: JSON.parse(text) as Record<string, string>, setCookie: response.headers.get("set-cookie") };
}

const login = await call("POST", "/api/auth/login", "", { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD });
const cookie = login.setCookie!.split(";")[0]!;
const project = await call("POST", "/api/projects", cookie, { name: "Banco de pruebas de colaboración", kind: "study", confirmDuplicate: true });

const probePort = await startProbe({
  counts: () => {
    const metrics = host.metrics();
    return { documentsLoaded: metrics.roomsLoaded, storageLoads: metrics.loads, connections: metrics.connections };
  },
  // The way Taller itself stores a compacted document: one snapshot row.
  store: (name, state) => storage.compact(name, state),
  prepare: async (count) => {
    const names: string[] = [];
    // Sequential: the API is not what is measured, and this keeps the pool free. Studies: the
    // authors write paragraphs, which the server validates against the study schema (a new study
    // starts from the template unless a fixture was stored for it).
    for (let i = 0; i < count; i++) {
      const created = await call("POST", `/api/projects/${project.json.id}/documents`, cookie, { kind: "text", title: `Estudio ${i + 1}`, confirmDuplicate: true });
      names.push(created.json.collabName!);
    }
    return names;
  },
});
announce({
  wsPort: Number(new URL(taller.url).port),
  probePort,
  headers: { cookie, origin: taller.url },
});
