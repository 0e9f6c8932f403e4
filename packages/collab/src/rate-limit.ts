// Per-connection token buckets. A connection spends one message token and `byteLength` byte
// tokens per frame; tokens refill continuously. Buckets start full so the handshake burst (sync
// step 1, step 2 with offline edits, awareness) never trips the limit.
//
// Hand-written on purpose, unlike the HTTP limits (rate-limiter-flexible): this runs for every
// incoming frame, on the hot path, and must answer synchronously before the frame is handled. The
// bucket lives on the connection (two numbers, no key lookup, no allocation, no promise per
// frame), and continuous refill with a burst is what a typing editor needs; a library's keyed,
// promise-returning, fixed-window limiter would add a Map lookup and a microtask to every keystroke.

/** Rate limits for one connection. */
export interface RateLimits {
  /** Sustained frames per second. */
  messagesPerSecond: number;
  /** Frames that may arrive at once (bucket size). */
  messageBurst: number;
  /** Sustained bytes per second. */
  bytesPerSecond: number;
  /** Bytes that may arrive at once; must be ≥ the frame cap or one max-size frame is refused. */
  byteBurst: number;
}

/**
 * A classic token bucket with continuous refill. `now` is injected (milliseconds, monotonic) so
 * the behaviour is testable without sleeping.
 */
export class TokenBucket {
  private tokens: number;
  private lastRefill: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.lastRefill = now;
  }

  /** Takes `cost` tokens if available and returns whether it could. */
  take(cost: number, now: number): boolean {
    if (!this.has(cost, now)) return false;
    this.tokens -= cost;
    return true;
  }

  /** Whether `cost` tokens are available now (refills, takes nothing). */
  has(cost: number, now: number): boolean {
    const elapsedSeconds = Math.max(0, now - this.lastRefill) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.ratePerSecond);
    this.lastRefill = now;
    return this.tokens >= cost;
  }
}

/**
 * The two buckets of one connection: frames/s and bytes/s. Both are charged for every frame,
 * including frames that arrive while the room is still loading (those are queued, so they must
 * be limited at arrival or a client could queue unbounded memory).
 */
export class ConnectionRateLimiter {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(limits: RateLimits, now: number) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now);
  }

  /** Charges one frame of `byteLength` bytes; false means the connection exceeded its limits. */
  allow(byteLength: number, now: number): boolean {
    // Evaluate both so each bucket's refill clock advances even when the first one refuses.
    const messageOk = this.messages.take(1, now);
    const byteOk = this.bytes.take(byteLength, now);
    return messageOk && byteOk;
  }
}
