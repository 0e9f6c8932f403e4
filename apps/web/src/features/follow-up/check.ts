// A form's values checked by the domain's schema (the server checks with the same one), and the
// server's `validation_failed` issues, as one map: field path → the translated message.
import type { TFunction } from "i18next";
import type { z } from "zod";
import { inputIssues, parseOptions } from "@taller/domain/validation";
import { limitOf, serverIssues, validationMessage } from "../../forms/validation";

export type FieldErrors = Record<string, string>;

type Checked<S extends z.ZodType> = { data: z.output<S>; errors: null } | { data: null; errors: FieldErrors };

function messages(t: TFunction, schema: z.ZodType, issues: readonly { path: string; code: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[issue.path] ??= validationMessage(t, issue.code, limitOf(schema, issue.path, issue.code));
  return errors;
}

export function check<S extends z.ZodType>(t: TFunction, schema: S, input: unknown): Checked<S> {
  const result = schema.safeParse(input, parseOptions);
  if (result.success) return { data: result.data, errors: null };
  return { data: null, errors: messages(t, schema, inputIssues(result.error)) };
}

/** The server's issues of a failed save, worded like the form's own. */
export function serverErrors(t: TFunction, schema: z.ZodType, error: unknown): FieldErrors {
  return messages(t, schema, serverIssues(error));
}

/** Focuses the first field marked invalid in a form (after the errors have rendered). */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
}
