import { describe, expect, it } from "vitest";
import { assetIdOf, imageSources } from "./study-images";
import { tableGrid } from "./study-json";
import { shapeInventory } from "./canvas-pdf";
import { slug } from "./paths";
import { csvFile } from "./csv";
import { formatDay } from "./labels";

const ID = "0b7e6f1c-2d3a-4b5c-8d9e-0f1a2b3c4d5e";

describe("export helpers", () => {
  it("reads an asset id only from Taller's own asset path, never trusting a host", () => {
    expect(assetIdOf(`/api/assets/${ID}`)).toBe(ID);
    expect(assetIdOf(`https://elsewhere.example/api/assets/${ID}`)).toBe(ID); // the path only; nothing is fetched
    expect(assetIdOf(`/api/assets/${ID}/../x`)).toBeNull();
    expect(assetIdOf("https://example.org/foto.png")).toBeNull();
    expect(assetIdOf(42)).toBeNull();
    expect(imageSources({ type: "doc", content: [{ type: "image", attrs: { src: "a" } }, { type: "table", content: [{ type: "image", attrs: { src: "b" } }] }] })).toEqual(["a", "b"]);
  });

  it("measures a table's grid with column and row spans", () => {
    const c = (colspan = 1, rowspan = 1) => ({ type: "tableCell", attrs: { colspan, rowspan } });
    const grid = tableGrid({ type: "table", content: [{ type: "tableRow", content: [c(1, 2), c(2)] }, { type: "tableRow", content: [c(), c()] }] });
    expect(grid.columns).toBe(3);
    expect(grid.rows.map((r) => r.length)).toEqual([2, 2]);
  });

  it("lists a canvas's shapes with their text and page", () => {
    const records = {
      "page:p": { id: "page:p", typeName: "page", name: "Planta" },
      "shape:b": { id: "shape:b", typeName: "shape", type: "geo", parentId: "page:p", props: { richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Puente ñ" }] }] } } },
      "shape:a": { id: "shape:a", typeName: "shape", type: "text", parentId: "shape:b", props: { text: "Nota" } },
    };
    expect(shapeInventory(records)).toEqual([
      { id: "shape:a", type: "text", page: "Planta", text: "Nota" },
      { id: "shape:b", type: "geo", page: "Planta", text: "Puente ñ" },
    ]);
  });

  it("makes ASCII slugs that cannot leave their folder", () => {
    expect(slug("Estudio vial: Peñón ¿2026?")).toBe("estudio-vial-penon-2026");
    expect(slug("../../etc/passwd")).toBe("etc-passwd");
    expect(slug("¿¡!?")).toBe("sin-titulo");
  });

  it("writes CSV with a BOM, CRLF and formulas neutralized", () => {
    expect(csvFile([["a", "=1+1"], ["-2", 'dice "hola"']])).toBe('\uFEFF"a","\'=1+1"\r\n"\'-2","dice ""hola"""\r\n');
  });

  it("writes a calendar date as that day in Spanish", () => {
    expect(formatDay("2026-12-15")).toBe("15 de diciembre de 2026");
  });
});
