/**
 * Typed domain errors with stable machine codes. The HTTP layer maps them once to
 * `{ error: { code, message, requestId } }`; only codes in `STATUS_BY_CODE` are known, so a
 * new failure mode has to be named here before it can reach a client.
 */
export const STATUS_BY_CODE = {
  invalid_json: 400,
  validation_failed: 400,
  /** NUL bytes or lone UTF-16 surrogates in a string: PostgreSQL cannot store them. */
  invalid_characters: 400,
  invalid_stage_transition: 409,
  export_not_supported: 400,
  /** A comment anchor that does not resolve in the document (unknown Yjs item, other type, empty range). */
  invalid_anchor: 400,
  /** A review participant that cannot take part: unknown person or agency, or one that could never answer. */
  invalid_participant: 400,
  /** A diff against a version of another document. */
  invalid_diff: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  project_not_found: 404,
  document_not_found: 404,
  user_not_found: 404,
  organization_not_found: 404,
  member_not_found: 404,
  thread_not_found: 404,
  comment_not_found: 404,
  notification_not_found: 404,
  version_not_found: 404,
  review_not_found: 404,
  email_taken: 409,
  clave_taken: 409,
  short_name_taken: 409,
  member_exists: 409,
  last_owner: 409,
  /** The comment was deleted: it can no longer be edited or deleted again. */
  comment_deleted: 409,
  /** Resolving a thread that is already resolved, or reopening one that is open. */
  invalid_thread_state: 409,
  /** The review round is closed: no more decisions, no second close. */
  review_closed: 409,
  /** The document already has an open round; submitting again needs `supersede: true` (details.reviewId). */
  review_open: 409,
  /** A newer version of the document is under review already (details.reviewId). */
  version_outdated: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  /** A per-user rate (e.g. documents created per hour) is used up; `details.retryAfterSeconds`. */
  too_many_requests: 429,
  /** A per-user cap on live collaboration sockets is reached (answered on the WebSocket upgrade). */
  too_many_connections: 429,
  internal_error: 500,
  /** The database does not answer (health check, upgrade decisions). */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

/** True for errors this codebase raised on purpose (as opposed to bugs and I/O failures). */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
