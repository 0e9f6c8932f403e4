import type { z } from "zod";

/**
 * What is wrong with one input value, as a stable code. The server answers them in
 * `validation_failed` issues and the web app translates them (es-MX, en); neither sends nor shows
 * zod's own sentences. Generic codes come from zod's built-in checks (see `issueCode`); the domain
 * codes come from the schemas' own rules (`error: "clave_format"`).
 */
export const VALIDATION_CODES = [
  "required",
  "invalid_type",
  "invalid_option",
  "too_short",
  "too_long",
  "too_few",
  "too_many",
  "too_small",
  "too_large",
  "not_integer",
  "too_precise",
  "invalid_email",
  "invalid_id",
  "invalid_format",
  "unknown_field",
  "duplicates",
  "clave_format",
  "funding_sum",
  "ring_not_closed",
  "self_intersection",
  "no_changes",
  /** A new password equal to the current one. */
  "same_password",
  /** A progress plan whose planned % goes down from one month to a later one. */
  "plan_not_cumulative",
  /** A progress report whose per-source amounts do not add up to its totals. */
  "by_source_sum",
  "invalid",
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

const codes: ReadonlySet<string> = new Set(VALIDATION_CODES);
export const isValidationCode = (value: unknown): value is ValidationCode => typeof value === "string" && codes.has(value);

type RawIssue = z.core.$ZodRawIssue;

/**
 * The code of one of zod's built-in issues, from its kind and the kind of value checked. Passed to
 * every parse as its error map (`parseOptions`), so each issue's `message` is a code; a schema's own
 * `error` takes precedence over it, which is how the domain codes are set.
 */
export function issueCode(issue: RawIssue): ValidationCode {
  // A missing field, whatever was expected of it (a string, one of a list, a record).
  if (issue.input === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union")) {
    return "required";
  }
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "int" ? "not_integer" : "invalid_type";
    case "too_small":
      if (issue.origin === "string") return issue.input === "" ? "required" : "too_short";
      return issue.origin === "array" || issue.origin === "set" ? "too_few" : "too_small";
    case "too_big":
      if (issue.origin === "string") return "too_long";
      return issue.origin === "array" || issue.origin === "set" ? "too_many" : "too_large";
    case "invalid_format":
      if (issue.format === "email") return "invalid_email";
      return issue.format === "uuid" || issue.format === "guid" ? "invalid_id" : "invalid_format";
    case "not_multiple_of":
      return "too_precise";
    case "unrecognized_keys":
      return "unknown_field";
    case "invalid_value":
    case "invalid_union":
      return "invalid_option";
    default:
      return "invalid";
  }
}

/** Parse options that make every issue's message a ValidationCode. */
export const parseOptions = { error: issueCode } satisfies z.core.ParseContext<z.core.$ZodIssue>;

/** One issue as the API reports it: the dotted path of the field ("" for the body) and its code. */
export type InputIssue = { path: string; code: ValidationCode };

/** The issues of a failed parse made with `parseOptions`, in the API's shape. */
export function inputIssues(error: { issues: readonly z.core.$ZodIssue[] }): InputIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.join("."),
    code: isValidationCode(issue.message) ? issue.message : "invalid",
  }));
}
