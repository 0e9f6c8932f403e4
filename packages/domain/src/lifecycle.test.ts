import { describe, expect, it } from "vitest";
import { allowedStageMoves, assertStageMove } from "./lifecycle";
import { DomainError } from "./errors";

describe("project lifecycle", () => {
  it("advances or steps back one stage at a time", () => {
    expect(allowedStageMoves("idea")).toEqual(["profile"]);
    expect(allowedStageMoves("feasibility")).toEqual(["portfolio_registration", "prefeasibility"]);
    expect(allowedStageMoves("ex_post")).toEqual(["monitoring"]);
    expect(() => assertStageMove("profile", "prefeasibility")).not.toThrow();
    expect(() => assertStageMove("profile", "idea")).not.toThrow();
  });

  it("rejects skipping stages and staying put with a stable code", () => {
    for (const [from, to] of [["idea", "feasibility"], ["execution", "execution"], ["ex_post", "idea"]] as const) {
      try {
        assertStageMove(from, to);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe("invalid_stage_transition");
        expect((error as DomainError).status).toBe(409);
      }
    }
  });
});
