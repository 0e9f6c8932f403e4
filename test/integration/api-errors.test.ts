import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, projects } from "@taller/db";
import { count } from "@taller/db/sql";
import { ApiClient, signedIn } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";

/**
 * Bad input never yields a 500 or a partial write, and the role rules hold: 401 without a
 * session, 404 for strangers, 403 for members without the right.
 */
let t: TestApp;
let owner: ApiClient;
let commenter: ApiClient;
let stranger: ApiClient;
let projectId: string;
let orgId: string;

async function counts() {
  const [p] = await t.database.db.select({ n: count() }).from(projects);
  const [a] = await t.database.db.select({ n: count() }).from(auditLog);
  return { projects: p!.n, audit: a!.n };
}

function expectError(res: { status: number; body: any }, status: number, code: string) { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
  expect(res.body.error.message.length).toBeGreaterThan(5);
}

beforeAll(async () => {
  t = await startTestApp();
  const org = await makeOrg(t, "IMPLAN");
  orgId = org.id;
  await makeUser(t, { email: "owner@ejemplo.mx", orgId });
  const commenterUser = await makeUser(t, { email: "commenter@ejemplo.mx", orgId });
  await makeUser(t, { email: "stranger@ejemplo.mx", orgId });
  [owner, commenter, stranger] = await Promise.all([
    signedIn(t, "owner@ejemplo.mx"),
    signedIn(t, "commenter@ejemplo.mx"),
    signedIn(t, "stranger@ejemplo.mx"),
  ]);
  projectId = (await owner.post("/api/projects", { name: "Corredor verde", kind: "study" })).body.id;
  await owner.post(`/api/projects/${projectId}/members`, { userId: commenterUser.id, role: "commenter" });
});
afterAll(async () => {
  await t.close();
});

