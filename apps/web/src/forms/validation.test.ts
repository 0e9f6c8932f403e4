import { describe, expect, it, vi } from "vitest";
import type { TFunction } from "i18next";
import {
  PASSWORD_MIN_LENGTH,
  PROJECT_NAME_MIN_LENGTH,
  projectCreateSchema,
  projectPatchSchema,
  userCreateSchema,
  VALIDATION_CODES,
} from "@taller/domain/inputs";
import { ApiError } from "../api";
import en from "../i18n/en.json";
import esMX from "../i18n/es-MX.json";
import { limitOf, serverIssues, setServerIssues, validationMessage } from "./validation";

// Enough of i18next for the mapping: the key and its options, as text.
const t = ((key: string, options?: { count?: number }) =>
  options?.count === undefined ? key : `${key}:${options.count}`) as unknown as TFunction;

describe("validation messages", () => {
  it("has a message for every code in both languages, with the limit variants", () => {
    for (const strings of [esMX.validation, en.validation] as Record<string, string>[]) {
      for (const code of VALIDATION_CODES) expect(strings[code], code).toEqual(expect.any(String));
      for (const code of ["too_short", "too_long", "too_few", "too_many", "too_small", "too_large"]) {
        expect(strings[`${code}_limit_one`]).toContain("{{count}}");
        expect(strings[`${code}_limit_other`]).toContain("{{count}}");
      }
    }
  });

  it("maps a code to its key, with the limit when known, and an unknown code to 'invalid'", () => {
    expect(validationMessage(t, "required")).toBe("validation.required");
    expect(validationMessage(t, "too_short", 3)).toBe("validation.too_short_limit:3");
    expect(validationMessage(t, "too_short")).toBe("validation.too_short");
    expect(validationMessage(t, "clave_format", 3)).toBe("validation.clave_format");
    expect(validationMessage(t, "El nombre es corto.")).toBe("validation.invalid");
  });
});

describe("limitOf", () => {
  it("reads the domain's limits through optional, nullable, default and transform wrappers", () => {
    expect(limitOf(projectCreateSchema, "name", "too_short")).toBe(PROJECT_NAME_MIN_LENGTH);
    expect(limitOf(projectPatchSchema, "name", "too_long")).toBe(200);
    expect(limitOf(userCreateSchema, "password", "too_short")).toBe(PASSWORD_MIN_LENGTH);
    expect(limitOf(projectPatchSchema, "alignment.cos", "too_large")).toBe(100);
    expect(limitOf(projectPatchSchema, "location.colonia", "too_long")).toBe(120);
    expect(limitOf(projectPatchSchema, "alignment.ods", "too_many")).toBe(17);
    expect(limitOf(projectPatchSchema, "alignment.ods.0", "too_small")).toBe(1);
    expect(limitOf(projectPatchSchema, "funding.federal", "too_small")).toBe(0);
  });

  it("knows no limit for other codes or unknown paths", () => {
    expect(limitOf(projectCreateSchema, "name", "required")).toBeUndefined();
    expect(limitOf(projectCreateSchema, "nombre", "too_short")).toBeUndefined();
  });
});

describe("server issues", () => {
  const refused = new ApiError(400, "validation_failed", "Datos inválidos", "r1", {
    issues: [
      { path: "name", code: "too_short" },
      { path: "funding.federal", code: "too_large" },
      { path: "funding", code: "funding_sum" },
      { path: "", code: "unknown_field" },
      { path: "kind", code: "Elige un tipo." },
    ],
  });

  it("reads path and code of validation_failed answers only", () => {
    expect(serverIssues(refused)).toEqual([
      { path: "name", code: "too_short" },
      { path: "funding.federal", code: "too_large" },
      { path: "funding", code: "funding_sum" },
      { path: "", code: "unknown_field" },
    ]);
    expect(serverIssues(new ApiError(409, "clave_taken", "Ya existe", "r2", { issues: [{ path: "clave", code: "x" }] }))).toEqual([]);
    expect(serverIssues(new Error("red"))).toEqual([]);
  });

  it("puts each issue on the form field its path belongs to, the first one focused", () => {
    const setError = vi.fn();
    expect(setServerIssues(refused, setError, ["name", "funding", "kind"])).toBe(true);
    expect(setError.mock.calls).toEqual([
      ["name", { type: "server", message: "too_short" }, { shouldFocus: true }],
      ["funding", { type: "server", message: "too_large" }, { shouldFocus: false }],
    ]);
    expect(setServerIssues(refused, vi.fn(), ["description"])).toBe(false);
  });
});
