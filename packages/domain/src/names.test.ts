import { describe, expect, it } from "vitest";
import { findSameName, normalizeName, sameName } from "./names";

describe("normalizeName", () => {
  it("drops case, accents, outer spaces and runs of inner spaces", () => {
    expect(normalizeName("  Parque   Lineal del  Río ")).toBe("parque lineal del rio");
    expect(normalizeName("AÑO ÚNICO\tpingüino")).toBe("ano unico pinguino");
    expect(normalizeName("Ünico\u00a0paso")).toBe("unico paso");
  });

  it("keeps what tells names apart: letters, digits and punctuation", () => {
    expect(normalizeName("Etapa 2 — Norte")).toBe("etapa 2 — norte");
    expect(normalizeName("C-12")).not.toBe(normalizeName("C 12"));
  });

  it("is the same for precomposed and decomposed accents", () => {
    expect(normalizeName("Re\u0301gimen")).toBe(normalizeName("Régimen"));
  });
});

describe("sameName", () => {
  it("treats case, accents and spacing as the same name", () => {
    expect(sameName("Parque Lineal del Río", "parque lineal del rio")).toBe(true);
    expect(sameName("  PARQUE  LINEAL DEL RÍO", "Parque Lineal del Rio ")).toBe(true);
    expect(sameName("Mercado Hidalgo", "mercado hidalgo")).toBe(true);
  });

  it("tells different names apart", () => {
    expect(sameName("Parque Lineal del Río", "Parque Lineal del Río 2")).toBe(false);
    expect(sameName("Mercado Hidalgo", "Mercado Juárez")).toBe(false);
    expect(sameName("Año", "Ano nuevo")).toBe(false);
  });
});

describe("findSameName", () => {
  it("finds the first candidate with the same name", () => {
    const projects = [
      { clave: "A", name: "Mercado Juárez" },
      { clave: "B", name: "Mercado  Hidalgo" },
    ];
    expect(findSameName("mercado hidalgo", projects, (p) => p.name)?.clave).toBe("B");
    expect(findSameName("Mercado Zaragoza", projects, (p) => p.name)).toBeUndefined();
  });
});
