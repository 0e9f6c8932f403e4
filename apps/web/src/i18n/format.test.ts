import { describe, expect, it } from "vitest";
import { formattersFor } from "./format";
import en from "./en.json";
import esMX from "./es-MX.json";

describe("formattersFor", () => {
  it("writes pesos the Mexican way in es-MX", () => {
    expect(formattersFor("es-MX").mxn(12_500_000)).toBe("$12,500,000");
  });

  it("keeps MXN visible in English", () => {
    expect(formattersFor("en").mxn(1500)).toBe("MX$1,500");
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
});
