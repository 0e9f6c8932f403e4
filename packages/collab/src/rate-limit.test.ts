import { describe, expect, it } from "vitest";
import { ConnectionRateLimiter, TokenBucket } from "./rate-limit";

describe("TokenBucket", () => {
  it("allows a burst, then refills at the configured rate", () => {
    const bucket = new TokenBucket(10, 5, 0);
    for (let i = 0; i < 5; i++) expect(bucket.take(1, 0)).toBe(true);
    expect(bucket.take(1, 0)).toBe(false);
    expect(bucket.take(1, 50)).toBe(false); // 0.5 token
    expect(bucket.take(1, 100)).toBe(true); // 1 token after 100 ms at 10/s
    expect(bucket.take(5, 10_000)).toBe(true); // capped at capacity
    expect(bucket.take(1, 10_000)).toBe(false);
  });
});

describe("ConnectionRateLimiter", () => {
  it("limits by messages and by bytes independently", () => {
    const limiter = new ConnectionRateLimiter({ messagesPerSecond: 1, messageBurst: 100, bytesPerSecond: 1, byteBurst: 1000 }, 0);
    expect(limiter.allow(900, 0)).toBe(true);
    expect(limiter.allow(200, 0)).toBe(false); // bytes exhausted
    const byCount = new ConnectionRateLimiter({ messagesPerSecond: 1, messageBurst: 2, bytesPerSecond: 1e9, byteBurst: 1e9 }, 0);
    expect(byCount.allow(1, 0)).toBe(true);
    expect(byCount.allow(1, 0)).toBe(true);
    expect(byCount.allow(1, 0)).toBe(false);
  });
});
