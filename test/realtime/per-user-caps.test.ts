import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollabTestServer, eventually, setupProject, type ProjectFixture } from "../support/realtime";
import { RawClient, type Upgrade } from "../support/raw-client";

/**
 * Issue 9, case 11, against a real server process: one account could hold 5,000 sockets and
 * create 500 documents in 6 s. Now live collaboration sockets per person are capped (the
 * upgrade beyond gets HTTP 429 with a JSON error before any 101) and so is document creation
 * per hour (429 too_many_requests with Retry-After), both configurable.
 */
const MAX_SOCKETS = 8;
const DOCUMENTS_PER_HOUR = 12;
let server: CollabTestServer;
let fx: ProjectFixture;
const sockets: RawClient[] = [];

beforeAll(async () => {
  server = await CollabTestServer.start({
    COLLAB_MAX_SOCKETS_PER_USER: String(MAX_SOCKETS),
    DOCUMENTS_PER_USER_PER_HOUR: String(DOCUMENTS_PER_HOUR),
  });
  fx = await setupProject(server); // the owner creates 2 documents here
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await server?.close();
});

/** A raw upgrade; an accepted socket stays open (and is tracked) so it keeps holding its slot. */
async function attempt(collabName: string, session: { cookie: string }): Promise<Upgrade> {
  const upgrade = await RawClient.open(server, collabName, session);
  if ("client" in upgrade) sockets.push(upgrade.client);
  return upgrade;
}

describe("per-user caps", () => {
  it("upgrades at most COLLAB_MAX_SOCKETS_PER_USER sockets per person, however many arrive together", async () => {
    const results = await Promise.all(Array.from({ length: 60 }, () => attempt(fx.text.collabName, fx.editor)));
    const accepted = results.flatMap((r) => ("client" in r ? [r.client] : []));
    const refused = results.flatMap((r) => ("body" in r ? [r] : []));
    expect(accepted.length).toBe(MAX_SOCKETS);
    expect(refused.length).toBe(60 - MAX_SOCKETS);
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(JSON.parse(r.body).error.code).toBe("too_many_connections");
    }

    // Other people are not affected.
    const other = await attempt(fx.text.collabName, fx.owner);
    expect(other.status).toBe(101);

    // A closed socket gives its slot back.
    expect((await attempt(fx.canvas.collabName, fx.editor)).status).toBe(429);
    accepted[0]!.close();
    await eventually(async () => {
      const retry = await attempt(fx.canvas.collabName, fx.editor);
      return retry.status === 101;
    }, 10_000, "a slot to be released");
    expect((await attempt(fx.canvas.collabName, fx.editor)).status).toBe(429);
  });

  it("lets a person create at most DOCUMENTS_PER_USER_PER_HOUR documents, however many requests arrive together", async () => {
    const before = (await fx.owner.get(`/api/projects/${fx.projectId}/documents`)).body.documents.length;
    // Invalid requests do not use the allowance up.
    for (let i = 0; i < 5; i++) {
      expect((await fx.editor.post(`/api/projects/${fx.projectId}/documents`, { kind: "sheet", title: "x" })).status).toBe(400);
    }
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => fx.editor.post(`/api/projects/${fx.projectId}/documents`, { kind: i % 2 ? "text" : "canvas", title: `Documento ${i}` })),
    );
    const created = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status === 429);
    expect(created.length).toBe(DOCUMENTS_PER_HOUR);
    expect(refused.length).toBe(40 - DOCUMENTS_PER_HOUR);
    const refusal = refused[0]!;
    expect(Number(refusal.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refusal.body.error.code).toBe("too_many_requests");
    const after = (await fx.owner.get(`/api/projects/${fx.projectId}/documents`)).body.documents.length;
    expect(after).toBe(before + DOCUMENTS_PER_HOUR);

    // Another person still may (the owner created 2 in the fixture).
    expect((await fx.owner.post(`/api/projects/${fx.projectId}/documents`, { kind: "text", title: "Del responsable" })).status).toBe(201);
  });
});
