import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, auditLog } from "@taller/db";
import { ApiClient, signedIn } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";

/** Images for study texts and canvases: uploaded by editors, served only to members. */
let t: TestApp;
let owner: ApiClient;
let commenter: ApiClient;
let stranger: ApiClient;
let documentId: string;

// A real 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

function upload(client: ApiClient, body: Buffer | string, type = "image/png") {
  return client.request("POST", `/api/documents/${documentId}/assets`, body, { "content-type": type });
}

beforeAll(async () => {
  t = await startTestApp();
  const org = await makeOrg(t, "IMPLAN");
  for (const who of ["owner", "commenter", "stranger"]) await makeUser(t, { email: `${who}@ejemplo.mx`, orgId: org.id });
  [owner, commenter, stranger] = (await Promise.all(["owner", "commenter", "stranger"].map((w) => signedIn(t, `${w}@ejemplo.mx`)))) as [ApiClient, ApiClient, ApiClient];
  const project = (await owner.post("/api/projects", { name: "Mercado", kind: "study" })).body;
  const me = (await commenter.get("/api/auth/me")).body.user;
  await owner.post(`/api/projects/${project.id}/members`, { userId: me.id, role: "commenter" });
  documentId = (await owner.post(`/api/projects/${project.id}/documents`, { kind: "canvas", title: "Croquis" })).body.id;
});
afterAll(async () => {
  await t.close();
});

describe("document images", () => {
  it("stores an editor's PNG and serves it to members only", async () => {
    const created = await upload(owner, PNG);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ contentType: "image/png", byteSize: PNG.length, url: `/api/assets/${created.body.id}` });
    const asMember = await commenter.fetch(created.body.url);
    expect(asMember.status).toBe(200);
    expect(asMember.headers.get("content-type")).toBe("image/png");
    expect(asMember.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await asMember.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await stranger.fetch(created.body.url)).status).toBe(404);
    expect((await new ApiClient(t).fetch(created.body.url)).status).toBe(401);
  });

  it("refuses commenters, non-images, SVG (it can carry script) and oversized files, storing nothing", async () => {
    // Rows in the tables an accepted upload writes (the image and its audit entry).
    const stored = async () => ({
      assets: (await t.database.db.select().from(assets)).length,
      audit: (await t.database.db.select().from(auditLog)).length,
    });
    const before = await stored();
    expect((await upload(commenter, PNG)).status).toBe(403);
    const svg = await upload(owner, "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "image/svg+xml");
    expect(svg.status).toBe(415);
    expect(svg.body.error.code).toBe("unsupported_media_type");
    expect((await upload(owner, "hola", "image/png")).status).toBe(415);
    expect((await upload(owner, "", "image/png")).status).toBe(400);
    const huge = Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]);
    expect((await upload(owner, huge)).status).toBe(413);
    expect((await upload(stranger, PNG)).status).toBe(404);
    expect(await stored()).toEqual(before);
  });
});
