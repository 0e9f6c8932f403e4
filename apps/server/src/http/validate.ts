import type { Context, MiddlewareHandler } from "hono";
import { zValidator } from "@hono/zod-validator";
import type { z } from "zod";
import { DomainError, inputIssues, parseOptions } from "@taller/domain";

/**
 * Request validation at the edge, as Hono middleware over `@hono/zod-validator`: a route declares
 * `jsonBody(schema)` or `queryOf(schema)` and reads the parsed input with `c.req.valid("json")` /
 * `c.req.valid("query")`. Failures are domain errors, answered by the app's error handler:
 * 415 `unsupported_media_type` for a body that is not JSON, 400 `invalid_json` for one that does
 * not parse, 400 `invalid_characters` (checked before the schema) and 400 `validation_failed` with
 * `details.issues: [{path, code}]` (codes: packages/domain validation.ts). Body size is limited
 * earlier, by the body-limit middleware.
 */
export function jsonBody<S extends z.ZodType>(schema: S) {
  const validator = zValidator("json", schema, refuseInvalid, { validationFunction: parseStorable<S> });
  // The validator reads the body itself, but answers a non-JSON content type by validating `{}`
  // and unparsable JSON with a plain 400: both are refused here first. The parsed body is cached
  // by Hono's request, so it is read once.
  const middleware: MiddlewareHandler = async (c, next) => {
    await readJsonBody(c);
    return validator(c, next);
  };
  return middleware as typeof validator;
}

/**
 * The query string validated by `schema`. A repeated parameter counts with its first value, as
 * `c.req.query()` reads it, so `?stage=a&stage=b` filters by `a` instead of failing.
 */
export function queryOf<S extends z.ZodType>(schema: S) {
  return zValidator("query", schema, refuseInvalid, {
    validationFunction: (s: S, query: Record<string, string | string[]>) =>
      parseStorable(s, Object.fromEntries(Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]))),
  });
}

async function readJsonBody(c: Context): Promise<unknown> {
  // Hono's own rule for a JSON media type (`hono/validator`), so whatever passes here is read.
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim();
  if (!/^application\/([\w.-]+\+)?json$/i.test(mediaType)) {
    throw new DomainError("unsupported_media_type", "El cuerpo debe ser JSON (Content-Type: application/json).");
  }
  try {
    return await c.req.json();
  } catch (error) {
    if (error instanceof SyntaxError) throw new DomainError("invalid_json", "El cuerpo no es JSON válido.");
    throw error;
  }
}

// Typed as the validator expects (its result type is a conditional type over S, which a generic
// safeParseAsync cannot be shown to match).
function parseStorable<S extends z.ZodType>(schema: S, value: unknown): Promise<never> {
  assertStorableText(value);
  return schema.safeParseAsync(value, parseOptions) as Promise<never>;
}

function refuseInvalid(result: { success: true } | { success: false; error: z.core.$ZodError }): undefined {
  if (!result.success) throw validationFailed(result.error);
  return undefined;
}

/** `validation_failed` with each issue's path and code; the message summarizes the first one. */
function validationFailed(error: z.core.$ZodError): DomainError {
  const issues = inputIssues(error);
  const first = issues[0];
  const more = issues.length > 1 ? ` (y ${issues.length - 1} más)` : "";
  const message = first ? `Datos inválidos: ${first.path || "cuerpo"} (${first.code})${more}.` : "Datos inválidos.";
  return new DomainError("validation_failed", message, { issues });
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when a path id can be a row id; anything else is simply "not found", never a 500. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

declare global {
  interface String {
    /** ES2024, in Node since 20.0; the workspace's `lib` is ES2023. */
    isWellFormed(): boolean;
  }
}

/** A string PostgreSQL can store as text: well-formed UTF-16 (no lone surrogates), no NUL. */
export function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes("\u0000");
}

/**
 * Refuses NUL bytes and lone surrogates anywhere in an input (keys and values, any depth) with
 * 400 `invalid_characters` before anything is read or written: PostgreSQL rejects them (22021,
 * 22P05) halfway through a command, and a filter would otherwise turn into a 500. Iterative, so a
 * deeply nested body (JSON.parse accepts any depth) cannot overflow the stack.
 */
export function assertStorableText(value: unknown): void {
  // Each entry points to its parent; the path is only built for the error.
  interface Entry {
    value: unknown;
    key: string | number | null;
    parent: Entry | null;
  }
  const pending: Entry[] = [{ value, key: null, parent: null }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const v = entry.value;
    if (typeof v === "string") {
      if (!isStorableText(v)) refuse(pathOf(entry));
    } else if (Array.isArray(v)) {
      for (let index = v.length - 1; index >= 0; index--) pending.push({ value: v[index], key: index, parent: entry });
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, child] = entries[index]!;
        // The offending key is not echoed back: it is shown as "?".
        if (!isStorableText(key)) refuse(pathOf({ key: "?", parent: entry }));
        pending.push({ value: child, key, parent: entry });
      }
    }
  }
}

/** "a.0.b" for an entry, shortened from the left beyond 200 characters. */
function pathOf(entry: { key: string | number | null; parent: { key: string | number | null; parent: unknown } | null }): string {
  const keys: string[] = [];
  let length = 0;
  for (let e: typeof entry | null = entry; e && e.key !== null && length <= 200; e = e.parent as typeof entry | null) {
    keys.push(String(e.key));
    length += String(e.key).length + 1;
  }
  const path = keys.reverse().join(".");
  return length > 200 ? `….${path.slice(-200)}` : path;
}

function refuse(path: string): never {
  throw new DomainError(
    "invalid_characters",
    `${path ? `${path}: ` : ""}el texto contiene caracteres no válidos (bytes nulos o sustitutos UTF-16 sueltos).`,
    { path },
  );
}
