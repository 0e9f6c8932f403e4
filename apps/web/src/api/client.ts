// The one place that talks HTTP to apps/server. Same origin, JSON bodies, cookie session.
// Every non-2xx answer becomes an ApiError carrying the server's machine code, so screens can
// branch on `code` and show `message`; network failures become ApiError with code "network_error".

export type ApiErrorBody = {
  error: { code: string; message: string; requestId?: string; details?: unknown };
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, requestId?: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details;
  }
}

type UnauthenticatedListener = () => void;
const unauthenticatedListeners = new Set<UnauthenticatedListener>();

/**
 * Subscribes to "the session is gone" (any 401 outside the login call, or a collaboration socket
 * closed with 4401), so the auth layer can drop the user and send them to the login page without
 * every screen handling it.
 */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** Reports "the session is gone" to every `onUnauthenticated` listener (also from outside an API call). */
export function reportUnauthenticated(): void {
  for (const listener of unauthenticatedListeners) listener();
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

export type RequestOptions = {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  /** Sent as is (a File or Blob, e.g. an image upload) with its own content type, instead of JSON. */
  rawBody?: Blob;
  query?: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
  /** The login call expects 401 for bad credentials; it must not be treated as "session lost". */
  expectUnauthenticated?: boolean;
};

/** Builds `path?query` leaving out empty values, so an unset filter never reaches the server. */
export function buildUrl(path: string, query?: Record<string, string | undefined>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value.trim() !== "") params.set(key, value.trim());
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Performs one API call and returns the parsed JSON body (undefined for 204). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = "GET", body, rawBody, query, signal, expectUnauthenticated = false } = options;
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (rawBody !== undefined) headers["Content-Type"] = rawBody.type || "application/octet-stream";

  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: rawBody ?? (body === undefined ? null : JSON.stringify(body)),
      credentials: "same-origin",
      signal: signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network_error", "Network request failed");
  }

  if (response.status === 204) return undefined as T;

  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }

  if (!response.ok) {
    if (response.status === 401 && !expectUnauthenticated) reportUnauthenticated();
    if (isErrorBody(parsed)) {
      const { code, message, requestId, details } = parsed.error;
      throw new ApiError(response.status, code, message, requestId, details);
    }
    throw new ApiError(response.status, `http_${response.status}`, response.statusText || "Request failed");
  }
  return parsed as T;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/**
 * Extracts per-field messages from a validation failure. The server sends exactly one shape for
 * them (apps/server/src/http/validate.ts): `details: { issues: [{ path: "alignment.ods",
 * message }] }`, the path dot-joined. Other codes carry other details (a stage move names
 * `from`, `to`, `allowed`), which are not form fields, so only `validation_failed` is read.
 * The first message per field wins.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== "validation_failed") return {};
  const issues = (error.details as { issues?: unknown } | null | undefined)?.issues;
  const result: Record<string, string> = {};
  if (!Array.isArray(issues)) return result;
  for (const issue of issues) {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    if (typeof path === "string" && path !== "" && typeof message === "string" && !(path in result)) result[path] = message;
  }
  return result;
}
