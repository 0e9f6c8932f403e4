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

  // docs/i18n.md: the UI says tú. These are usted forms the UI would use to address the person
  // (imperatives, «usted» itself); a sentence about another person («Debe cambiar su contraseña» of
  // an account in the admin table) stays third person and is not among them.
  it("addresses the person as tú in every Spanish string", () => {
    const files = { core: esMX, ...import.meta.glob<{ default: object }>("../features/*/i18n/es-MX.json", { eager: true, import: "default" }) };
    const usted = /\b(usted|ustedes|inicie|ingrese|seleccione|elija|escriba|intente|acérquese|aléjese|pulse|presione|haga clic|verifique su|revise su|espere un momento)\b/i;
    const found: string[] = [];
    for (const [file, strings] of Object.entries(files)) {
      for (const [key, text] of stringsOf(strings)) if (usted.test(text)) found.push(`${file} ${key}: ${text}`);
    }
    expect(found).toEqual([]);
  });
});

function stringsOf(value: unknown, prefix = ""): Array<[string, string]> {
  if (typeof value === "string") return [[prefix, value]];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => stringsOf(child, prefix ? `${prefix}.${key}` : key));
}
