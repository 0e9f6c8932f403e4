import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("loadConfig", () => {
  it("has working defaults for the embedded setup", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: "127.0.0.1", databaseUrl: undefined, dataDir: "./data", admin: null, secureCookies: false });
  });

  it("treats empty variables as unset and derives https settings from PUBLIC_URL", () => {
    const config = loadConfig({ DATABASE_URL: "", PUBLIC_URL: "https://taller.ejemplo.gob.mx/", ALLOWED_ORIGINS: "https://a.ejemplo.mx, https://b.ejemplo.mx/x" });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.secureCookies).toBe(true);
    expect(config.allowedOrigins).toEqual(["https://a.ejemplo.mx", "https://b.ejemplo.mx", "https://taller.ejemplo.gob.mx"]);
  });

  it("refuses invalid values with every problem listed", () => {
    expect(() => loadConfig({ PORT: "http", DATABASE_URL: "mysql://x" })).toThrow(/PORT[\s\S]*DATABASE_URL/);
    expect(() => loadConfig({ ADMIN_EMAIL: "admin@ejemplo.mx" })).toThrow(/ADMIN_EMAIL y ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_EMAIL: "admin@ejemplo.mx", ADMIN_PASSWORD: "corta" })).toThrow(/12 caracteres/);
  });
});
