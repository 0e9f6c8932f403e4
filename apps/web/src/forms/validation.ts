// Validation codes (packages/domain validation.ts) as words for people. The forms validate with the
// domain's input schemas, so their errors and the server's `validation_failed` issues are the same
// codes on the same paths; both are translated here, in one place. Imports only types from zod, so
// this module is light enough for any chunk.
import type { TFunction } from "i18next";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { z } from "zod";
import { isValidationCode, type InputIssue, type ValidationCode } from "@taller/domain/validation";
import { ApiError } from "../api";

/** The message of each code; `_limit` variants say the limit when the schema tells it. */
const messageKeys = {
  required: "validation.required",
  invalid_type: "validation.invalid_type",
  invalid_option: "validation.invalid_option",
  too_short: "validation.too_short",
  too_long: "validation.too_long",
  too_few: "validation.too_few",
  too_many: "validation.too_many",
  too_small: "validation.too_small",
  too_large: "validation.too_large",
  not_integer: "validation.not_integer",
  too_precise: "validation.too_precise",
  invalid_email: "validation.invalid_email",
  invalid_id: "validation.invalid_id",
  invalid_format: "validation.invalid_format",
  unknown_field: "validation.unknown_field",
  duplicates: "validation.duplicates",
  clave_format: "validation.clave_format",
  funding_sum: "validation.funding_sum",
  ring_not_closed: "validation.ring_not_closed",
  self_intersection: "validation.self_intersection",
  no_changes: "validation.no_changes",
  same_password: "validation.same_password",
  plan_not_cumulative: "validation.plan_not_cumulative",
  by_source_sum: "validation.by_source_sum",
  invalid: "validation.invalid",
} as const satisfies Record<ValidationCode, `validation.${string}`>;

const limitKeys = {
  too_short: "validation.too_short_limit",
  too_long: "validation.too_long_limit",
  too_few: "validation.too_few_limit",
  too_many: "validation.too_many_limit",
  too_small: "validation.too_small_limit",
  too_large: "validation.too_large_limit",
} as const satisfies Partial<Record<ValidationCode, `validation.${string}`>>;

type LimitCode = keyof typeof limitKeys;
const isLimitCode = (code: ValidationCode): code is LimitCode => Object.hasOwn(limitKeys, code);

/** The sentence for a code (an unknown one reads as "invalid"), with the limit when known. */
export function validationMessage(t: TFunction, code: string | undefined, limit?: number): string {
  const known: ValidationCode = isValidationCode(code) ? code : "invalid";
  if (limit !== undefined && isLimitCode(known)) return t(limitKeys[known], { count: limit });
  return t(messageKeys[known]);
}

type Def = {
  type?: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  in?: Schema;
  element?: Schema;
  checks?: { _zod: { def: { check?: string; minimum?: number; maximum?: number; value?: unknown } } }[];
};
type Schema = { _zod: { def: Def } };

/** Through optional, nullable, default and transform wrappers to the schema that checks. */
function unwrap(schema: Schema | undefined): Schema | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    const def: Def = current._zod.def;
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
  return current;
}

const checkFor: Record<LimitCode, { check: string; key: "minimum" | "maximum" | "value" }> = {
  too_short: { check: "min_length", key: "minimum" },
  too_few: { check: "min_length", key: "minimum" },
  too_long: { check: "max_length", key: "maximum" },
  too_many: { check: "max_length", key: "maximum" },
  too_small: { check: "greater_than", key: "value" },
  too_large: { check: "less_than", key: "value" },
};

/**
 * The limit a size code refers to, read from the schema at a dotted path (e.g. 3 for a project's
 * "name" and `too_short`), so messages say the number the domain rule uses without repeating it.
 * Works for the server's issues too, which carry only path and code.
 */
export function limitOf(schema: z.ZodType, path: string, code: string): number | undefined {
  if (!isValidationCode(code) || !isLimitCode(code)) return undefined;
  let node = unwrap(schema as unknown as Schema);
  for (const segment of path ? path.split(".") : []) {
    const def: Def | undefined = node?._zod.def;
    node = unwrap(def?.type === "array" ? def.element : def?.shape?.[segment]);
  }
  const wanted = checkFor[code];
  for (const check of node?._zod.def.checks ?? []) {
    const def = check._zod.def;
    const value = def[wanted.key];
    if (def.check === wanted.check && typeof value === "number") return value;
  }
  return undefined;
}

/** How many fields have an error (a group's own error and its fields' each count). */
export function countErrors(errors: object): number {
  let count = 0;
  for (const [key, child] of Object.entries(errors)) {
    if (key === "ref" || key === "types" || !child || typeof child !== "object") continue;
    if (typeof (child as { message?: unknown }).message === "string") count++;
    count += countErrors(child as object);
  }
  return count;
}

/** The longest text the schema accepts at `path`, for an input's maxLength. */
export const maxLengthOf = (schema: z.ZodType, path: string) => limitOf(schema, path, "too_long");

/** The issues of a `validation_failed` answer; none for any other error. */
export function serverIssues(error: unknown): InputIssue[] {
  if (!(error instanceof ApiError) || error.code !== "validation_failed") return [];
  const issues = (error.details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: unknown) => {
    const { path, code } = (issue ?? {}) as { path?: unknown; code?: unknown };
    return typeof path === "string" && isValidationCode(code) ? [{ path, code }] : [];
  });
}

/**
 * Puts the server's issues on the form's fields (as errors of type "server", message = code),
 * each on the first of `fields` its path starts with; returns whether any landed. Issues about no
 * field of the form (e.g. the whole body) stay in the error alert.
 */
export function setServerIssues<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): boolean {
  const landed = new Set<Path<T>>();
  for (const issue of serverIssues(error)) {
    const field = fields.find((name) => issue.path === name || issue.path.startsWith(`${name}.`));
    // The first issue of a field is the one shown, as with the form's own checks.
    if (!field || landed.has(field)) continue;
    setError(field, { type: "server", message: issue.code }, { shouldFocus: landed.size === 0 });
    landed.add(field);
  }
  return landed.size > 0;
}
