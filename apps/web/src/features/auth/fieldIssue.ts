import type { TFunction } from "i18next";
import { validationMessage } from "../../forms/validation";

/**
 * What is wrong with a field, kept as a code and rendered in the language shown now (a message
 * computed when the error happened would stay in that language after a switch).
 */
export type FieldIssue = { validation: string; limit?: number } | { key: "account.mismatch" | "errors.wrong_password" | "errors.short_name_taken" };

export function issueText(t: TFunction, issue: FieldIssue | undefined): string | undefined {
  if (!issue) return undefined;
  return "validation" in issue ? validationMessage(t, issue.validation, issue.limit) : t(issue.key);
}
