import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ApiClient, signedIn } from "../../../../test/support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../../../../test/support/app";
import { ApiError, onUnauthenticated } from "./client";
import { api } from "./endpoints";

/**
 * The web app's typed client against the real server application, built in process: every
 * error it turns into an ApiError here is one the server really sent. The client calls `fetch`
 * with same-origin relative URLs, as in the browser; the only stand-in is the browser's part of
 * fetch (a test ApiClient's `fetch`: the session cookie, and the app instead of a socket).
 */
let t: TestApp;
let projectId: string;
const people = { owner: "duena@ejemplo.mx", commenter: "comenta@ejemplo.mx" };

/** A browser tab signed in as `email` (or signed out): the global fetch becomes its fetch. */
async function openTab(email?: string): Promise<void> {
  const tab = email ? await signedIn({ app: t.app }, email) : new ApiClient({ app: t.app });
  vi.stubGlobal("fetch", tab.fetch);
}

async function failure(call: Promise<unknown>): Promise<ApiError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(ApiError);
  return outcome.error as ApiError;
}

beforeAll(async () => {
  t = await startTestApp();
  const org = await makeOrg(t, "MOV", "Dirección de Movilidad");
  await makeUser(t, { email: people.owner, orgId: org.id });
  const commenter = await makeUser(t, { email: people.commenter, orgId: org.id });
  const owner = await signedIn({ app: t.app }, people.owner);
  projectId = (await owner.post<{ id: string }>("/api/projects", { name: "Ciclovía del río", kind: "study" })).body.id;
  expect((await owner.post(`/api/projects/${projectId}/members`, { userId: commenter.id, role: "commenter" })).status).toBe(201);
}, 120_000);

afterEach(() => {
  vi.unstubAllGlobals();
});

afterAll(async () => {
  await t?.close();
});

describe("the web API client against the server application", () => {
  it("reads a signed-in answer as the typed body, abilities included", async () => {
    await openTab(people.commenter);
    const project = await api.projects.get(projectId);
    expect(project).toMatchObject({ name: "Ciclovía del río", myRole: "commenter", abilities: { read: true, update: false, editDocument: false } });
    expect((await api.auth.me()).user).toMatchObject({ email: people.commenter, abilities: { createProject: true, manageUsers: false } });
  });

  it("uploads an image as its own bytes and type, and reads the stored asset's answer", async () => {
    await openTab(people.owner);
    const document = await api.projects.createDocument(projectId, { kind: "text", title: "Estudio" });
    // A real 1×1 PNG.
    const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));
    const asset = await api.documents.uploadAsset(document.id, new Blob([png], { type: "image/png" }));
    expect(asset).toMatchObject({ contentType: "image/png", byteSize: png.length, url: `/api/assets/${asset.id}` });
    const refused = await failure(api.documents.uploadAsset(document.id, new Blob(["no soy una imagen"], { type: "text/plain" })));
    expect(refused).toMatchObject({ status: 415, code: "unsupported_media_type" });
  });

  it("turns a refused login into the server's code, message and request id, without announcing a lost session", async () => {
    await openTab();
    const lost = vi.fn();
    const unsubscribe = onUnauthenticated(lost);
    const error = await failure(api.auth.login({ email: people.owner, password: "no-es-la-contraseña" }));
    unsubscribe();
    expect(error).toMatchObject({ status: 401, code: "invalid_credentials", message: "Correo o contraseña incorrectos." });
    expect(error.requestId).toMatch(/\S/);
    expect(error.details).toBeUndefined();
    expect(lost).not.toHaveBeenCalled();
  });

  it("announces a lost session on a 401 from a signed-in call, but not from the session probe; logout answers nothing", async () => {
    await openTab(people.owner);
    expect((await api.auth.me()).user.email).toBe(people.owner);
    await expect(api.auth.logout()).resolves.toBeUndefined(); // 204

    const lost = vi.fn();
    const unsubscribe = onUnauthenticated(lost);
    expect(await failure(api.auth.me())).toMatchObject({ status: 401, code: "unauthenticated" });
    expect(lost).not.toHaveBeenCalled();
    expect(await failure(api.projects.list({}))).toMatchObject({ status: 401, code: "unauthenticated" });
    expect(lost).toHaveBeenCalledTimes(1);
    unsubscribe();
  });

  it("carries validation failures with their issues (path and code) as the server sends them", async () => {
    await openTab(people.owner);
    const short = await failure(api.projects.create({ name: "ab", kind: "study" }));
    expect(short).toMatchObject({ status: 400, code: "validation_failed" });
    expect(short.details).toMatchObject({ issues: [{ path: "name", code: "too_short" }] });

    const nested = await failure(api.projects.update(projectId, { alignment: { ods: [3, 3] } }));
    expect(nested).toMatchObject({ status: 400, code: "validation_failed" });
    expect(nested.details).toMatchObject({ issues: [{ path: "alignment.ods" }] });
  });

  it("carries a refused stage move with its details", async () => {
    await openTab(people.owner);
    const error = await failure(api.projects.changeStage(projectId, "execution"));
    expect(error).toMatchObject({ status: 409, code: "invalid_stage_transition" });
    expect(error.details).toEqual({ from: "idea", to: "execution", allowed: ["profile"] });
  });

  it("carries not-found, forbidden and too-large answers as the server's codes", async () => {
    await openTab(people.commenter);
    expect(await failure(api.projects.get("00000000-0000-4000-8000-000000000000"))).toMatchObject({ status: 404, code: "project_not_found" });
    const forbidden = await failure(api.projects.update(projectId, { name: "Ciclovía renombrada" }));
    expect(forbidden).toMatchObject({ status: 403, code: "forbidden" });
    expect(forbidden.details).toMatchObject({ action: "project.update" });

    await openTab(people.owner);
    const tooLarge = await failure(api.projects.update(projectId, { description: "x".repeat(1_100_000) }));
    expect(tooLarge).toMatchObject({ status: 413, code: "payload_too_large" });
    expect(tooLarge.requestId).toMatch(/\S/);
    expect((await api.projects.get(projectId)).name).toBe("Ciclovía del río");
  });

  it("reports a server it cannot reach as network_error and an answer that is not the server's as http_<status>", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("fetch failed")));
    expect(await failure(api.auth.me())).toMatchObject({ status: 0, code: "network_error" });
    vi.stubGlobal("fetch", async () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    expect(await failure(api.projects.list({}))).toMatchObject({ status: 502, code: "http_502", message: "Bad Gateway" });
  });

  it("lets a cancelled request end as the browser's abort, not as an error to show", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new DOMException("The operation was aborted.", "AbortError")));
    const error: unknown = await api.projects.list({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: "AbortError" });
  });
});
