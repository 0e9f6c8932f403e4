import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "@taller/domain";

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
    private readonly refusal: (retryAfterSeconds: number) => string,
  ) {
    this.limiter = new RateLimiterMemory({ keyPrefix: "user_rate", points, duration: durationSeconds });
  }

  /** Takes one point for `userId` or throws 429 `too_many_requests` with `retryAfterSeconds`. */
  async reserve(userId: string): Promise<{ refund(): Promise<void> }> {
    try {
      await this.limiter.consume(userId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new DomainError("too_many_requests", this.refusal(retryAfterSeconds), { retryAfterSeconds });
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
  return new UserRate(perHour, 3600, (retry) =>
    `Ha creado demasiados documentos en la última hora (máximo ${perHour}). Intente de nuevo en ${Math.ceil(retry / 60)} min.`,
  );
}
