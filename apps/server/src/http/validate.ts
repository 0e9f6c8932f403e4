import type { Context } from "hono";
import type { z } from "zod";
import { DomainError } from "@taller/domain";

/**
 * Reads and validates a JSON body. Wrong content type, unparsable JSON and schema violations
 * are 4xx domain errors with the offending paths in `details`, so a client can point at the
 * field. Body size is limited earlier, by the body-limit middleware.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const contentType = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new DomainError("unsupported_media_type", "El cuerpo debe ser JSON (Content-Type: application/json).");
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (error) {
    if (error instanceof SyntaxError) throw new DomainError("invalid_json", "El cuerpo no es JSON válido.");
    throw error;
  }
  return validate(schema, body);
}

/** Validates any value (query strings, path params) with the same error shape as bodies. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const first = issues[0];
    throw new DomainError(
      "validation_failed",
      first ? `${first.path ? `${first.path}: ` : ""}${first.message}` : "Datos inválidos.",
      { issues },
    );
  }
  return result.data;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when a path id can be a row id; anything else is simply "not found", never a 500. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
