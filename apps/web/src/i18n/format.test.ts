import { describe, expect, it } from "vitest";
import { formattersFor } from "./format";
import en from "./en.json";
import esMX from "./es-MX.json";

describe("formattersFor", () => {
  it("writes pesos the Mexican way in es-MX, always with their cents", () => {
    expect(formattersFor("es-MX").mxn(12_500_000)).toBe("$12,500,000.00");
    expect(formattersFor("es-MX").mxn(1_500_000.5)).toBe("$1,500,000.50");
    expect(formattersFor("es-MX").mxn(0.07)).toBe("$0.07");
  });

  it("keeps MXN visible in English, with cents", () => {
    expect(formattersFor("en").mxn(1500)).toBe("MX$1,500.00");
    expect(formattersFor("en").mxn(1_500_000.5)).toBe("MX$1,500,000.50");
  });

  it("treats API percentages as 0–100", () => {
    expect(formattersFor("es-MX").percent(40)).toMatch(/^40\s?%$/);
  });

  it("returns the raw value for an unparseable date", () => {
    expect(formattersFor("es-MX").date("not a date")).toBe("not a date");
  });
});

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe("locale files", () => {
  it("English has exactly the Spanish keys", () => {
    expect(keysOf(en).sort()).toEqual(keysOf(esMX).sort());
  });

  it("every feature's English strings have exactly its Spanish keys", () => {
    const features = import.meta.glob<{ default: object }>("../features/*/i18n/*.json", { eager: true });
    const areas = new Set(Object.keys(features).map((path) => path.split("/")[2]));
    expect(areas.size).toBeGreaterThan(0);
    for (const area of areas) {
      const spanish = features[`../features/${area}/i18n/es-MX.json`]!.default;
      const english = features[`../features/${area}/i18n/en.json`]!.default;
      expect(keysOf(english).sort(), area).toEqual(keysOf(spanish).sort());
    }
  });
});
