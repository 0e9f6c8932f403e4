import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AppEnv } from "./env";
import { handleError } from "./errors";
import { jsonBody, queryOf } from "./validate";

const body = z.strictObject({ name: z.string().trim().min(3).max(10), tags: z.array(z.string()).max(2).default([]) });
const query = z.object({ stage: z.enum(["idea", "profile"]).optional(), limit: z.coerce.number().int().max(50).default(20) });

const app = new Hono<AppEnv>()
  .post("/things", jsonBody(body), (c) => c.json(c.req.valid("json")))
  .get("/things", queryOf(query), (c) => c.json(c.req.valid("query")))
  .onError(handleError);

const post = (payload: string, contentType = "application/json") =>
  app.request("/things", { method: "POST", body: payload, headers: { "content-type": contentType } });

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}

describe("jsonBody", () => {
  it("hands the parsed, normalized body to the route", async () => {
    const response = await post(JSON.stringify({ name: "  Parque  " }), "application/json; charset=utf-8");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: "Parque", tags: [] });
  });

  it("answers 415 unsupported_media_type for a body that is not JSON", async () => {
    const response = await post(JSON.stringify({ name: "Parque" }), "text/plain");
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({ code: "unsupported_media_type" });
    const missing = await app.request("/things", { method: "POST", body: "{}" });
    expect(missing.status).toBe(415);
  });

  it("answers 400 invalid_json for a body that does not parse", async () => {
    const response = await post('{"name": "Parque"');
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "invalid_json" });
  });

  it("answers 400 invalid_characters before the schema sees the body", async () => {
    // The name is also too short: the character check comes first.
    const response = await post(JSON.stringify({ name: "a\u0000", tags: ["ok"] }));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "invalid_characters", details: { path: "name" } });
  });

  it("answers 400 validation_failed with each issue's path and code", async () => {
    const response = await post(JSON.stringify({ name: "ab", tags: ["a", "b", "c"], extra: 1 }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("validation_failed");
    expect(error.message).toBe("Datos inválidos: name (too_short) (y 2 más).");
    expect(error.details).toEqual({
      issues: [
        { path: "name", code: "too_short" },
        { path: "tags", code: "too_many" },
        { path: "", code: "unknown_field" },
      ],
    });
    const empty = await errorOf(await post(JSON.stringify({ name: "   " })));
    expect(empty.details).toEqual({ issues: [{ path: "name", code: "required" }] });
    const notAnObject = await errorOf(await post("null"));
    expect(notAnObject.details).toEqual({ issues: [{ path: "", code: "invalid_type" }] });
  });
});

describe("queryOf", () => {
  it("hands the parsed query to the route, a repeated parameter by its first value", async () => {
    const response = await app.request("/things?stage=profile&stage=idea&limit=5");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stage: "profile", limit: 5 });
  });

  it("answers invalid_characters and validation_failed like bodies", async () => {
    const bad = await app.request("/things?stage=a%00b");
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: "invalid_characters", details: { path: "stage" } });
    const invalid = await app.request("/things?stage=demolition&limit=500");
    expect(invalid.status).toBe(400);
    expect((await errorOf(invalid)).details).toEqual({
      issues: [
        { path: "stage", code: "invalid_option" },
        { path: "limit", code: "too_large" },
      ],
    });
  });
});
