// Turns any thrown value into text for the user. Known API codes get our own translated wording
// (the server's message may be in another language or too technical); unknown codes fall back to
// the server's message, which is written for people; anything else gets a generic sentence.
import type { TFunction } from "i18next";
import { ApiError } from "../api";
import { serverIssues, validationMessage } from "../forms/validation";
import esMX from "../i18n/es-MX.json";

export type DescribedError = {
  message: string;
  /** What is wrong, under the message (the first validation issue). */
  detail: string | undefined;
  /** The request's folio, for unexpected errors only (unexpectedRequestId). */
  requestId: string | undefined;
  code: string;
};

type ErrorKey = keyof typeof esMX.errors;

function isTranslatedCode(code: string): code is ErrorKey {
  return Object.hasOwn(esMX.errors, code);
}

export function describeError(t: TFunction, error: unknown): DescribedError {
  if (error instanceof ApiError) {
    const translated = isTranslatedCode(error.code);
    const message = translated ? t(`errors.${error.code}`) : error.message || t("errors.unknown");
    // The first validation issue, in the reader's language (the server sends codes): a form shows
    // each issue beside its field, but an issue about no field of the form shows only here.
    const [issue] = serverIssues(error);
    const detail = issue ? validationMessage(t, issue.code) : undefined;
    return { message, detail, requestId: unexpectedRequestId(error, translated), code: error.code };
  }
  return { message: t("errors.unknown"), detail: undefined, requestId: undefined, code: "unknown" };
}

/**
 * Whether the server refused for a reason the person can read and act on: an answer below 500
 * whose code the app words itself (`known`: the app's or the feature's `errors.*`), e.g. a wrong
 * password, the last owner, a duplicate, a conflict, a validation failure.
 */
export function isExpectedError(error: unknown, known: boolean): boolean {
  return error instanceof ApiError && error.status > 0 && error.status < 500 && known;
}

/**
 * The request folio to show with an error: only for unexpected ones (a 5xx, a code the app does
 * not know), where support needs it to find the request in the logs. An expected refusal gets
 * its plain message alone.
 */
export function unexpectedRequestId(error: unknown, known: boolean): string | undefined {
  if (!(error instanceof ApiError) || isExpectedError(error, known)) return undefined;
  return error.requestId;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.code.endsWith("_not_found"));
}

/**
 * The server denies this person the resource: 403, or 404 (it answers 404 when they may not even
 * know it exists). By status only, unlike isNotFound: a `*_not_found` code on another status
 * (e.g. a missing member in a 400/409) is no loss of access.
 */
export function isNoAccess(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.status === 404);
}
