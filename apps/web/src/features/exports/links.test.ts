import { describe, expect, it } from "vitest";
import { canvasFileName } from "./canvasExport";
import { dossierUrl, reviewExportUrl, studyExportUrl } from "./links";

describe("export addresses", () => {
  it("asks the server for a document's format, and a version's when one is given", () => {
    expect(studyExportUrl("d1", "pdf")).toBe("/api/documents/d1/export?format=pdf");
    expect(studyExportUrl("d1", "docx", "v 2")).toBe("/api/documents/d1/export?format=docx&version=v+2");
    expect(reviewExportUrl("r/1", "csv")).toBe("/api/reviews/r%2F1/export?format=csv");
    expect(dossierUrl("p1")).toBe("/api/projects/p1/dossier.zip");
  });
});

describe("a canvas file's name", () => {
  it("keeps the title's words and accents, without the characters file systems refuse", () => {
    expect(canvasFileName("Croquis: plaza / mercado")).toBe("Croquis- plaza - mercado");
    expect(canvasFileName("Diseño «Parque Lineal»", { number: 3, name: "Versión para cabildo" })).toBe("Diseño «Parque Lineal» — v3 Versión para cabildo");
    expect(canvasFileName("a\u0000b\tc\u007f")).toBe("a b c");
    expect(canvasFileName("..oculto")).toBe("oculto");
    expect(canvasFileName("???")).toBe("-");
    expect(canvasFileName("   ")).toBe("lienzo");
    expect(canvasFileName("x".repeat(300))).toHaveLength(150);
  });
});
