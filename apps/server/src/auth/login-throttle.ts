import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "@taller/domain";
import { retryAfter } from "../http/retry-after";

/**
 * Brute-force protection for login, per account and per client IP (OWASP authentication
 * cheat sheet). Counters live in this process: one server instance today; with several
 * instances they move to Redis (rate-limiter-flexible has the same API over Redis).
 *
 * Reserve, then verify: every attempt takes a point from both counters BEFORE its password is
 * checked, and gives it back only when the password turned out right (or no password was
 * checked at all). Taking the point is synchronous inside the limiter, so however many logins
 * arrive together, at most `perAccount` password checks per account and `perIp` per IP run in a
 * window. (Checking first and counting after let 400 simultaneous attempts all pass the check.)
 */
export interface ThrottleLimits {
  /** Failed attempts (password checks) allowed per account in the window before it is blocked. */
  perAccount: number;
  /** Failed attempts allowed per IP in the window (covers spraying across accounts). */
  perIp: number;
  windowSeconds: number;
  blockSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 5, perIp: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };

/** One reserved login attempt: settle it exactly once. */
export interface LoginReservation {
  /** The password was right: clears the account's failures and returns the IP's point. */
  succeeded(): Promise<void>;
  /** The password was wrong (or the account unknown): the points stay taken. */
  failed(): void;
  /** No password was checked (e.g. the database failed): both points go back. */
  cancel(): Promise<void>;
}

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

  /**
   * Takes one point from the account's and the IP's counters, or throws `too_many_attempts`
   * (with `retryAfterSeconds`) when either is used up — whatever the password, so a blocked
   * account stays blocked for its rightful owner too until the block ends.
   */
  async reserve(email: string, ip: string): Promise<LoginReservation> {
    const [account, address] = await Promise.allSettled([this.byAccount.consume(email), this.byIp.consume(ip)]);
    const refused = [account, address].filter((r) => r.status === "rejected");
    if (refused.length > 0) {
      // The attempt checks no password: a point one counter gave is returned, so only real
      // password checks count against the other key.
      if (account.status === "fulfilled") await this.byAccount.reward(email);
      if (address.status === "fulfilled") await this.byIp.reward(ip);
      const waits = refused.map((r) => {
        const reason: unknown = r.reason;
        if (reason instanceof RateLimiterRes) return reason.msBeforeNext;
        throw reason; // the memory store does not fail; anything else is a bug worth a 500
      });
      const { retryAfterSeconds, tryAgain } = retryAfter(Math.max(...waits));
      throw new DomainError("too_many_attempts", `Demasiados intentos fallidos. ${tryAgain}`, { retryAfterSeconds });
    }
    let settled = false;
    const settle = () => {
      if (settled) throw new Error("login reservation settled twice");
      settled = true;
    };
    return {
      succeeded: async () => {
        settle();
        await Promise.all([this.byAccount.delete(email), this.byIp.reward(ip)]);
      },
      failed: () => settle(),
      cancel: async () => {
        settle();
        await Promise.all([this.byAccount.reward(email), this.byIp.reward(ip)]);
      },
    };
  }
}
