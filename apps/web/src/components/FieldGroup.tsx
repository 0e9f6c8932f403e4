import type { ReactNode } from "react";
import { useNotes } from "./Field";

/** A fieldset with legend, hint and one error for a group of controls (checkboxes, the funding split). */
export function FieldGroup({
  legend,
  hint,
  error,
  children,
}: {
  legend: string;
  hint?: string;
  error?: string | undefined;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const notes = useNotes(hint, error);
  return (
    <fieldset className={`field-group ${error ? "field-group-invalid" : ""}`}>
      <legend className="field-label">{legend}</legend>
      {notes.hint}
      {children(notes.describedBy)}
      {notes.error}
    </fieldset>
  );
}
