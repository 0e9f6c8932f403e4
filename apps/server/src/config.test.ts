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

  it("has per-person caps and second-grained session overrides", () => {
    const defaults = loadConfig({});
    expect(defaults.perUser).toEqual({ maxSockets: 50, documentsPerHour: 60 });
    expect(defaults.session.idleMs).toBe(240 * 60_000);
    expect(defaults.session.absoluteMs).toBe(12 * 3_600_000);
    const tuned = loadConfig({ SESSION_IDLE_SECONDS: "5", SESSION_ABSOLUTE_SECONDS: "30", COLLAB_MAX_SOCKETS_PER_USER: "3", DOCUMENTS_PER_USER_PER_HOUR: "7" });
    expect(tuned.session.idleMs).toBe(5_000);
    expect(tuned.session.absoluteMs).toBe(30_000);
    expect(tuned.perUser).toEqual({ maxSockets: 3, documentsPerHour: 7 });
    expect(() => loadConfig({ SESSION_IDLE_SECONDS: "0" })).toThrow(/SESSION_IDLE_SECONDS/);
    expect(() => loadConfig({ COLLAB_MAX_SOCKETS_PER_USER: "0" })).toThrow(/COLLAB_MAX_SOCKETS_PER_USER/);
  });

  it("refuses invalid values with every problem listed", () => {
    expect(() => loadConfig({ PORT: "http", DATABASE_URL: "mysql://x" })).toThrow(/PORT[\s\S]*DATABASE_URL/);
    expect(() => loadConfig({ ADMIN_EMAIL: "admin@ejemplo.mx" })).toThrow(/ADMIN_EMAIL y ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_EMAIL: "admin@ejemplo.mx", ADMIN_PASSWORD: "corta" })).toThrow(/12 caracteres/);
  });

  it("reads outgoing mail settings, which need PUBLIC_URL for their links", () => {
    expect(loadConfig({}).mail).toBeNull();
    const mail = loadConfig({ SMTP_URL: "smtps://taller:clave@smtp.ejemplo.gob.mx:465", PUBLIC_URL: "https://taller.ejemplo.gob.mx" }).mail;
    expect(mail).toEqual({ smtpUrl: "smtps://taller:clave@smtp.ejemplo.gob.mx:465", from: "Taller <taller@taller.ejemplo.gob.mx>" });
    const from = loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525", PUBLIC_URL: "http://localhost:3000", MAIL_FROM: "Avisos <avisos@implan.gob.mx>" }).mail;
    expect(from?.from).toBe("Avisos <avisos@implan.gob.mx>");
    expect(() => loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" })).toThrow(/SMTP_URL requiere PUBLIC_URL/);
    expect(() => loadConfig({ SMTP_URL: "http://smtp.ejemplo.mx", PUBLIC_URL: "http://localhost:3000" })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525", PUBLIC_URL: "http://localhost:3000", MAIL_FROM: "sin arroba" })).toThrow(/MAIL_FROM/);
  });
});
