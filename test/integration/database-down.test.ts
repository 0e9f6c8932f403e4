import { afterAll, describe, expect, it, vi } from "vitest";
import { createServer, connect, type Server, type Socket } from "node:net";
import { createTestDb, type TestDatabase } from "@taller/db/testing";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { startTestApp, type TestApp } from "../support/app";
import { listen } from "../support/http-server";
import { ApiClient } from "../support/api-client";
import { pollUntil } from "../support/realtime";

/**
 * Issue 9, case 12: `/api/health` asks the database and answers 503 while it is down (it said
 * "ok" while every login failed), and the 500 that a failing request gets is logged with its
 * request id and route, never with the query's parameters (the email that was typed).
 *
 * On PostgreSQL the server process reaches its database through a TCP proxy that the test cuts
 * and restores: the machine's PostgreSQL keeps serving every other test. On PGlite the embedded
 * database lives inside the server process and cannot be made unreachable from outside; there
 * the test closes it under a running in-process server (served over real HTTP) — a database
 * that no longer answers — and checks the same two answers.
 */
const SECRET_EMAIL = "persona.privada@ejemplo.mx";
const usePostgres = Boolean(process.env.DATABASE_URL);

/**
 * The health answer, or status 0 when the request itself failed: a pooled keep-alive connection
 * the server closed just as the poll reused it (ECONNRESET, seen once in CI under load) is not
 * what these tests are about; a server that stays unreachable still fails the poll by its timeout.
 */
async function status(url: string): Promise<{ status: number; body: unknown }> {
  try {
    const { status, body } = await new ApiClient(url).get("/api/health");
    return { status, body };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}

function login(url: string, email: string) {
  return new ApiClient(url).login(email, "una-contraseña-cualquiera");
}

/** A TCP proxy to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
class CuttableProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe.runIf(usePostgres)("health and logs while PostgreSQL is unreachable", () => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  let server: ServerProcess;

  afterAll(async () => {
    await server?.stop("SIGKILL");
    await proxy?.cut();
    await database?.close();
  });

  it("answers 503 while the database is cut off, logs the failed login without its email, and recovers", async () => {
    database = await createTestDb();
    const dbUrl = new URL((database.env as { DATABASE_URL: string }).DATABASE_URL);
    proxy = new CuttableProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(dbUrl);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    server = await startServerProcess({ DATABASE_URL: viaProxy.toString() });

    expect(await status(server.url)).toEqual({ status: 200, body: { status: "ok", database: "postgres" } });

    await proxy.cut();
    const down = await pollUntil(() => status(server.url), (s) => s.status !== 200 && s.status !== 0, 10_000, "health to notice");
    expect(down).toEqual({ status: 503, body: { status: "unavailable", database: "postgres" } });

    const failed = await login(server.url, SECRET_EMAIL);
    expect(failed.status).toBe(500);
    const { error } = failed.body as { error: { code: string; requestId: string } };
    expect(error.code).toBe("internal_error");
    const output = server.output();
    const line = output.split("\n").find((l) => l.includes(error.requestId));
    expect(line).toMatch(/^\[http\] POST \/api\/auth\/login request /);
    expect(output).not.toContain(SECRET_EMAIL);
    expect(output).not.toContain("persona.privada");
    expect(output).not.toContain("params:");

    await proxy.open(); // same port: the server's connection string still points at it
    expect(await pollUntil(() => status(server.url), (s) => s.status === 200, 10_000, "health to recover")).toEqual({
      status: 200,
      body: { status: "ok", database: "postgres" },
    });
    expect((await login(server.url, SECRET_EMAIL)).status).toBe(401);
  }, 120_000);
});

describe.runIf(!usePostgres)("health and logs when the embedded database stops answering", () => {
  let t: TestApp;
  let http: { url: string; close(): Promise<void> };

  afterAll(async () => {
    await http?.close();
    await t?.deps.realtime.close();
  });

  it("answers 503 once PGlite is closed under the server, and logs the failed login without its email", async () => {
    t = await startTestApp();
    http = await listen(t);
    expect(await status(http.url)).toEqual({ status: 200, body: { status: "ok", database: "pglite" } });

    await t.database.close();
    expect(await status(http.url)).toEqual({ status: 503, body: { status: "unavailable", database: "pglite" } });

    const logged: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" "));
    });
    try {
      const failed = await login(http.url, SECRET_EMAIL);
      expect(failed.status).toBe(500);
      const { error } = failed.body as { error: { requestId: string } };
      expect(logged.find((l) => l.includes(error.requestId))).toMatch(/^\[http\] POST \/api\/auth\/login request /);
      expect(logged.join("\n")).not.toContain("persona.privada");
    } finally {
      spy.mockRestore();
    }
  }, 60_000);
});
