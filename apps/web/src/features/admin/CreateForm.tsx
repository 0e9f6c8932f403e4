import { useId, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { ApiError } from "../../api";
import { Alert, ErrorAlert } from "../../components/Alert";
import { setServerIssues } from "../../forms/validation";

type Options<Values extends FieldValues, Input, Created> = {
  create: (input: Input) => Promise<Created>;
  /** The API error code that means the value of `field` is already taken (it gets the focus). */
  taken: { code: string; field: Path<Values> };
  /** Where the server's validation issues land. */
  fields: readonly Path<Values>[];
};

/**
 * Submitting an admin form that creates something: checked with the domain's schema first (the
 * first invalid field gets focus), then sent; the server's issues land on the same fields. The
 * outcome (what was created, or the error) is cleared on every new try; the form empties on success.
 */
export function useCreateSubmit<Values extends FieldValues, Input, Created>(
  form: UseFormReturn<Values, unknown, Input>,
  { create, taken, fields }: Options<Values, Input, Created>,
) {
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<Created | null>(null);

  function clearOutcome() {
    setCreated(null);
    setError(null);
  }

  const onSubmit = form.handleSubmit(async (input) => {
    clearOutcome();
    try {
      setCreated(await create(input));
      form.reset();
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiError && caught.code === taken.code) {
        form.setError(taken.field, { type: "server", message: caught.code }, { shouldFocus: true });
      } else {
        setServerIssues(caught, form.setError, fields);
      }
    }
  }, clearOutcome);

  return { onSubmit, error, created, submitting: form.formState.isSubmitting };
}

/** The frame of an admin create form: its heading, the outcome's alert, the fields, the submit button. */
export function CreateForm({
  title,
  submitLabel,
  createdTitle,
  submit,
  children,
}: {
  title: string;
  submitLabel: string;
  /** The success note, once something was created. */
  createdTitle: string | null;
  submit: { onSubmit: (event: FormEvent<HTMLFormElement>) => Promise<void>; error: unknown; submitting: boolean };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <form className="form subform" noValidate aria-labelledby={titleId} onSubmit={(event) => void submit.onSubmit(event)}>
      <h3 id={titleId} className="subheading">
        {title}
      </h3>
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
      {createdTitle ? <Alert tone="success" title={createdTitle} /> : null}
      {children}
      <div>
        <button type="submit" className="button button-primary" disabled={submit.submitting}>
          {submit.submitting ? t("admin.creating") : submitLabel}
        </button>
      </div>
    </form>
  );
}
