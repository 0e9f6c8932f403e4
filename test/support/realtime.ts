import * as Y from "yjs";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, documentSnapshots, documentUpdates } from "@taller/db";
import { createTestDb, type TestDatabase } from "@taller/db/testing";
import { asc, eq, sql } from "@taller/db/sql";
import { startServerProcess, type ServerProcess } from "./server-process";

/**
 * A real Taller server process for real-time tests, on a database of its own (PGlite data dir,
 * or a PostgreSQL database when DATABASE_URL is set), with helpers to sign people in over HTTP,
 * open stock y-websocket clients with their session cookie, restart or kill the process, and
 * read what storage holds.
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
  async storedState(collabName: string): Promise<Uint8Array | null> {
    const handle = this.testDb ?? (await createDb({ dataDir: this.dataDir!, migrate: false }));
    try {
      const [snapshot] = await handle.db.select().from(documentSnapshots).where(eq(documentSnapshots.collabName, collabName));
      const log = await handle.db
        .select()
        .from(documentUpdates)
        .where(eq(documentUpdates.collabName, collabName))
        .orderBy(asc(documentUpdates.id));
      const updates = [...(snapshot ? [snapshot.state] : []), ...log.map((r) => r.update)].map((u) => new Uint8Array(u));
      return updates.length === 0 ? null : Y.mergeUpdates(updates);
    } finally {
      if (!this.testDb) await handle.close();
    }
  }

  /**
   * PostgreSQL only: takes ACCESS EXCLUSIVE locks on tables in a transaction of its own and
   * holds them until the returned release is called — every read (a room's load) and write (a
   * commit) of those tables waits meanwhile. A real database lock, no test-only code path in the server. Null on PGlite,
   * where the server process holds the only connection to the data directory.
   */
  async holdTableLocks(tables: ("document_snapshots" | "document_updates")[]): Promise<(() => Promise<void>) | null> {
    if (!this.testDb) return null;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const transaction = this.testDb.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`LOCK TABLE ${tables.join(", ")} IN ACCESS EXCLUSIVE MODE`));
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
    const handle = this.testDb ?? (await createDb({ dataDir: this.dataDir!, migrate: false }));
    try {
      await handle.db.insert(documentUpdates).values({ collabName, update });
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

/** Minimal HTTP caller with a cookie, Origin set like a browser on the same site. */
export class HttpSession {
  cookie = "";
  constructor(readonly base: string) {}

  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(this.base + path, {
      method,
      headers: {
        origin: this.base,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const text = await res.text();
    return { status: res.status, body: (text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text) as T };
  }

  static async login(base: string, email: string, password: string): Promise<HttpSession> {
    const session = new HttpSession(base);
    const res = await session.call("POST", "/api/auth/login", { email, password });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return session;
  }
}

export interface ProjectFixture {
  admin: HttpSession;
  owner: HttpSession;
  editor: HttpSession;
  commenter: HttpSession;
  stranger: HttpSession;
  projectId: string;
  text: { id: string; collabName: string };
  canvas: { id: string; collabName: string };
  users: Record<"owner" | "editor" | "commenter" | "stranger", string>;
}

/** An organization, four people (owner, editor, commenter, stranger), a project and two documents. */
export async function setupProject(server: CollabTestServer): Promise<ProjectFixture> {
  const admin = await HttpSession.login(server.url, ADMIN.email, ADMIN.password);
  const org = await admin.call("POST", "/api/orgs", { name: "Dirección de Obra Pública", shortName: `OP${Date.now() % 100000}` });
  const users = {} as ProjectFixture["users"];
  const sessions = {} as Record<keyof ProjectFixture["users"], HttpSession>;
  await Promise.all(
    (["owner", "editor", "commenter", "stranger"] as const).map(async (who) => {
      const email = `${who}.${Math.random().toString(36).slice(2, 8)}@ejemplo.mx`;
      const created = await admin.call("POST", "/api/users", { email, name: who, password: "contraseña-de-prueba", orgId: org.body.id });
      users[who] = created.body.id;
      sessions[who] = await HttpSession.login(server.url, email, "contraseña-de-prueba");
    }),
  );
  const project = await sessions.owner.call("POST", "/api/projects", { name: "Parque lineal", kind: "study" });
  await sessions.owner.call("POST", `/api/projects/${project.body.id}/members`, { userId: users.editor, role: "editor" });
  await sessions.owner.call("POST", `/api/projects/${project.body.id}/members`, { userId: users.commenter, role: "commenter" });
  const text = await sessions.owner.call("POST", `/api/projects/${project.body.id}/documents`, { kind: "text", title: "Propuesta" });
  const canvas = await sessions.owner.call("POST", `/api/projects/${project.body.id}/documents`, { kind: "canvas", title: "Croquis" });
  return { admin, ...sessions, projectId: project.body.id, text: text.body, canvas: canvas.body, users };
}

/** A stock y-websocket client that sends the session cookie and a same-site Origin. */
export function connectClient(
  server: CollabTestServer,
  collabName: string,
  session: HttpSession | null,
  options: { doc?: Y.Doc; ack?: boolean; origin?: string } = {},
): WebsocketProvider {
  const headers: Record<string, string> = { origin: options.origin ?? server.url };
  if (session?.cookie) headers.cookie = session.cookie;
  class SessionWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
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

/** Polls until the condition holds. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Tries a raw WebSocket upgrade and reports the HTTP status (101 when it upgraded). */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("upgrade", () => {
      resolve(101);
      ws.terminate();
    });
    ws.on("error", () => {});
  });
}
