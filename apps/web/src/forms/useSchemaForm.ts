// React Hook Form validated by the domain's input schemas (zodResolver), with errors as codes that
// `errorText` turns into the reader's language. Forms import this module, never zod's checks of
// their own: a rule lives in packages/domain only.
import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback } from "react";
import { get, useForm, type FieldErrors, type FieldValues, type Resolver, type UseFormProps } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { isValidationCode, parseOptions } from "@taller/domain/validation";
import { limitOf, validationMessage } from "./validation";

/**
 * Validates a form's values with `schema`. `toInput` turns what the inputs hold (text) into the
 * request body the schema describes; the form's field names are the body's paths, so an error
 * lands on the field it is about, whether the form or the server found it. On success the
 * submit handler receives the parsed body (trimmed, normalized, defaults filled).
 */
export function schemaResolver<Values extends FieldValues, S extends z.ZodType>(
  schema: S,
  toInput: (values: Values) => unknown = (values) => values,
): Resolver<Values, unknown, z.output<S>> {
  const resolve = zodResolver(schema as z.ZodType<unknown, FieldValues>, parseOptions) as Resolver<FieldValues, unknown, unknown>;
  return (values, context, options) =>
    resolve(toInput(values) as FieldValues, context, options as Parameters<typeof resolve>[2]) as ReturnType<Resolver<Values, unknown, z.output<S>>>;
}

/** `useForm` with `schemaResolver`: checked on submit, then again on every change. */
export function useSchemaForm<Values extends FieldValues, S extends z.ZodType>(
  schema: S,
  options: Omit<UseFormProps<Values, unknown, z.output<S>>, "resolver"> & { toInput?: (values: Values) => unknown },
) {
  const { toInput, ...rest } = options;
  const form = useForm<Values, unknown, z.output<S>>({
    mode: "onSubmit",
    reValidateMode: "onChange",
    ...rest,
    resolver: schemaResolver<Values, S>(schema, toInput),
  });
  const errorText = useErrorText(schema, form.formState.errors);
  return { ...form, errorText };
}

/**
 * The translated error of the field at `path`, or undefined. Errors are validation codes (from the
 * schema or the server's issues) or an API error code put on a field by the form (e.g.
 * `short_name_taken`, worded by `errors.*`). A group's path (e.g. "funding") also shows the first
 * error of the fields inside it.
 */
export function useErrorText(schema: z.ZodType, errors: FieldErrors) {
  const { t, i18n } = useTranslation();
  return useCallback(
    (path: string): string | undefined => {
      const found = firstError(get(errors, path), path);
      if (!found) return undefined;
      const { code, at } = found;
      if (!isValidationCode(code) && i18n.exists(`errors.${code}`)) return t(`errors.${code}` as "errors.unknown");
      return validationMessage(t, code, limitOf(schema, at, code));
    },
    [t, i18n, schema, errors],
  );
}

// Keys of a field error that are not nested fields.
const errorKeys = new Set(["message", "type", "types", "ref", "root"]);

function firstError(node: unknown, at: string): { code: string; at: string } | undefined {
  if (!node || typeof node !== "object") return undefined;
  const { message } = node as { message?: unknown };
  if (typeof message === "string" && message) return { code: message, at };
  for (const [key, child] of Object.entries(node)) {
    if (errorKeys.has(key)) continue;
    const found = firstError(child, `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}
