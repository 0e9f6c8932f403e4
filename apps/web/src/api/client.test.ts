import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, buildUrl, fieldErrorsOf, onUnauthenticated, request } from "./client";

describe("buildUrl", () => {
  it("drops unset and blank filters and trims values", () => {
    expect(buildUrl("/api/projects", { stage: "idea", kind: undefined, org: "", text: "  parque " })).toBe(
      "/api/projects?stage=idea&text=parque",
    );
  });

  it("returns the bare path when nothing is set", () => {
    expect(buildUrl("/api/projects", { stage: undefined })).toBe("/api/projects");
  });
});

describe("request", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("turns the server's error envelope into an ApiError", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        new Response(JSON.stringify({ error: { code: "invalid_credentials", message: "Credenciales inválidas", requestId: "r1" } }), {
          status: 401,
        }),
      ),
    );
    const failure = await request("/api/auth/login", { method: "POST", body: {}, expectUnauthenticated: true }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, code: "invalid_credentials", requestId: "r1" });
  });

  it("tells listeners when the session is lost, but not for an expected 401", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ error: { code: "unauthenticated", message: "x" } }), { status: 401 })),
    );
    const listener = vi.fn();
    const unsubscribe = onUnauthenticated(listener);
    await request("/api/auth/me", { expectUnauthenticated: true }).catch(() => undefined);
    expect(listener).not.toHaveBeenCalled();
    await request("/api/projects").catch(() => undefined);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
  });

  it("maps a failed fetch to network_error", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("offline"))));
    await expect(request("/api/orgs")).rejects.toMatchObject({ code: "network_error", status: 0 });
  });

  it("returns undefined for 204", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(null, { status: 204 })));
    await expect(request("/api/auth/logout", { method: "POST" })).resolves.toBeUndefined();
  });
});

describe("fieldErrorsOf", () => {
  const withDetails = (details: unknown) => new ApiError(400, "validation_failed", "Datos inválidos", "r", details);

  it("reads zod flatten() output", () => {
    expect(fieldErrorsOf(withDetails({ fieldErrors: { name: ["Requerido", "Otro"] }, formErrors: [] }))).toEqual({
      name: "Requerido",
    });
  });

  it("reads issue lists with array paths", () => {
    expect(fieldErrorsOf(withDetails({ issues: [{ path: ["kind"], message: "Tipo inválido" }] }))).toEqual({
      kind: "Tipo inválido",
    });
    expect(fieldErrorsOf(withDetails([{ path: "email", message: "Correo duplicado" }]))).toEqual({
      email: "Correo duplicado",
    });
  });

  it("ignores errors that are not ApiErrors or have no details", () => {
    expect(fieldErrorsOf(new Error("x"))).toEqual({});
    expect(fieldErrorsOf(withDetails(undefined))).toEqual({});
  });
});
