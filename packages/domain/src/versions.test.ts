import { describe, expect, it } from "vitest";
import { versionCreateSchema } from "./versions";

describe("versionCreateSchema", () => {
  it("trims the name and note, and takes a note as optional", () => {
    expect(versionCreateSchema.parse({ name: "  Entrega 1 ", note: " revisada " })).toEqual({ name: "Entrega 1", note: "revisada" });
    expect(versionCreateSchema.parse({ name: "v" })).toEqual({ name: "v" });
  });

  it("refuses an empty or too long name, a too long note and unknown fields", () => {
    for (const input of [{ name: "   " }, { name: "x".repeat(121) }, { name: "ok", note: "x".repeat(2001) }, { name: "ok", number: 3 }, {}]) {
      expect(versionCreateSchema.safeParse(input).success, JSON.stringify(input).slice(0, 40)).toBe(false);
    }
    expect(versionCreateSchema.safeParse({ name: "x".repeat(120), note: "x".repeat(2000) }).success).toBe(true);
  });
});
