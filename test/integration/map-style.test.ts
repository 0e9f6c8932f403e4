import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "@taller/server/config";
import { ApiClient } from "../support/api-client";
import { startTestApp, type TestApp } from "../support/app";

/** MAP_STYLE_URL: handed to the web app, and its origin (only it) allowed by the CSP. */
const started: TestApp[] = [];
afterAll(async () => {
  await Promise.all(started.map((t) => t.close()));
});

const csp = (res: Response) => Object.fromEntries((res.headers.get("content-security-policy") ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

describe("MAP_STYLE_URL", () => {
  it("is optional and must be an http(s) URL", () => {
    expect(loadConfig({}).mapStyleUrl).toBeNull();
    expect(loadConfig({ MAP_STYLE_URL: "" }).mapStyleUrl).toBeNull();
    expect(() => loadConfig({ MAP_STYLE_URL: "ftp://tiles.implan.local/style.json" })).toThrow(/MAP_STYLE_URL/);
  });

  it("without it: client-config says null and the CSP allows only the own origin", async () => {
    const t = await startTestApp();
    started.push(t);
    const res = await new ApiClient(t).fetch("/api/client-config");
    expect(await res.json()).toMatchObject({ mapStyleUrl: null });
    const policy = csp(res);
    expect(policy["connect-src"]).toEqual(["'self'"]);
    expect(policy["img-src"]).toEqual(["'self'", "data:", "blob:"]);
  });

  it("with it: the URL reaches the web app and its origin is allowed to connect, and for images and fonts", async () => {
    const t = await startTestApp({ MAP_STYLE_URL: "https://mapas.implan.local:8443/estilos/base.json" });
    started.push(t);
    const res = await new ApiClient(t).fetch("/api/client-config");
    expect(await res.json()).toMatchObject({ mapStyleUrl: "https://mapas.implan.local:8443/estilos/base.json" });
    const policy = csp(res);
    expect(policy["connect-src"]).toEqual(["'self'", "https://mapas.implan.local:8443"]);
    expect(policy["img-src"]).toContain("https://mapas.implan.local:8443");
    expect(policy["font-src"]).toContain("https://mapas.implan.local:8443");
    expect(policy["script-src"]).toBeUndefined();
    expect(policy["default-src"]).toEqual(["'self'"]);
  });
});
