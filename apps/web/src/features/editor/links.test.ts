import { describe, expect, it } from "vitest";
import { normalizeLinkUrl } from "./links";
import { hintForHeading } from "./sections";

describe("normalizeLinkUrl", () => {
  it("accepts http, https and mailto", () => {
    expect(normalizeLinkUrl("https://www.inegi.org.mx/app/")).toBe("https://www.inegi.org.mx/app/");
    expect(normalizeLinkUrl(" http://implan.example.gob.mx ")).toBe("http://implan.example.gob.mx/");
    expect(normalizeLinkUrl("mailto:obras@valle.gob.mx")).toBe("mailto:obras@valle.gob.mx");
  });

  it("adds https to a bare domain", () => {
    expect(normalizeLinkUrl("www.gob.mx/shcp")).toBe("https://www.gob.mx/shcp");
  });

  it("refuses other schemes and non-addresses", () => {
    for (const bad of ["javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "ftp://x.org", "hola", "", "https://", "mailto:nadie", "a b.com"]) {
      expect(normalizeLinkUrl(bad), bad).toBeNull();
    }
  });
});

describe("hintForHeading", () => {
  it("finds the template's hint by heading or by section number", () => {
    expect(hintForHeading("1. Resumen ejecutivo")).toMatch(/Síntesis/);
    expect(hintForHeading("1. Executive summary")).toMatch(/Synthesis/);
    expect(hintForHeading("  5. Descripción y alcance ")).toMatch(/Objetivos/);
  });

  it("gives null for other headings and sections without guidance", () => {
    expect(hintForHeading("Notas de la reunión")).toBeNull();
    expect(hintForHeading("12. Anexos")).toBeNull();
  });
});
