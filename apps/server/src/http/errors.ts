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
  const body = { error: { code, message, requestId: c.get("requestId"), ...(details === undefined ? {} : { details }) } };
  return c.json(body, status as 400);
}

const UNIQUE_VIOLATION_CODES: Record<string, { code: ErrorCode; message: string }> = {
  users_email_key: { code: "email_taken", message: "Ya existe una cuenta con ese correo." },
  projects_clave_key: { code: "clave_taken", message: "Ya existe un proyecto con esa clave." },
  organizations_short_name_key: { code: "short_name_taken", message: "Ya existe una dependencia con esas siglas." },
};

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
  console.error(`[http] ${c.req.method} ${c.req.path} request ${c.get("requestId")} failed:`, error);
  return errorResponse(c, "internal_error", "Error interno del servidor. Intente de nuevo más tarde.");
}
