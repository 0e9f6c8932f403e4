// How the web app's HTTP calls reach apps/server and come back: same origin, cookie session, and
// every non-2xx answer turned into one ApiError carrying the server's machine code (so screens
// can branch on `code` and show `message`); network failures become ApiError "network_error".
// The typed routes (endpoints.ts) send every request through `apiFetch` below.

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

/**
 * The one reading of a failed answer. The server's errors all have the shape
 * `{"error":{"code","message","requestId","details"?}}` (apps/server/src/http/errors.ts); anything
 * else (a proxy's HTML page, an empty 502) becomes `http_<status>`.
 */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: unknown } | undefined)?.error as Record<string, unknown> | undefined;
  if (typeof error?.code === "string" && typeof error.message === "string") {
    const requestId = typeof error.requestId === "string" ? error.requestId : undefined;
    return new ApiError(response.status, error.code, error.message, requestId, error.details);
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText || "Request failed");
}

/**
 * `fetch` for the typed client: resolves with 2xx answers only and throws ApiError otherwise.
 * A 401 announces a lost session, except where 401 is an expected answer (the login, the
 * session probe, logout), which pass `expectUnauthenticated`.
 */
export function apiFetch({ expectUnauthenticated = false }: { expectUnauthenticated?: boolean } = {}): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("Accept", "application/json");
    let response: Response;
    try {
      // The global fetch is read at call time (tests stand in for the browser's).
      response = await fetch(input, { ...init, headers, credentials: "same-origin" });
    } catch (cause) {
      if (isAbortError(cause)) throw cause;
      throw new ApiError(0, "network_error", "Network request failed");
    }
    if (response.ok) return response;
    if (response.status === 401 && !expectUnauthenticated) reportUnauthenticated();
    throw await apiErrorOf(response);
  };
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
