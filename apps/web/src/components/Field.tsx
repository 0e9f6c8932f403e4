import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export type ControlProps = {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": boolean | undefined;
  required: boolean | undefined;
};

type FieldProps = {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  optional?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
};

/**
 * Label + control + hint + error, wired for assistive technology: the label names the control,
 * hint and error are read as its description, and aria-invalid marks it while it has an error.
 * The control itself is rendered by the caller so any input, select or textarea fits.
 */
export function Field({ label, hint, error, required, optional, className, children }: FieldProps) {
  const { t } = useTranslation();
  const notes = useNotes(hint, error);
  return (
    <div className={`field ${error ? "field-invalid" : ""} ${className ?? ""}`.trim()}>
      <label htmlFor={notes.id} className="field-label">
        {label}
        {required ? (
          <span className="field-required">
            <span aria-hidden="true"> *</span>
            <span className="visually-hidden"> ({t("common.required")})</span>
          </span>
        ) : null}
        {optional ? <span className="field-optional"> ({t("common.optional")})</span> : null}
      </label>
      {notes.hint}
      {children({
        id: notes.id,
        "aria-describedby": notes.describedBy,
        "aria-invalid": error ? true : undefined,
        required: required || undefined,
      })}
      {notes.error}
    </div>
  );
}

/** A field's hint and error paragraphs, and the ids a control points to so both are read with it. */
export function useNotes(hint: string | undefined, error: string | undefined) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return {
    id,
    describedBy: [errorId, hintId].filter(Boolean).join(" ") || undefined,
    hint: hint ? (
      <p id={hintId} className="field-hint">
        {hint}
      </p>
    ) : null,
    error: error ? (
      <p id={errorId} className="field-error">
        <span aria-hidden="true" className="field-error-icon">
          !
        </span>
        {error}
      </p>
    ) : null,
  };
}