describe("bad input", () => {
  it("rejects malformed JSON, wrong content type and wrong types without writing", async () => {
    const before = await counts();
    expectError(await owner.request("POST", "/api/projects", "{\"name\": \"Parque\", kind:"), 400, "invalid_json");
    expectError(await owner.request("POST", "/api/projects", "name=Parque", { "content-type": "application/x-www-form-urlencoded" }), 415, "unsupported_media_type");
    const wrongTypes = await owner.post("/api/projects", { name: 42, kind: ["study"] });
    expectError(wrongTypes, 400, "validation_failed");
    expect(wrongTypes.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["kind", "name"]);
    expectError(await owner.post("/api/projects", { name: "Parque", kind: "mall" }), 400, "validation_failed");
    expectError(await owner.post("/api/projects", { kind: "study" }), 400, "validation_failed");
    expectError(await owner.post("/api/projects", "null"), 400, "validation_failed");
    expectError(await owner.post("/api/projects", []), 400, "validation_failed");
    expectError(await owner.post(`/api/projects/${projectId}/stage`, { to: "demolition" }), 400, "validation_failed");
    expectError(await owner.post(`/api/projects/${projectId}/documents`, { kind: "spreadsheet", title: "x" }), 400, "validation_failed");
    expectError(await owner.post(`/api/projects/${projectId}/members`, { userId: "not-a-uuid", role: "owner" }), 400, "validation_failed");
    expect(await counts()).toEqual(before);
  });

  it("answers a 2 MB body with 413 and changes nothing", async () => {
    const before = await counts();
    const huge = JSON.stringify({ name: "Parque", kind: "study", description: "x".repeat(2 * 1024 * 1024) });
    expectError(await owner.request("POST", "/api/projects", huge), 413, "payload_too_large");
    // Without Content-Length (a chunked upload) the limit holds too.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(huge));
        controller.close();
      },
    });
    // Node's Request needs duplex: "half" for a streamed body; the DOM typings lack the field.
    const init = { method: "POST", body: stream, headers: { "content-type": "application/json" }, duplex: "half" };
    const res = await owner.fetch("/api/projects", init as RequestInit);
    expect(res.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it("answers unknown and malformed ids with 404, never 500", async () => {
    const unknown = "6f1c2a7e-0000-4000-8000-000000000000";
    expectError(await owner.get(`/api/projects/${unknown}`), 404, "project_not_found");
    expectError(await owner.get("/api/projects/not-a-uuid"), 404, "project_not_found");
    expectError(await owner.get("/api/projects/1%27%20OR%201=1--"), 404, "project_not_found");
    expectError(await owner.patch(`/api/projects/${unknown}`, { name: "Nuevo nombre" }), 404, "project_not_found");
    expectError(await owner.get(`/api/documents/${unknown}`), 404, "document_not_found");
    expectError(await owner.get("/api/documents/abc"), 404, "document_not_found");
    expectError(await owner.delete(`/api/projects/${projectId}/members/${unknown}`), 404, "member_not_found");
    expectError(await owner.delete(`/api/projects/${projectId}/members/xyz`), 404, "member_not_found");
    expectError(await owner.post(`/api/projects/${projectId}/members`, { userId: unknown, role: "viewer" }), 404, "user_not_found");
    expectError(await owner.get("/api/nothing-here"), 404, "not_found");
  });

  it("stores SQL-looking strings verbatim", async () => {
    const name = "Robert'); DROP TABLE projects;-- \u00f1 \"quoted\" \\ %_";
    const created = await owner.post("/api/projects", { name, kind: "study", description: "' OR '1'='1" });
    expect(created.status).toBe(201);
    const fetched = await owner.get(`/api/projects/${created.body.id}`);
    expect(fetched.body.name).toBe(name);
    expect(fetched.body.description).toBe("' OR '1'='1");
    const search = await owner.get(`/api/projects?text=${encodeURIComponent("'); DROP")}`);
    expect(search.body.projects.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
  });

  it("does not half-create a project that references an unknown agency", async () => {
    const before = await counts();
    const res = await owner.post("/api/projects", {
      name: "Mercado municipal",
      kind: "investment",
      participatingOrgIds: [orgId, "6f1c2a7e-0000-4000-8000-000000000001"],
    });
    expectError(res, 400, "validation_failed");
    expect(await counts()).toEqual(before);
  });

  it("reports a duplicate clave as a conflict", async () => {
    const first = await owner.post("/api/projects", { name: "Proyecto A", kind: "study", clave: "imp-2026-900" });
    expect(first.body.clave).toBe("IMP-2026-900");
    expectError(await owner.post("/api/projects", { name: "Proyecto B", kind: "study", clave: "IMP-2026-900" }), 409, "clave_taken");
  });

  it("refuses an invalid funding split and an empty patch", async () => {
    expectError(
      await owner.patch(`/api/projects/${projectId}`, { funding: { federal: 60, state: 60, municipal: 0, private: 0 } }),
      400,
      "validation_failed",
    );
    expectError(await owner.patch(`/api/projects/${projectId}`, {}), 400, "validation_failed");
    expectError(await owner.patch(`/api/projects/${projectId}`, { stage: "execution" }), 400, "validation_failed");
  });
});

describe("who may do what", () => {
  it("answers a logged-out request with 401", async () => {
    const anonymous = new ApiClient(t);
    expectError(await anonymous.get("/api/projects"), 401, "unauthenticated");
    expectError(await anonymous.get(`/api/projects/${projectId}`), 401, "unauthenticated");
    expectError(await anonymous.post("/api/projects", { name: "Parque", kind: "study" }), 401, "unauthenticated");
    expectError(await anonymous.get("/api/auth/me"), 401, "unauthenticated");
  });

  it("hides a project from strangers with 404", async () => {
    expectError(await stranger.get(`/api/projects/${projectId}`), 404, "project_not_found");
    expectError(await stranger.get(`/api/projects/${projectId}/members`), 404, "project_not_found");
    expectError(await stranger.patch(`/api/projects/${projectId}`, { name: "Tomado" }), 404, "project_not_found");
    expect((await stranger.get("/api/projects")).body.projects).toEqual([]);
  });

  it("gives a commenter 403 on changes, whatever the body", async () => {
    const before = await owner.get(`/api/projects/${projectId}`);
    expectError(await commenter.patch(`/api/projects/${projectId}`, { name: "Cambio indebido" }), 403, "forbidden");
    expectError(await commenter.request("PATCH", `/api/projects/${projectId}`, "{broken"), 403, "forbidden");
    expectError(await commenter.post(`/api/projects/${projectId}/stage`, { to: "profile" }), 403, "forbidden");
    expectError(await commenter.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Mío" }), 403, "forbidden");
    expectError(await commenter.post(`/api/projects/${projectId}/members`, { userId: before.body.id, role: "owner" }), 403, "forbidden");
    expectError(await commenter.get(`/api/projects/${projectId}/activity`), 403, "forbidden");
    const after = await owner.get(`/api/projects/${projectId}`);
    expect(after.body.name).toBe(before.body.name);
    expect(after.body.updatedAt).toBe(before.body.updatedAt);
  });

  it("keeps admin-only routes for admins", async () => {
    expectError(await owner.post("/api/orgs", { name: "Dirección X", shortName: "DX" }), 403, "forbidden");
    expectError(await owner.get("/api/users"), 403, "forbidden");
    expectError(await owner.get("/api/admin/collab"), 403, "forbidden");
    expectError(
      await owner.post("/api/users", { email: "x@ejemplo.mx", name: "X", password: "suficientemente-larga", orgId }),
      403,
      "forbidden",
    );
    expect((await owner.get("/api/orgs")).status).toBe(200);
  });

  it("keeps at least one owner", async () => {
    const me = (await owner.get("/api/auth/me")).body.user;
    expectError(await owner.patch(`/api/projects/${projectId}/members/${me.id}`, { role: "editor" }), 409, "last_owner");
    expectError(await owner.delete(`/api/projects/${projectId}/members/${me.id}`), 409, "last_owner");
    const members = (await owner.get(`/api/projects/${projectId}/members`)).body.members;
    expect(members.find((m: { userId: string }) => m.userId === me.id).role).toBe("owner");
  });

  it("refuses a cross-site write with 403 before it touches anything", async () => {
    const before = await counts();
    const res = await owner.request("POST", "/api/projects", { name: "Desde otro sitio", kind: "study" }, { origin: "https://evil.example" });
    expectError(res, 403, "origin_not_allowed");
    const sameSite = await owner.request("POST", "/api/projects", { name: "Desde el mismo sitio", kind: "study" }, { origin: "http://localhost" });
    expect(sameSite.status).toBe(201);
    expect((await counts()).projects).toBe(before.projects + 1);
  });
});
