import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@taller/db";
import { sql } from "@taller/db/sql";
import { createApp } from "@taller/server";
import { appDeps } from "@taller/server/deps";
import { ApiClient, signedIn } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";
import { listen } from "../support/http-server";
import { openSse, type SseStream } from "../support/sse";

/**
 * The live project event stream over real HTTP: events written in the change's transaction (the
 * outbox) and woken through LISTEN/NOTIFY reach members; a dropped connection resumes after its
 * Last-Event-ID without losing what was written meanwhile; non-members get 404; a member removed
 * while connected is told and cut off; and a change made through one server instance reaches a
 * reader connected to another instance on the same database.
 */
let t: TestApp;
let server: { url: string; close(): Promise<void> };
let owner: ApiClient;
let viewer: ApiClient;
let outsider: ApiClient;
let viewerId: string;
let projectId: string;
const streams: SseStream[] = [];

/** A stream that the test's end closes whatever happened. */
async function stream(client: ApiClient, path: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const s = await openSse(client, path, headers);
  streams.push(s);
  return s;
}

const isReady = (e: { event: string }) => e.event === "ready";

beforeAll(async () => {
  t = await startTestApp();
  server = await listen(t);
  const implan = await makeOrg(t, "IMPLAN");
  const op = await makeOrg(t, "OP");
  await makeUser(t, { email: "duena@ejemplo.mx", orgId: implan.id, name: "Dueña" });
  const v = await makeUser(t, { email: "lectora@ejemplo.mx", orgId: op.id, name: "Lectora" });
  await makeUser(t, { email: "ajena@ejemplo.mx", orgId: op.id, name: "Ajena" });
  viewerId = v.id;
  owner = await signedIn(server.url, "duena@ejemplo.mx");
  viewer = await signedIn(server.url, "lectora@ejemplo.mx");
  outsider = await signedIn(server.url, "ajena@ejemplo.mx");
  const created = await owner.post("/api/projects", { name: "Parque lineal", kind: "study", leadOrgId: implan.id });
  expect(created.status).toBe(201);
  projectId = created.body.id;
  expect((await owner.post(`/api/projects/${projectId}/members`, { userId: viewerId, role: "viewer" })).status).toBe(201);
});

afterAll(async () => {
  for (const s of streams) s.close();
  await server?.close();
  await t?.close();
});

const rename = async (name: string, via: ApiClient = owner) => {
  const res = await via.patch(`/api/projects/${projectId}`, { name });
  expect(res.status).toBe(200);
};

