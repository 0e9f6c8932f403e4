import { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "@taller/domain";
import type { SessionPolicy } from "./auth/sessions";

/**
 * Server configuration, read once from the environment. Every variable is documented in the
 * README; invalid values stop the start with a readable message rather than a later surprise.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.string().startsWith("postgres").optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(PASSWORD_MIN_LENGTH, `ADMIN_PASSWORD debe tener al menos ${PASSWORD_MIN_LENGTH} caracteres.`).optional(),
  /** The URL people open, e.g. https://taller.implan.gob.mx; decides Secure cookies and the own origin. */
  PUBLIC_URL: z.url().optional(),
  /** Extra origins allowed to call the API and open collaboration sockets, comma separated. */
  ALLOWED_ORIGINS: z.string().default(""),
  /** Use the first X-Forwarded-For address as the client IP (only behind a trusted proxy). */
  TRUST_PROXY: z.enum(["0", "1", "true", "false"]).default("0"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(240),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /** Finer-grained overrides of the two above, for tests (a session that ends within seconds). */
  SESSION_IDLE_SECONDS: z.coerce.number().int().min(1).optional(),
  SESSION_ABSOLUTE_SECONDS: z.coerce.number().int().min(1).optional(),
  /** Live collaboration sockets one person may hold at once (tabs × devices); beyond, the upgrade gets 429. */
  COLLAB_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(50),
  /** Documents (texts and canvases) one person may create per hour; beyond, 429 too_many_requests. */
  DOCUMENTS_PER_USER_PER_HOUR: z.coerce.number().int().min(1).default(60),
  /** Seed the fictional demo portfolio on an empty database. */
  TALLER_DEMO: z.enum(["0", "1", "true", "false"]).default("0"),
  /** Largest WebSocket frame a collaboration client may send (bytes); larger ones close with 1009. */
  COLLAB_MAX_FRAME_BYTES: z.coerce.number().int().min(64 * 1024).default(2 * 1024 * 1024),
  /**
   * Largest collaborative document (bytes stored since its last compaction, an upper bound): an
   * edit that would take it beyond is refused (document_too_large) and not stored.
   */
  COLLAB_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(64 * 1024).default(8 * 1024 * 1024),
  /** A document nobody has open is written out and unloaded from memory after this long. */
  COLLAB_IDLE_UNLOAD_SECONDS: z.coerce.number().min(0.1).default(30),
  /** tldraw license key for production use of the canvas (https://tldraw.dev/pricing); empty in development. */
  TLDRAW_LICENSE_KEY: z.string().optional(),
  /** The institute's own map style (MapLibre style JSON URL) for the base map; unset: a plain background. */
  MAP_STYLE_URL: z.url({ protocol: /^https?$/, error: "MAP_STYLE_URL debe ser una URL http:// o https://" }).optional(),
  /** Directory of the built web app; defaults to apps/web/dist. */
  WEB_DIST: z.string().optional(),
  /** Outgoing mail for notifications, e.g. smtps://usuario:clave@smtp.ejemplo.gob.mx:465; unset: no email. */
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "SMTP_URL debe ser una URL smtp:// o smtps://" })
    .optional(),
  /** The sender of notification emails, e.g. "Taller <taller@implan.gob.mx>"; defaults to taller@<PUBLIC_URL host>. */
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, "MAIL_FROM debe ser una dirección, p. ej. Taller <taller@ejemplo.gob.mx>")
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  admin: { email: string; password: string } | null;
  publicUrl: URL | null;
  allowedOrigins: string[];
  trustProxy: boolean;
  secureCookies: boolean;
  /** Idle and absolute session limits, built once here for HTTP requests and collaboration sockets alike. */
  session: SessionPolicy;
  /** Per-person caps against one account exhausting the server. */
  perUser: { maxSockets: number; documentsPerHour: number };
  demo: boolean;
  collab: { maxFrameBytes: number; maxDocumentBytes: number; idleUnloadMs: number };
  tldrawLicenseKey: string | null;
  /** MAP_STYLE_URL: the base map's style; its origin is allowed by the CSP. Null: no base map. */
  mapStyleUrl: string | null;
  webDist: string | undefined;
  /** Notification emails: SMTP server and sender; null when SMTP_URL is not set (no email). */
  mail: { smtpUrl: string; from: string } | null;
}

const truthy = (v: string) => v === "1" || v === "true";

/** Parses the environment into a {@link Config}; throws with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable (`DATABASE_URL=` in an env file) means "not set", not "invalid".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Configuración inválida:\n${problems}`);
  }
  const e = parsed.data;
  if (Boolean(e.ADMIN_EMAIL) !== Boolean(e.ADMIN_PASSWORD)) {
    throw new Error("Configuración inválida: ADMIN_EMAIL y ADMIN_PASSWORD van juntos.");
  }
  const publicUrl = e.PUBLIC_URL ? new URL(e.PUBLIC_URL) : null;
  if (e.SMTP_URL && !publicUrl) {
    throw new Error("Configuración inválida: SMTP_URL requiere PUBLIC_URL (los correos llevan enlaces a Taller y deben saber su dirección).");
  }
  const allowedOrigins = e.ALLOWED_ORIGINS.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => new URL(s).origin);
  if (publicUrl) allowedOrigins.push(publicUrl.origin);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : null,
    publicUrl,
    allowedOrigins,
    trustProxy: truthy(e.TRUST_PROXY),
    secureCookies: publicUrl?.protocol === "https:",
    session: {
      idleMs: (e.SESSION_IDLE_SECONDS ?? e.SESSION_IDLE_MINUTES * 60) * 1000,
      absoluteMs: (e.SESSION_ABSOLUTE_SECONDS ?? e.SESSION_ABSOLUTE_HOURS * 3600) * 1000,
    },
    perUser: { maxSockets: e.COLLAB_MAX_SOCKETS_PER_USER, documentsPerHour: e.DOCUMENTS_PER_USER_PER_HOUR },
    demo: truthy(e.TALLER_DEMO),
    collab: {
      maxFrameBytes: e.COLLAB_MAX_FRAME_BYTES,
      maxDocumentBytes: e.COLLAB_MAX_DOCUMENT_BYTES,
      idleUnloadMs: e.COLLAB_IDLE_UNLOAD_SECONDS * 1000,
    },
    webDist: e.WEB_DIST,
    tldrawLicenseKey: e.TLDRAW_LICENSE_KEY ?? null,
    mapStyleUrl: e.MAP_STYLE_URL ?? null,
    mail: e.SMTP_URL && publicUrl ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM ?? `Taller <taller@${publicUrl.hostname}>` } : null,
  };
}
