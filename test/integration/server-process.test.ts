import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDb, type TestDatabase } from "@taller/db/testing";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { ApiClient } from "../support/api-client";

/**
 * README command one, as a newcomer lives it: the server starts on an empty database, prints
 * its URL and the first admin's one-time password; with those, the whole setup works over
 * real HTTP. Runs on a fresh PGlite data dir, or on a fresh PostgreSQL database when
 * DATABASE_URL is set.
 */
let server: ServerProcess;
let database: TestDatabase | null = null;
let dataDir: string | null = null;

beforeAll(async () => {
  let env: Record<string, string>;
  if (process.env.DATABASE_URL) {
    database = await createTestDb();
    env = { ...database.env };
    await database.db.execute("select 1");
  } else {
    dataDir = mkdtempSync(join(tmpdir(), "taller-process-"));
    env = { DATA_DIR: dataDir };
  }
  server = await startServerProcess(env);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("server process on an empty database", () => {
  it("prints its URL and a one-time admin password that works", async () => {
    const expectedDb = process.env.DATABASE_URL ? "postgres" : "pglite";
    const health = await fetch(`${server.url}/api/health`);
    expect(await health.json()).toEqual({ status: "ok", database: expectedDb });
    // Idle connections outlive the clients' and proxies' own idle timeouts (see KEEP_ALIVE_MS).
    expect(health.headers.get("keep-alive")).toBe("timeout=65");

    const email = /Primer administrador: (\S+)/.exec(server.output())?.[1];
    const password = /Contraseña generada \(se muestra una sola vez\): (\S+)/.exec(server.output())?.[1];
    expect(email).toBeTruthy();
    expect(password!.length).toBeGreaterThanOrEqual(20);

    const admin = new ApiClient(server.url);
    expect((await admin.login(email!, "incorrecta")).status).toBe(401);
    expect((await admin.login(email!, password)).status).toBe(200);

    // The first administrator's agency, the institute, may propose projects; Movilidad is given the right.
    expect((await admin.get("/api/orgs")).body.orgs).toEqual([expect.objectContaining({ shortName: "IMPLAN", createsProjects: true })]);
    const org = await admin.post("/api/orgs", { name: "Dirección de Movilidad", shortName: "MOV", createsProjects: true });
    expect(org.status).toBe(201);
    const ricardo = { email: "ricardo@ejemplo.mx", name: "Ricardo Leal", password: "contraseña-de-ricardo", orgId: org.body.id };
    expect((await admin.post("/api/users", ricardo)).status).toBe(201);
    const viewer = await admin.post("/api/users", { email: "elena@ejemplo.mx", name: "Elena Campos", password: "contraseña-de-elena", orgId: org.body.id });

    const owner = new ApiClient(server.url);
    expect((await owner.login(ricardo.email, ricardo.password)).status).toBe(200);
    const project = await owner.post("/api/projects", { name: "Corredor Av. Revolución", kind: "investment" });
    expect(project.status).toBe(201);
    expect((await owner.post(`/api/projects/${project.body.id}/members`, { userId: viewer.body.id, role: "viewer" })).status).toBe(201);
    const text = await owner.post(`/api/projects/${project.body.id}/documents`, { kind: "text", title: "Propuesta" });
    const canvas = await owner.post(`/api/projects/${project.body.id}/documents`, { kind: "canvas", title: "Croquis" });
    expect(text.body.collabName).toMatch(/^doc\./);
    expect(canvas.body.collabName).toMatch(/^board\./);

    // The built web app is served for non-API paths (deep links included), with security
    // headers; without a build (`pnpm test` builds it first) a 503 notice says how to build it.
    const built = existsSync(fileURLToPath(new URL("../../apps/web/dist/index.html", import.meta.url)));
    const page = await fetch(`${server.url}/projects/${project.body.id}`);
    expect(page.status).toBe(built ? 200 : 503);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await page.text()).toMatch(built ? /<div id="root">/ : /no está compilada/);
  });

  it("stops cleanly on SIGTERM", async () => {
    expect(await server.stop("SIGTERM")).toBe(0);
  });
});
