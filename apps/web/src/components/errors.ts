// Turns any thrown value into text for the user. Known API codes get our own translated wording
// (the server's message may be in another language or too technical); unknown codes fall back to
// the server's message, which is written for people; anything else gets a generic sentence.
import type { TFunction } from "i18next";
import { ApiError } from "../api";
import esMX from "../i18n/es-MX.json";

export type DescribedError = {
  message: string;
  /** Extra server wording worth showing under the message (e.g. which field failed validation). */
  detail: string | undefined;
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
    // Validation messages name the offending field; keep them visible beside our generic title.
    const detail = error.code === "validation_failed" && error.message ? error.message : undefined;
    return { message, detail, requestId: error.requestId, code: error.code };
  }
  return { message: t("errors.unknown"), detail: undefined, requestId: undefined, code: "unknown" };
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
