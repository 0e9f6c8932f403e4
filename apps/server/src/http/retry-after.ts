/**
 * A limiter's wait as a 429 tells it: whole seconds for `retryAfterSeconds` (and the Retry-After
 * header), never 0, so a client does not retry at once; and the Spanish sentence for the message.
 */
export function retryAfter(msBeforeNext: number): { retryAfterSeconds: number; tryAgain: string } {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return { retryAfterSeconds, tryAgain: `Inténtalo de nuevo en ${Math.ceil(retryAfterSeconds / 60)} min.` };
}
