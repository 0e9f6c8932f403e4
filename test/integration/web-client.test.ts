import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { api } from "../../apps/web/src/api/index";
import { ApiError, fieldErrorsOf, onUnauthenticated } from "../../apps/web/src/api/client";
import { ADMIN, CollabTestServer, HttpSession } from "../support/realtime";

/**
 * The web app's API client (apps/web/src/api) against a real server process, over real HTTP:
 * every error it turns into an ApiError here is one the server actually sent. The client calls
 * `fetch` with same-origin relative URLs, as in the browser; the only stand-in is that
 * browser's part of fetch: resolve the URL against the page's origin, send the Origin header
 * and keep the session cookie.
 */
let server: CollabTestServer;
let admin: HttpSession;
let projectId: string;
const PASSWORD = "contraseña-de-prueba";
const people = { owner: "", commenter: "" };
const realFetch = globalThis.fetch;

/** A browser tab on `origin`: its cookie jar and its same-origin fetch. */
function browserTab(origin: string) {
  let cookie = "";
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("origin", origin);
    if (cookie) headers.set("cookie", cookie);
    const response = await realFetch(new URL(String(input), origin), { ...init, headers });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) {
      const pair = setCookie.split(";")[0]!;
      cookie = /max-age=0|expires=thu, 01 jan 1970/i.test(setCookie) ? "" : pair;
    }
    return response;
  };
  return { fetch, open: () => vi.stubGlobal("fetch", fetch) };
}

async function signInTab(email: string) {
  const tab = browserTab(server.url);
  tab.open();
  await api.auth.login({ email, password: PASSWORD });
  return tab;
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
  admin = await HttpSession.login(server.url, ADMIN.email, ADMIN.password);
  const org = await admin.call("POST", "/api/orgs", { name: "Dirección de Movilidad", shortName: "MOV" });
  for (const who of ["owner", "commenter"] as const) {
    people[who] = `${who}.cliente@ejemplo.mx`;
    const created = await admin.call("POST", "/api/users", { email: people[who], name: who, password: PASSWORD, orgId: org.body.id });
    expect(created.status).toBe(201);
  }
  const owner = await HttpSession.login(server.url, people.owner, PASSWORD);
  const project = await owner.call("POST", "/api/projects", { name: "Ciclovía del río", kind: "study" });
  expect(project.status).toBe(201);
  projectId = project.body.id;
  const commenterId = (await admin.call("GET", "/api/users")).body.users.find((u: { email: string }) => u.email === people.commenter).id;
  expect((await owner.call("POST", `/api/projects/${projectId}/members`, { userId: commenterId, role: "commenter" })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  vi.unstubAllGlobals();
  await server?.close();
});

describe("the web API client against the real server", () => {
  it("turns a refused login into the server's code, message and request id, without announcing a lost session", async () => {
    browserTab(server.url).open();
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
    browserTab(`http://127.0.0.1:${port}`).open();
    expect(await failure(api.auth.me())).toMatchObject({ status: 0, code: "network_error" });
  });
});
