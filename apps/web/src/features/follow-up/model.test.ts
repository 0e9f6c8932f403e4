import { describe, expect, it } from "vitest";
import { latestReport, nextPeriod, parseAmount, sCurveRows, spendingRows, spentPct, sumAmounts } from "./model";

const report = (period: string, physicalPct: number, authorized: number, spent: number, bySource: null | { source: "federal" | "municipal"; authorized: number; committed: number; spent: number }[] = null) => ({
  period,
  physicalPct,
  financial: { authorized, committed: authorized / 2, spent, bySource },
});

describe("the follow-up's numbers", () => {
  it("joins the plan and the reports month by month, in order, with spending as % of authorised", () => {
    const rows = sCurveRows(
      [
        { period: "2026-02", plannedPhysicalPct: 20, plannedSpent: null },
        { period: "2026-01", plannedPhysicalPct: 5, plannedSpent: 100 },
        { period: "2026-03", plannedPhysicalPct: 40, plannedSpent: null },
      ],
      [report("2026-02", 12.5, 1000, 333.33), report("2026-04", 50, 0, 10)],
    );
    expect(rows).toEqual([
      { period: "2026-01", planned: 5, actual: null, spent: null },
      { period: "2026-02", planned: 20, actual: 12.5, spent: 33.33 },
      { period: "2026-03", planned: 40, actual: null, spent: null },
      { period: "2026-04", planned: null, actual: 50, spent: null },
    ]);
  });

  it("takes no percentage of nothing authorised", () => {
    expect(spentPct(report("2026-01", 0, 0, 5))).toBeNull();
    expect(spentPct(report("2026-01", 0, 3, 1))).toBe(33.33);
  });

  it("finds the latest month and its spending by source, or its totals", () => {
    const latest = latestReport([report("2026-03", 1, 10, 1), report("2026-05", 2, 20, 2), report("2026-04", 3, 30, 3)]);
    expect(latest?.period).toBe("2026-05");
    expect(latestReport([])).toBeNull();
    expect(spendingRows(report("2026-05", 2, 20, 2))).toEqual([{ source: "total", authorized: 20, committed: 10, spent: 2 }]);
    const split = report("2026-05", 2, 20, 2, [
      { source: "federal", authorized: 15, committed: 5, spent: 1.5 },
      { source: "municipal", authorized: 5, committed: 5, spent: 0.5 },
    ]);
    expect(spendingRows(split).map((row) => row.source)).toEqual(["federal", "municipal"]);
  });

  it("reads amounts the way people type them", () => {
    expect(parseAmount("1,234.56")).toBe(1234.56);
    expect(parseAmount("$ 1 234")).toBe(1234);
    expect(parseAmount("12,5")).toBe(12.5);
    expect(parseAmount("1,250")).toBe(1250);
    expect(parseAmount("")).toBeNull();
    expect(parseAmount("doce")).toBeNaN();
  });

  it("adds pesos in centavos and counts months across a year", () => {
    expect(sumAmounts([0.1, 0.2])).toBe(0.3);
    expect(nextPeriod("2026-12")).toBe("2027-01");
    expect(nextPeriod("2026-09")).toBe("2026-10");
  });
});
