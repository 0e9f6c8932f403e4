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
 * Subscribes to "the session is gone" (any 401 outside the login call), so the auth layer can
 * drop the user and send them to the login page without every screen handling it.
 */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
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
    if (response.status === 401 && !expectUnauthenticated) {
      for (const listener of unauthenticatedListeners) listener();
    }
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
 * Extracts per-field messages from an error's `details`, whatever shape the server used:
 * zod's flatten() (`{fieldErrors: {name: [..]}}`), an issue list (`[{path, message}]` or
 * `{issues: [...]}`), or a plain `{field: message}` map. Unknown shapes yield no field errors.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  const add = (field: unknown, message: unknown) => {
    const key = Array.isArray(field) ? field.map(String).join(".") : typeof field === "string" ? field : "";
    const text = Array.isArray(message) ? message.find((m) => typeof m === "string") : message;
    if (key && typeof text === "string" && !(key in result)) result[key] = text;
  };
  const fromIssues = (issues: unknown[]) => {
    for (const issue of issues) {
      if (typeof issue === "object" && issue !== null) {
        const { path, field, message } = issue as { path?: unknown; field?: unknown; message?: unknown };
        add(path ?? field, message);
      }
    }
  };
  const details = error.details;
  if (Array.isArray(details)) {
    fromIssues(details);
  } else if (typeof details === "object" && details !== null) {
    const record = details as Record<string, unknown>;
    if (Array.isArray(record.issues)) fromIssues(record.issues);
    else if (typeof record.fieldErrors === "object" && record.fieldErrors !== null) {
      for (const [field, messages] of Object.entries(record.fieldErrors)) add(field, messages);
    } else {
      for (const [field, messages] of Object.entries(record)) add(field, messages);
    }
  }
  return result;
}
