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
  assertStorableText(value);
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
