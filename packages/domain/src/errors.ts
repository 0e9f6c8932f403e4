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
  /** A decision "in a meeting" for a round that is not on the meeting's agenda. */
  not_on_agenda: 400,
  /** A territorial layer file that cannot be imported; `details.issues` name the feature and the reason. */
  invalid_geojson: 400,
  /** A compatibility matrix CSV with bad rows; `details.issues` name the row and the column. */
  invalid_csv: 400,
  /** The current password given to change one's own password is not right. */
  wrong_password: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  /** Sign-in of a deactivated account (said only after its password was verified). */
  account_deactivated: 403,
  /** After an administrator's reset: the person must choose a new password before anything else. */
  password_change_required: 403,
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
  meeting_not_found: 404,
  agenda_item_not_found: 404,
  attendee_not_found: 404,
  agreement_not_found: 404,
  /** A sealed meeting without its record can't exist; asked of a meeting not sealed yet. */
  seal_not_found: 404,
  layer_not_found: 404,
  milestone_not_found: 404,
  report_not_found: 404,
  indicator_not_found: 404,
  measurement_not_found: 404,
  email_taken: 409,
  clave_taken: 409,
  short_name_taken: 409,
  member_exists: 409,
  last_owner: 409,
  /** An administrator removing their own admin flag. */
  own_admin_flag: 409,
  /** An administrator deactivating their own account. */
  own_deactivation: 409,
  /** An administrator resetting their own password (they change it from their profile). */
  own_password_reset: 409,
  /** The change would leave no active administrator. */
  last_admin: 409,
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
  /** The meeting is sealed: final, nothing of it changes (corrections are addenda). */
  meeting_sealed: 409,
  meeting_cancelled: 409,
  /** Closing, or deciding in, a meeting that has not started (or is over). */
  meeting_not_in_progress: 409,
  /** Addenda are only for sealed meetings. */
  meeting_not_sealed: 409,
  /** The same review round twice on one meeting's agenda. */
  agenda_duplicate: 409,
  /** The same person twice among a meeting's attendees. */
  attendee_duplicate: 409,
  /** The project has a progress report for that month already (one per month: change it instead). */
  report_period_taken: 409,
  /** The indicator has a measurement on that date already. */
  measurement_date_taken: 409,
  /** Deleting a document that has versions or comment threads (archive it instead); the message says which. */
  document_has_records: 409,
  /**
   * A project name or a document title already used (same once normalized: case, accents, spaces);
   * `details.existing` names it. Sending again with `confirmDuplicate: true` creates it anyway.
   */
  duplicate_name: 409,
  /** Archiving what is archived already, or restoring what is not archived. */
  invalid_archive_state: 409,
  /** Changing the content of an archived document (restoring a version into it): restore the document first. */
  document_archived: 409,
  /** Progress reports are for projects from the executive project stage on (FOLLOW_UP_STAGES). */
  stage_not_in_follow_up: 409,
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
