import * as Y from "yjs";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import type { CollabMetrics } from "@taller/collab";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, documentSnapshots, documentUpdates, type Database } from "@taller/db";
import { createTestDb, type TestDatabase } from "@taller/db/testing";
import { asc, eq, sql } from "@taller/db/sql";
import { addOrg, addPerson, signedIn, type ApiClient } from "./api-client";
import { startServerProcess, type ServerProcess } from "./server-process";

/**
 * A real Taller server process for real-time tests, on a database of its own (PGlite data dir,
 * or a PostgreSQL database when DATABASE_URL is set), with fixtures of people and documents made
 * over HTTP (./api-client), stock y-websocket clients with a session cookie, restarting or killing
 * the process, and reading or writing what storage holds. Raw sockets: ./raw-client.
 */
export const ADMIN = { email: "admin@ejemplo.mx", password: "contraseña-admin-prueba" };

export class CollabTestServer {
  server!: ServerProcess;
  private constructor(
    private readonly dbEnv: { DATABASE_URL: string } | { DATA_DIR: string },
    private readonly testDb: TestDatabase | null,
    private readonly dataDir: string | null,
    private readonly extraEnv: Record<string, string>,
  ) {}

  static async start(extraEnv: Record<string, string> = {}): Promise<CollabTestServer> {
    let instance: CollabTestServer;
    if (process.env.DATABASE_URL) {
      const testDb = await createTestDb();
      instance = new CollabTestServer(testDb.env, testDb, null, extraEnv);
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), "taller-collab-"));
      instance = new CollabTestServer({ DATA_DIR: dataDir }, null, dataDir, extraEnv);
    }
    await instance.boot();
    return instance;
  }

  private async boot(port?: number): Promise<void> {
    this.server = await startServerProcess({
      ...this.dbEnv,
      ...(port ? { PORT: String(port) } : {}),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...this.extraEnv,
    });
  }

  get url(): string {
    return this.server.url;
  }

  get wsUrl(): string {
    return this.server.url.replace(/^http/, "ws") + "/collab";
  }

  /**
   * Stops the process (SIGTERM flushes; SIGKILL simulates a crash) and starts it again on the
   * same data and the same port, so connected clients reconnect by themselves.
   */
  async restart(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const port = Number(new URL(this.server.url).port);
    await this.server.stop(signal);
    await this.boot(port);
  }

  /** Starts the process again after `server.stop()`, on the same port. */
  async resume(): Promise<void> {
    await this.boot(Number(new URL(this.server.url).port));
  }

  /**
   * Reads a document's stored state (snapshot + log, merged) straight from the database. The
   * server must be stopped when the database is PGlite (one process per data dir).
   */
  storedState(collabName: string): Promise<Uint8Array | null> {
    return this.withDatabase(async (db) => {
      const [snapshot] = await db.select().from(documentSnapshots).where(eq(documentSnapshots.collabName, collabName));
      const log = await db.select().from(documentUpdates).where(eq(documentUpdates.collabName, collabName)).orderBy(asc(documentUpdates.id));
      const updates = [...(snapshot ? [snapshot.state] : []), ...log.map((r) => r.update)].map((u) => new Uint8Array(u));
      return updates.length === 0 ? null : Y.mergeUpdates(updates);
    });
  }

  /**
   * PostgreSQL only: locks tables in a transaction of its own and holds the locks until the
   * returned release is called. ACCESS EXCLUSIVE (the default) makes every read (a room's load)
   * and write (a commit) of those tables wait; EXCLUSIVE lets reads through and holds writes. A
   * real database lock, no test-only code path in the server. Null on PGlite, where the server
   * process holds the only connection to the data directory.
   */
  async holdTableLocks(
    tables: ("document_snapshots" | "document_updates")[],
    mode: "ACCESS EXCLUSIVE" | "EXCLUSIVE" = "ACCESS EXCLUSIVE",
  ): Promise<(() => Promise<void>) | null> {
    if (!this.testDb) return null;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const transaction = this.testDb.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`LOCK TABLE ${tables.join(", ")} IN ${mode} MODE`));
      locked();
      await released;
    });
    await Promise.race([isLocked, transaction]);
    return async () => {
      release();
      await transaction;
    };
  }

  /**
   * Appends `update` to a document's stored log straight in the database, bypassing the server
   * (a row written before some server-side check existed). The server must be stopped when the
   * database is PGlite (one process per data dir); it reads the row on the room's next load.
   */
  async appendStoredUpdate(collabName: string, update: Uint8Array): Promise<void> {
    await this.withDatabase((db) => db.insert(documentUpdates).values({ collabName, update }));
  }

  /** The server's database: the test's own connection on PostgreSQL, the data dir opened for this call on PGlite. */
  private async withDatabase<T>(use: (db: Database) => Promise<T>): Promise<T> {
    const handle = this.testDb ?? (await createDb({ dataDir: this.dataDir!, migrate: false }));
    try {
      return await use(handle.db);
    } finally {
      if (!this.testDb) await handle.close();
    }
  }

  async close(): Promise<void> {
    await this.server?.stop("SIGKILL");
    await this.testDb?.close();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface ProjectFixture {
  admin: ApiClient;
  owner: ApiClient;
  editor: ApiClient;
  commenter: ApiClient;
  stranger: ApiClient;
  projectId: string;
  text: { id: string; collabName: string };
  canvas: { id: string; collabName: string };
  users: Record<"owner" | "editor" | "commenter" | "stranger", string>;
}

/** An organization, four people (owner, editor, commenter, stranger), a project and two documents. */
export async function setupProject(server: CollabTestServer): Promise<ProjectFixture> {
  const admin = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const { id: orgId } = await addOrg(admin, "Dirección de Obra Pública", "OP");
  const users = {} as ProjectFixture["users"];
  const sessions = {} as Record<keyof ProjectFixture["users"], ApiClient>;
  await Promise.all(
    (["owner", "editor", "commenter", "stranger"] as const).map(async (who) => {
      const person = await addPerson(admin, orgId, who);
      users[who] = person.id;
      sessions[who] = await signedIn(server.url, person.email);
    }),
  );
  // Fixtures may be set up more than once per server: same names on purpose, past the duplicate warning.
  const project = await sessions.owner.post("/api/projects", { name: "Parque lineal", kind: "study", confirmDuplicate: true });
  await sessions.owner.post(`/api/projects/${project.body.id}/members`, { userId: users.editor, role: "editor" });
  await sessions.owner.post(`/api/projects/${project.body.id}/members`, { userId: users.commenter, role: "commenter" });
  const text = await sessions.owner.post(`/api/projects/${project.body.id}/documents`, { kind: "text", title: "Propuesta", confirmDuplicate: true });
  const canvas = await sessions.owner.post(`/api/projects/${project.body.id}/documents`, { kind: "canvas", title: "Croquis", confirmDuplicate: true });
  return { admin, ...sessions, projectId: project.body.id, text: text.body, canvas: canvas.body, users };
}

/**
 * A lighter fixture than setupProject (which hashes nine passwords): the admin signs in and
 * creates a project, becoming its owner (so it may edit), and documents are created on demand.
 */
export interface LightFixture {
  admin: ApiClient;
  projectId: string;
  createDocument(kind: "text" | "canvas", title?: string): Promise<{ id: string; collabName: string }>;
}

export async function setupLight(server: CollabTestServer): Promise<LightFixture> {
  const admin = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const project = await admin.post<{ id: string }>("/api/projects", { name: "Carga", kind: "study", confirmDuplicate: true });
  if (project.status !== 201) throw new Error(`create project: ${project.status} ${JSON.stringify(project.body)}`);
  const projectId = project.body.id;
  return {
    admin,
    projectId,
    async createDocument(kind, title = kind) {
      // Many documents share their title (the kind by default): past the duplicate warning.
      const res = await admin.post<{ id: string; collabName: string }>(`/api/projects/${projectId}/documents`, { kind, title, confirmDuplicate: true });
      if (res.status !== 201) throw new Error(`create document: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

/**
 * A stock y-websocket client that sends the session cookie and a same-site Origin. `onSend` sees
 * every frame the client sends, before it goes out.
 */
export function connectClient(
  server: CollabTestServer,
  collabName: string,
  session: { cookie: string } | null,
  options: { doc?: Y.Doc; ack?: boolean; origin?: string; onSend?: (frame: Uint8Array) => void } = {},
): WebsocketProvider {
  const headers: Record<string, string> = { origin: options.origin ?? server.url };
  if (session?.cookie) headers.cookie = session.cookie;
  const onSend = options.onSend;
  class SessionWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
    override send(data: Parameters<WebSocket["send"]>[0], ...rest: unknown[]): void {
      if (onSend && data instanceof Uint8Array) onSend(data);
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  return new WebsocketProvider(server.wsUrl, collabName, options.doc ?? new Y.Doc(), {
    WebSocketPolyfill: SessionWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: options.ack ? { ack: "1" } : {},
  });
}

/** Resolves when the provider has synced with the server. */
export function synced(provider: WebsocketProvider, timeoutMs = 15_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("provider did not sync")), timeoutMs);
    provider.once("sync", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Polls `read` until `accept` holds for its value; returns that value. */
export async function pollUntil<T>(read: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 20));
    last = await read();
  }
  return last;
}

/** Polls until the condition holds. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  await pollUntil(condition, (held) => held, timeoutMs, what);
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}

/** GET /api/admin/collab as the admin. */
export async function adminCollab(admin: ApiClient): Promise<{ collab: CollabMetrics; memory: NodeJS.MemoryUsage }> {
  const res = await admin.get<{ collab: CollabMetrics; memory: NodeJS.MemoryUsage }>("/api/admin/collab");
  if (res.status !== 200) throw new Error(`/api/admin/collab: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Whether the server answers /api/health with 200. */
export async function healthy(server: CollabTestServer): Promise<boolean> {
  try {
    const res = await fetch(`${server.url}/api/health`);
    await res.text();
    return res.status === 200;
  } catch {
    return false;
  }
}
