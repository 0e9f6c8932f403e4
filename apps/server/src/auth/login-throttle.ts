import { RateLimiterMemory, type RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "@taller/domain";

/**
 * Brute-force protection for login, per account and per client IP (OWASP authentication
 * cheat sheet). Only failed attempts count; a successful login clears the account's counter.
 * Counters live in this process: one server instance today; with several instances they move
 * to Redis (rate-limiter-flexible has the same API over Redis).
 */
export interface ThrottleLimits {
  /** Failed attempts allowed per account in the window before it is blocked. */
  perAccount: number;
  /** Failed attempts allowed per IP in the window (covers spraying across accounts). */
  perIp: number;
  windowSeconds: number;
  blockSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 5, perIp: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };

export class LoginThrottle {
  private readonly byAccount: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(limits: ThrottleLimits = DEFAULT_THROTTLE) {
    this.byAccount = new RateLimiterMemory({
      keyPrefix: "login_account",
      points: limits.perAccount,
      duration: limits.windowSeconds,
      blockDuration: limits.blockSeconds,
    });
    this.byIp = new RateLimiterMemory({
      keyPrefix: "login_ip",
      points: limits.perIp,
      duration: limits.windowSeconds,
      blockDuration: limits.blockSeconds,
    });
  }

  /** Throws `too_many_attempts` (with retry time) when either counter is exhausted. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([this.byAccount.get(email), this.byIp.get(ip)]);
    const blocked = [account, address].filter(
      (res): res is RateLimiterRes => res !== null && res.remainingPoints <= 0,
    );
    if (blocked.length > 0) {
      const retryAfterSeconds = Math.ceil(Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000);
      throw new DomainError(
        "too_many_attempts",
        `Demasiados intentos fallidos. Intente de nuevo en ${Math.ceil(retryAfterSeconds / 60)} min.`,
        { retryAfterSeconds },
      );
    }
  }

  /** Counts a failed attempt against both the account and the IP. */
  async recordFailure(email: string, ip: string): Promise<void> {
    // consume() rejects once the points are used up; that rejection is the block itself.
    await Promise.allSettled([this.byAccount.consume(email), this.byIp.consume(ip)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}
