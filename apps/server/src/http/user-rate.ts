import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "@taller/domain";
import { retryAfter } from "./retry-after";

/**
 * A per-person rate for an expensive action (e.g. creating documents): `points` per
 * `durationSeconds`, fixed window, in this process. Reserved before the action runs (the
 * limiter's count is synchronous, so simultaneous requests cannot all pass) and refunded when the
 * action then fails, so only what was really created counts.
 */
export class UserRate {
  private readonly limiter: RateLimiterMemory;

  constructor(
    readonly points: number,
    durationSeconds: number,
    /** The 429 message; `tryAgain` is the "Inténtalo de nuevo en … min." sentence. */
    private readonly refusal: (tryAgain: string) => string,
  ) {
    this.limiter = new RateLimiterMemory({ keyPrefix: "user_rate", points, duration: durationSeconds });
  }

  /** Takes one point for `userId` or throws 429 `too_many_requests` with `retryAfterSeconds`. */
  async reserve(userId: string): Promise<{ refund(): Promise<void> }> {
    try {
      await this.limiter.consume(userId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const { retryAfterSeconds, tryAgain } = retryAfter(rejection.msBeforeNext);
      throw new DomainError("too_many_requests", this.refusal(tryAgain), { retryAfterSeconds });
    }
    let refunded = false;
    return {
      refund: async () => {
        if (refunded) return;
        refunded = true;
        await this.limiter.reward(userId);
      },
    };
  }
}

/** Documents one person may create per hour (DOCUMENTS_PER_USER_PER_HOUR). */
export function documentCreationRate(perHour: number): UserRate {
  return new UserRate(perHour, 3600, (tryAgain) => `Ha creado demasiados documentos en la última hora (máximo ${perHour}). ${tryAgain}`);
}
