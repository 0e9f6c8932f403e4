import { describe, expect, it } from "vitest";
import { impactEvaluated, priorityScore, type PriorityInput } from "./priority";

const base: PriorityInput = {
  impact: { social: 0, environmental: 0, economic: 0 },
  alignment: { pmdAxis: null, governmentProgram: null, pmduoetZone: null, landUse: null, ods: [] },
};

describe("priority score", () => {
  it("is 0 without impact or alignment and 100 at the maximum", () => {
    expect(priorityScore(base).score).toBe(0);
    const full = priorityScore({
      impact: { social: 5, environmental: 5, economic: 5 },
      alignment: { pmdAxis: "Eje 2", governmentProgram: "P-4", pmduoetZone: "UGAT 12", landUse: "permitted", ods: [11] },
    });
    expect(full.score).toBe(100);
  });

  it("shows each factor's contribution, and the factors add up to the score", () => {
    const result = priorityScore({
      impact: { social: 4, environmental: 2, economic: 3 },
      alignment: { pmdAxis: "Eje 1", governmentProgram: null, pmduoetZone: "UGAT 3", landUse: "conditional", ods: [] },
    });
    const byKey = Object.fromEntries(result.factors.map((f) => [f.key, f]));
    expect(byKey.social?.contribution).toBe(28);
    expect(byKey.environmental?.contribution).toBe(10);
    expect(byKey.economic?.contribution).toBe(15);
    expect(byKey.alignment?.value).toBe(2);
    expect(byKey.alignment?.contribution).toBe(7.5);
    expect(byKey.landUse?.contribution).toBe(0);
    expect(result.score).toBe(60.5);
    const sum = result.factors.reduce((s, f) => s + f.contribution, 0);
    expect(sum).toBeCloseTo(result.score, 5);
  });

  it("halves the score when the land use is prohibited", () => {
    const input: PriorityInput = { ...base, impact: { social: 5, environmental: 5, economic: 5 } };
    const permitted = priorityScore(input).score;
    const prohibited = priorityScore({ ...input, alignment: { ...input.alignment, landUse: "prohibited" } });
    expect(prohibited.score).toBe(permitted / 2);
    expect(prohibited.factors.find((f) => f.key === "landUse")?.contribution).toBe(-permitted / 2);
  });

  it("is not evaluated while every impact rating is 0 or absent, whatever the alignment", () => {
    expect(impactEvaluated({ social: 0, environmental: 0, economic: 0 })).toBe(false);
    expect(impactEvaluated({})).toBe(false);
    expect(impactEvaluated(null)).toBe(false);
    const aligned = priorityScore({ ...base, alignment: { ...base.alignment, pmdAxis: "Eje 1", ods: [11] } });
    expect(aligned.evaluated).toBe(false);
    expect(aligned.score).toBe(7.5);
    expect(priorityScore(base).evaluated).toBe(false);
  });

  it("is evaluated once any impact is rated above 0", () => {
    expect(impactEvaluated({ social: 0, environmental: 1, economic: 0 })).toBe(true);
    expect(priorityScore({ ...base, impact: { social: 0, environmental: 0, economic: 2 } }).evaluated).toBe(true);
  });
});