describe("GET /api/projects/:id/events", () => {
  it("delivers a change to members as it commits, numbered and typed", async () => {
    const s = await stream(viewer, `/api/projects/${projectId}/events`);
    expect(s.status).toBe(200);
    const ready = await s.next(isReady);
    await rename("Parque lineal del Arroyo");
    const event = await s.next((e) => e.event === "project.updated");
    expect(Number(event.id)).toBe(ready.data.seq + 1);
    expect(event.data).toMatchObject({
      type: "project.updated",
      seq: Number(event.id),
      at: expect.any(String),
      subjectType: "project",
      subjectId: projectId,
      actorId: expect.any(String),
    });
    // Facts only, never content.
    expect(JSON.stringify(event.data)).not.toContain("Arroyo");
    s.close();
  });

  it("resumes after Last-Event-ID without losing events written while disconnected", async () => {
    const first = await stream(viewer, `/api/projects/${projectId}/events`);
    await first.next(isReady);
    await rename("Parque lineal 1");
    const seen = await first.next((e) => e.event === "project.updated");
    first.close();
    await first.ended;

    // Written while nobody of this reader is connected.
    await rename("Parque lineal 2");
    await rename("Parque lineal 3");

    const resumed = await stream(viewer, `/api/projects/${projectId}/events`, { "last-event-id": seen.id! });
    await resumed.next((e) => e.id === String(Number(seen.id) + 2));
    await rename("Parque lineal 4");
    await resumed.next((e) => e.id === String(Number(seen.id) + 3));
    const ids = resumed.events.filter((e) => e.id !== undefined).map((e) => Number(e.id));
    expect(ids).toEqual([1, 2, 3].map((n) => Number(seen.id) + n));
    resumed.close();

    // ?after= does the same for a first connection that knows where it is.
    const fromStart = await stream(viewer, `/api/projects/${projectId}/events?after=0`);
    await fromStart.next((e) => e.id === String(Number(seen.id) + 3));
    const all = fromStart.events.filter((e) => e.id !== undefined).map((e) => Number(e.id));
    expect(all).toEqual(Array.from({ length: Number(seen.id) + 3 }, (_, i) => i + 1));
    fromStart.close();
  });

  it("is 404 for non-members and 401 without a session", async () => {
    const refused = await stream(outsider, `/api/projects/${projectId}/events`);
    expect(refused.status).toBe(404);
    const anonymous = await stream(new ApiClient(server.url), `/api/projects/${projectId}/events`);
    expect(anonymous.status).toBe(401);
  });

  it("tells a member removed while connected and closes the stream", async () => {
    const s = await stream(viewer, `/api/projects/${projectId}/events`);
    await s.next(isReady);
    // A role change keeps the reader (still a member).
    expect((await owner.patch(`/api/projects/${projectId}/members/${viewerId}`, { role: "commenter" })).status).toBe(200);
    await s.next((e) => e.event === "member.role_changed");
    expect((await owner.delete(`/api/projects/${projectId}/members/${viewerId}`)).status).toBe(204);
    const access = await s.next((e) => e.event === "access");
    expect(access.data).toMatchObject({ type: "access", reason: "removed" });
    await s.ended;
    // Nothing after the removal reached the removed reader.
    expect(s.events.some((e) => e.event === "member.removed")).toBe(false);
    // And reconnecting is refused.
    expect((await stream(viewer, `/api/projects/${projectId}/events`)).status).toBe(404);
    expect((await owner.post(`/api/projects/${projectId}/members`, { userId: viewerId, role: "viewer" })).status).toBe(201);
  });

  it("reaches readers of another server instance on the same database (LISTEN/NOTIFY)", async () => {
    // A second instance: its own database connections and its own LISTEN. On PostgreSQL a second
    // pool to the same database; the embedded database is one process's, so there it shares it.
    const env = t.database.env;
    const second =
      "DATABASE_URL" in env ? await createDb({ databaseUrl: env.DATABASE_URL, migrate: false, poolSize: 3 }) : null;
    const handle = second ?? t.database;
    const deps = appDeps({ db: handle.db, dbKind: handle.kind, config: t.config, listen: handle.listen });
    const other = await listen({ ...t, app: createApp(deps), deps });
    try {
      const reader = await signedIn(other.url, "lectora@ejemplo.mx");
      const s = await stream(reader, `/api/projects/${projectId}/events`);
      expect(s.status).toBe(200);
      await s.next(isReady);
      await rename("Cambiado en la primera instancia");
      await s.next((e) => e.event === "project.updated");
      s.close();
      await s.ended;
    } finally {
      await other.close();
      await deps.realtime.close();
      await deps.hub.close();
      await second?.close();
    }
  });
});

describe("the LISTEN connection", () => {
  it.runIf(process.env.DATABASE_URL)("is opened again when PostgreSQL drops it, and what committed meanwhile still arrives", async () => {
    const s = await stream(viewer, `/api/projects/${projectId}/events`);
    await s.next(isReady);
    // What an administrator's restart or a network cut does to the listening session.
    const killed = (await t.database.db.execute(
      sql`SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    )) as unknown as { rows: { done: boolean }[] };
    expect(killed.rows.length).toBeGreaterThan(0);
    await rename("Tras la caída de la escucha");
    await s.next((e) => e.event === "project.updated");
    // And it keeps listening afterwards.
    await rename("Tras la caída de la escucha, otra vez");
    await s.next(() => s.events.filter((x) => x.event === "project.updated").length >= 2);
    s.close();
  });
});

describe("streams per person", () => {
  it("are capped like collaboration sockets (429 too_many_connections), and a closed one frees its place", async () => {
    const small = await startTestApp({ COLLAB_MAX_SOCKETS_PER_USER: "2" });
    const http = await listen(small);
    const opened: SseStream[] = [];
    try {
      const org = await makeOrg(small, "CAP");
      await makeUser(small, { email: "una@ejemplo.mx", orgId: org.id });
      const person = await signedIn(http.url, "una@ejemplo.mx");
      for (let i = 0; i < 2; i++) {
        const s = await openSse(person, "/api/notifications/events");
        opened.push(s);
        expect(s.status).toBe(200);
        await s.next(isReady);
      }
      const refused = await openSse(person, "/api/notifications/events");
      expect(refused.status).toBe(429);
      opened[0]!.close();
      // The server frees the place once it sees the connection gone.
      let again: SseStream | undefined;
      for (let tries = 0; tries < 100 && again?.status !== 200; tries++) {
        if (tries > 0) await new Promise((r) => setTimeout(r, 50));
        again = await openSse(person, "/api/notifications/events");
        opened.push(again);
      }
      expect(again?.status).toBe(200);
    } finally {
      for (const s of opened) s.close();
      await http.close();
      await small.close();
    }
  });
});

describe("GET /api/notifications/events", () => {
  it("streams only the signed-in person's own stream", async () => {
    const s = await stream(viewer, "/api/notifications/events");
    expect(s.status).toBe(200);
    await s.next(isReady);
    s.close();
  });
});
