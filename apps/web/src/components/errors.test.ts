import { describe, expect, it } from "vitest";
import type { TFunction } from "i18next";
import { ApiError } from "../api";
import { describeError, isExpectedError, unexpectedRequestId } from "./errors";

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
      requestId: undefined,
      code: "validation_failed",
    });
  });

  it("has no detail for other errors", () => {
    expect(describeError(t, new ApiError(409, "clave_taken", "Ya existe", "r2")).detail).toBeUndefined();
  });
});

describe("the request folio", () => {
  it("is left out of expected refusals the app words itself", () => {
    expect(describeError(t, new ApiError(401, "invalid_credentials", "Correo o contraseña incorrectos.", "r3")).requestId).toBeUndefined();
    expect(describeError(t, new ApiError(409, "clave_taken", "Ya existe", "r4")).requestId).toBeUndefined();
    // A feature's own code (the workspace's last_owner) is known where the feature words it.
    expect(unexpectedRequestId(new ApiError(409, "last_owner", "Debe quedar…", "r5"), true)).toBeUndefined();
    expect(isExpectedError(new ApiError(409, "last_owner", "Debe quedar…", "r5"), true)).toBe(true);
  });

  it("is shown for unexpected errors: a 5xx, even with a known code, or a code the app does not know", () => {
    expect(describeError(t, new ApiError(500, "internal_error", "Error interno", "r6")).requestId).toBe("r6");
    expect(describeError(t, new ApiError(503, "database_unavailable", "No disponible", "r7")).requestId).toBe("r7");
    expect(describeError(t, new ApiError(409, "something_new", "Algo nuevo", "r8")).requestId).toBe("r8");
    expect(unexpectedRequestId(new ApiError(409, "last_owner", "…", "r9"), false)).toBe("r9");
    expect(isExpectedError(new Error("boom"), true)).toBe(false);
  });
});
