import { describe, expect, it } from "vitest";
import { DomainError } from "@taller/domain";
import { matrixCsv, parseMatrixCsv } from "./matrix-csv";

const issuesOf = (text: string) => {
  try {
    parseMatrixCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("invalid_csv");
    return ((error as DomainError).details as { issues: unknown[] }).issues;
  }
  throw new Error("expected invalid_csv");
};

describe("compatibility matrix CSV", () => {
  it("reads a spreadsheet's semicolon file with a BOM, accents and case aside, decimal commas", () => {
    const text = "\uFEFFZona;Uso;Compatibilidad;COS;CUS;CAS;Nota\r\nUGAT 3;COMERCIO Y SERVICIOS;condicionada;0,7;2,1;;Sólo planta baja\r\n;;;;;;\r\nUGAT 3;areas verdes y espacio publico;Permitido;;;;\r\n";
    expect(parseMatrixCsv(text).rules).toEqual([
      { zone: "UGAT 3", use: "commerce", compatibility: "conditional", cos: 0.7, cus: 2.1, cas: null, note: "Sólo planta baja" },
      { zone: "UGAT 3", use: "green_space", compatibility: "permitted", cos: null, cus: null, cas: null, note: null },
    ]);
  });

  it("names each bad row and column, counting the header as row 1", () => {
    expect(issuesOf("zona,uso,compatibilidad,cos\nA,housing,permitted,1e3\nA,housing,prohibited,\n,viviendas,tal vez,\n")).toEqual([
      { row: 2, column: "cos", message: expect.any(String) },
      { row: 4, column: "zona", message: expect.any(String) },
      { row: 4, column: "uso", message: expect.any(String) },
      { row: 4, column: "compatibilidad", message: expect.any(String) },
    ]);
    expect(issuesOf("zona,uso,compatibilidad\nA,housing,permitted\na ,housing,prohibited\n")).toEqual([{ row: 3, column: null, message: expect.stringContaining("fila 2") }]);
    expect(issuesOf("zona,uso,compatibilidad,color\n")).toEqual([{ row: 1, column: "color", message: expect.any(String) }]);
    expect(issuesOf('zona,uso,compatibilidad\n"A,housing,permitted\n')[0]).toMatchObject({ column: null });
    expect(issuesOf("")).toEqual([{ row: 1, column: null, message: expect.any(String) }]);
  });

  it("writes what it reads back, formula-looking zone names kept as text", () => {
    const rules = [
      { zone: "=UGAT 1", use: "housing" as const, compatibility: "prohibited" as const, cos: 0.5, cus: null, cas: 0.25, note: "Nota, con coma" },
      { zone: "UGAT 2", use: "tourism" as const, compatibility: "permitted" as const, cos: null, cus: null, cas: null, note: null },
    ];
    const text = matrixCsv(rules);
    expect(text).toContain(`"'=UGAT 1","Habitacional","Prohibido","0.5","","0.25","Nota, con coma"`);
    expect(parseMatrixCsv(text).rules).toEqual(rules);
  });
});
