import { describe, expect, it } from "vitest";
import type { TFunction } from "i18next";
import { ApiError } from "../api";
import { describeError } from "./errors";

const t = ((key: string) => key) as unknown as TFunction;

describe("describeError", () => {
  it("words a validation failure's first issue from its code, not the server's summary", () => {
    const error = new ApiError(400, "validation_failed", "Datos inválidos: name (too_short).", "r1", {
      issues: [
        { path: "", code: "unknown_field" },
        { path: "name", code: "too_short" },
      ],
    });
    expect(describeError(t, error)).toEqual({
      message: "errors.validation_failed",
      detail: "validation.unknown_field",
      requestId: "r1",
      code: "validation_failed",
    });
  });

  it("has no detail for other errors", () => {
    expect(describeError(t, new ApiError(409, "clave_taken", "Ya existe", "r2")).detail).toBeUndefined();
  });
});
