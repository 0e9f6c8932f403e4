import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, isDomainError, type ErrorCode } from "@taller/domain";
import type { AppEnv } from "./env";

/**
 * The one place where failures become HTTP responses: `{ error: { code, message, requestId } }`.
 * Domain errors keep their code and status; database constraint violations that a client can
 * cause are translated; anything else is a 500 that is logged with its request id and whose
 * details never reach the client.
 */
export function errorResponse(c: Context<AppEnv>, code: ErrorCode, message: string, details?: unknown): Response {
  const status = new DomainError(code, message).status;
  const retryAfter = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (status === 429 && typeof retryAfter === "number") c.header("Retry-After", String(Math.ceil(retryAfter)));
  // A body refused as too large is answered before it is read: the rest of it is still on the
  // wire, so this connection cannot carry another request. Say so, rather than have Node drop it.
  if (code === "payload_too_large") c.header("Connection", "close");
  const body = { error: { code, message, requestId: c.get("requestId"), ...(details === undefined ? {} : { details }) } };
  return c.json(body, status as 400);
}

const UNIQUE_VIOLATION_CODES: Record<string, { code: ErrorCode; message: string }> = {
  users_email_key: { code: "email_taken", message: "Ya existe una cuenta con ese correo." },
  projects_clave_key: { code: "clave_taken", message: "Ya existe un proyecto con esa clave." },
  organizations_short_name_key: { code: "short_name_taken", message: "Ya existe una dependencia con esas siglas." },
  // Checked first by the commands; these answer the race of two requests for the same month or date.
  progress_reports_project_period_key: { code: "report_period_taken", message: "Ya hay un reporte de avance de ese mes." },
  indicator_measurements_indicator_date_key: { code: "measurement_date_taken", message: "El indicador ya tiene una medición en esa fecha." },
};

/**
 * PostgreSQL refuses text it cannot store: 22021 (invalid byte sequence, e.g. a NUL byte in
 * text) and 22P05 (untranslatable character, e.g. `\u0000` in jsonb). Input validation catches
 * these first (`http/validate.ts`); this is the fallback for any path it does not cover.
 */
const INVALID_TEXT_CODES = new Set(["22021", "22P05"]);

function pgError(error: unknown): { code?: string; constraint?: string } | null {
  // drizzle wraps driver errors; the pg / PGlite error is the cause.
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e === "object" && typeof (e as { code?: unknown }).code === "string") {
      return e as { code?: string; constraint?: string };
    }
  }
  return null;
}

export function handleError(error: unknown, c: Context<AppEnv>): Response {
  if (isDomainError(error)) return errorResponse(c, error.code, error.message, error.details);
  if (error instanceof HTTPException && error.status === 413) {
    return errorResponse(c, "payload_too_large", "La solicitud es demasiado grande.");
  }
  const pg = pgError(error);
  if (pg?.code === "23505" && pg.constraint && UNIQUE_VIOLATION_CODES[pg.constraint]) {
    const mapped = UNIQUE_VIOLATION_CODES[pg.constraint]!;
    return errorResponse(c, mapped.code, mapped.message);
  }
  if (pg?.code && INVALID_TEXT_CODES.has(pg.code)) {
    return errorResponse(c, "invalid_characters", "El texto contiene caracteres no válidos (bytes nulos o sustitutos UTF-16 sueltos).");
  }
  // The route pattern, not the URL: paths and query strings may carry personal data.
  console.error(`[http] ${c.req.method} ${c.req.routePath} request ${c.get("requestId")} failed: ${describeError(error)}`);
  return errorResponse(c, "internal_error", "Error interno del servidor. Inténtalo de nuevo más tarde.");
}

/**
 * A log-safe description of an unexpected error. Driver and drizzle errors carry the query's
 * parameters (emails, names, passwords' neighbours) in `params`, in their message and in
 * PostgreSQL's `detail` ("Key (email)=(…) already exists"): for those only the SQL text (with
 * placeholders) and the error's code, constraint and location are kept.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = error, depth = 0; e && depth < 5 && !seen.has(e); e = (e as { cause?: unknown }).cause, depth++) {
    seen.add(e);
    if (typeof e !== "object") {
      parts.push(typeof e);
      break;
    }
    const err = e as Record<string, unknown>;
    const name = typeof err.name === "string" ? err.name : "Error";
    if (typeof err.query === "string" && "params" in err) {
      // DrizzleQueryError: its message is `Failed query: …\nparams: …`.
      parts.push(`${name}: failed query: ${err.query.slice(0, 500)}`);
    } else if (typeof err.code === "string" && /^[0-9A-Z]{5}$/.test(err.code) && ("severity" in err || "routine" in err)) {
      // A PostgreSQL error (pg or PGlite): message and detail may quote the values.
      const fields = ["code", "severity", "constraint", "table", "column", "routine"]
        .filter((k) => typeof err[k] === "string")
        .map((k) => `${k}=${String(err[k])}`);
      parts.push(`${name} (${fields.join(", ")})`);
    } else {
      const message = typeof err.message === "string" ? err.message.slice(0, 300) : "";
      const code = typeof err.code === "string" ? ` [${err.code}]` : "";
      const stack = typeof err.stack === "string" ? `\n${err.stack.split("\n").slice(1, 8).join("\n")}` : "";
      parts.push(`${name}${code}: ${message}${stack}`);
    }
  }
  return parts.join(" <- caused by: ");
}
