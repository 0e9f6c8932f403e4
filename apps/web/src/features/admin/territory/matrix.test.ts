import { describe, expect, it } from "vitest";
import { LAND_USES } from "@taller/domain/vocabulary";
import { gridOf, gridProblems, parseCoefficient, rulesOf, sameRules, setCell, setCoefficient, type Rule } from "./matrix";

const rules: Rule[] = [
  { zone: "UGAT 3 – Centro urbano", use: "housing", compatibility: "permitted", cos: 0.7, cus: 2.1, cas: 0.2, note: "Vivienda plurifamiliar" },
  { zone: "UGAT 3 – Centro urbano", use: "industry", compatibility: "prohibited", cos: 0.7, cus: 2.1, cas: 0.2 },
  { zone: "Zona retirada", use: "tourism", compatibility: "conditional" },
];
const matrix = { rules, zones: ["UGAT 14 – Corredor Arroyo", "UGAT 3 – Centro urbano"], uses: LAND_USES };

describe("the compatibility grid", () => {
  it("has a row per current zone in natural name order, then zones known only from rules", () => {
    const grid = gridOf(matrix);
    expect(grid.rows.map((r) => [r.zone, r.inLayer])).toEqual([
      ["UGAT 3 – Centro urbano", true],
      ["UGAT 14 – Corredor Arroyo", true],
      ["Zona retirada", false],
    ]);
    expect(grid.rows[0]!.cells).toMatchObject({ housing: "permitted", industry: "prohibited", commerce: "" });
    expect(grid.rows[0]!.coefficients).toEqual({ cos: "0.7", cus: "2.1", cas: "0.2" });
    expect(grid.rows[1]!.coefficients).toEqual({ cos: "", cus: "", cas: "" });
  });

  it("gives back the same rules it was built from (notes kept), and none for «sin regla»", () => {
    const grid = gridOf(matrix);
    expect(rulesOf(grid)).toEqual([
      { ...rules[0] },
      { ...rules[1], note: null },
      { ...rules[2], cos: null, cus: null, cas: null, note: null },
    ]);
    expect(rulesOf(setCell(grid, "UGAT 3 – Centro urbano", "industry", ""))).toHaveLength(2);
  });

  it("writes a zone's coefficients onto each of its rules, with a decimal comma accepted", () => {
    const grid = setCoefficient(gridOf(matrix), "UGAT 3 – Centro urbano", "cos", "0,65");
    expect(rulesOf(grid).filter((r) => r.zone === "UGAT 3 – Centro urbano").map((r) => r.cos)).toEqual([0.65, 0.65]);
  });

  it("knows unsaved changes from values, not from text", () => {
    const grid = gridOf(matrix);
    expect(sameRules(grid, setCoefficient(grid, "UGAT 3 – Centro urbano", "cos", "0,70"))).toBe(true);
    expect(sameRules(grid, setCoefficient(grid, "UGAT 3 – Centro urbano", "cos", "0.8"))).toBe(false);
    expect(sameRules(grid, setCell(grid, "UGAT 14 – Corredor Arroyo", "housing", "conditional"))).toBe(false);
  });

  it("refuses coefficients that are not numbers from 0 to 100, and coefficients on a zone without rules", () => {
    expect([parseCoefficient(""), parseCoefficient(" 1,5 "), parseCoefficient("100"), parseCoefficient("101"), parseCoefficient("-1"), parseCoefficient("x")]).toEqual([
      null,
      1.5,
      100,
      undefined,
      undefined,
      undefined,
    ]);
    let grid = setCoefficient(gridOf(matrix), "UGAT 3 – Centro urbano", "cas", "abc");
    grid = setCoefficient(grid, "UGAT 14 – Corredor Arroyo", "cus", "1.2");
    expect(gridProblems(grid)).toEqual([
      { zone: "UGAT 3 – Centro urbano", field: "cas", code: "invalid_number" },
      { zone: "UGAT 14 – Corredor Arroyo", field: "coefficients", code: "coefficients_need_rule" },
    ]);
  });
});
