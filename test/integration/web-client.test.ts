import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { api } from "../../apps/web/src/api/index";
import { ApiError, fieldErrorsOf, onUnauthenticated } from "../../apps/web/src/api/client";
import { ApiClient, TEST_PASSWORD, addOrg, addPerson, signedIn } from "../support/api-client";
import { ADMIN, CollabTestServer } from "../support/realtime";

/**
 * The web app's API client (apps/web/src/api) against a real server process, over real HTTP:
 * every error it turns into an ApiError here is one the server actually sent. The client calls
 * `fetch` with same-origin relative URLs, as in the browser; the only stand-in is that
 * browser's part of fetch: a test ApiClient's `fetch` resolves the URL against the page's
 * origin, sends the Origin header and keeps the session cookie.
 */
let server: CollabTestServer;
let projectId: string;
const people = { owner: "", commenter: "" };

/** A browser tab on `origin`: the global fetch becomes that of a client with its own cookie jar. */
function openTab(origin: string): void {
  vi.stubGlobal("fetch", new ApiClient(origin).fetch);
}

async function signInTab(email: string): Promise<void> {
  openTab(server.url);
  await api.auth.login({ email, password: TEST_PASSWORD });
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
  server = await CollabTestServer.start();
  const admin = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const { id: orgId } = await addOrg(admin, "Dirección de Movilidad", "MOV");
  const owner = await addPerson(admin, orgId, "owner");
  const commenter = await addPerson(admin, orgId, "commenter");
  people.owner = owner.email;
  people.commenter = commenter.email;
  const ownerApi = await signedIn(server.url, owner.email);
  const project = await ownerApi.post("/api/projects", { name: "Ciclovía del río", kind: "study" });
  expect(project.status).toBe(201);
  projectId = project.body.id;
  expect((await ownerApi.post(`/api/projects/${projectId}/members`, { userId: commenter.id, role: "commenter" })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  vi.unstubAllGlobals();
  await server?.close();
});

describe("the web API client against the real server", () => {
  it("turns a refused login into the server's code, message and request id, without announcing a lost session", async () => {
    openTab(server.url);
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
    await signInTab(people.owner);
    expect((await api.auth.me()).user.email).toBe(people.owner);
    await expect(api.auth.logout()).resolves.toBeUndefined(); // 204

    const lost = vi.fn();
    const unsubscribe = onUnauthenticated(lost);
    const probe = await failure(api.auth.me());
    expect(probe).toMatchObject({ status: 401, code: "unauthenticated" });
    expect(lost).not.toHaveBeenCalled();
    const call = await failure(api.projects.list({}));
    expect(call).toMatchObject({ status: 401, code: "unauthenticated" });
    expect(lost).toHaveBeenCalledTimes(1);
    unsubscribe();
  });

  it("maps the server's validation issues to form fields, nested paths included", async () => {
    await signInTab(people.owner);
    const short = await failure(api.projects.create({ name: "ab", kind: "study" } as never));
    expect(short).toMatchObject({ status: 400, code: "validation_failed" });
    expect(short.details).toEqual({ issues: [{ path: "name", message: "El nombre debe tener al menos 3 caracteres." }] });
    expect(fieldErrorsOf(short)).toEqual({ name: "El nombre debe tener al menos 3 caracteres." });

    const nested = await failure(api.projects.update(projectId, { alignment: { ods: [3, 3] } } as never));
    expect(nested).toMatchObject({ status: 400, code: "validation_failed" });
    expect(fieldErrorsOf(nested)).toEqual({ "alignment.ods": "Los ODS no deben repetirse." });
  });

  it("reads no form fields out of details that are not validation issues", async () => {
    await signInTab(people.owner);
    const error = await failure(api.projects.changeStage(projectId, "execution"));
    expect(error).toMatchObject({ status: 409, code: "invalid_stage_transition" });
    expect(error.details).toEqual({ from: "idea", to: "execution", allowed: ["profile"] });
    expect(fieldErrorsOf(error)).toEqual({});
  });

  it("carries not-found, forbidden and too-large answers as the server's codes", async () => {
    await signInTab(people.commenter);
    const missing = await failure(api.projects.get("00000000-0000-4000-8000-000000000000"));
    expect(missing).toMatchObject({ status: 404, code: "project_not_found" });
    const forbidden = await failure(api.projects.update(projectId, { name: "Ciclovía renombrada" }));
    expect(forbidden).toMatchObject({ status: 403, code: "forbidden" });
    expect(forbidden.details).toEqual({ action: "project.update", role: "commenter" });
    expect(fieldErrorsOf(forbidden)).toEqual({});

    await signInTab(people.owner);
    const tooLarge = await failure(api.projects.update(projectId, { description: "x".repeat(1_100_000) }));
    expect(tooLarge).toMatchObject({ status: 413, code: "payload_too_large" });
    expect(tooLarge.requestId).toMatch(/\S/);
    expect((await api.projects.get(projectId)).name).toBe("Ciclovía del río");
  });

  it("reports a server it cannot reach as network_error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    openTab(`http://127.0.0.1:${port}`);
    expect(await failure(api.auth.me())).toMatchObject({ status: 0, code: "network_error" });
  });
});
