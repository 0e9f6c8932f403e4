/**
 * Origin policy shared by state-changing HTTP requests and WebSocket upgrades. Browsers send
 * Origin on cross-site requests; a request whose Origin is neither the server's own origin
 * nor on the allow-list is refused, which blocks cross-site request forgery and cross-site
 * WebSocket hijacking. Requests without Origin (curl, server-to-server) are not browsers acting
 * for someone else and are decided by their session alone.
 */
export interface OriginPolicy {
  allowedOrigins: readonly string[];
}

/** The origin a request was addressed to (scheme and Host), from its absolute URL. */
export function ownOrigin(requestUrl: string): string | null {
  try {
    return new URL(requestUrl).origin.toLowerCase();
  } catch {
    return null;
  }
}

export function isOriginAllowed(
  origin: string | undefined,
  own: string | null,
  policy: OriginPolicy,
): boolean {
  if (origin === undefined) return true;
  if (origin === "null") return false;
  const normalized = origin.toLowerCase();
  return normalized === own || policy.allowedOrigins.includes(normalized);
}
