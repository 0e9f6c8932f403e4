import { describe, expect, it } from "vitest";
import { projectCreateSchema, projectPatchSchema } from "./project-fields";

describe("project fields", () => {
  it("fills defaults for a minimal project", () => {
    const parsed = projectCreateSchema.parse({ name: "Parque lineal", kind: "study" });
    expect(parsed.alignment.ods).toEqual([]);
    expect(parsed.impact).toEqual({ social: 0, environmental: 0, economic: 0 });
    expect(parsed.funding).toBeNull();
  });

  it("rejects unknown kinds, unknown fields and a funding split that does not add to 100", () => {
    expect(projectCreateSchema.safeParse({ name: "Parque", kind: "mall" }).success).toBe(false);
    expect(projectCreateSchema.safeParse({ name: "Parque", kind: "study", stage: "execution" }).success).toBe(false);
    const funding = { federal: 50, state: 30, municipal: 10, private: 0 };
    expect(projectCreateSchema.safeParse({ name: "Parque", kind: "study", funding }).success).toBe(false);
    expect(
      projectCreateSchema.safeParse({ name: "Parque", kind: "study", funding: { ...funding, private: 10 } }).success,
    ).toBe(true);
  });

  it("accepts a closed polygon and rejects an open one", () => {
    const ring = [[-103.3, 20.6], [-103.2, 20.6], [-103.2, 20.7], [-103.3, 20.6]];
    const ok = projectCreateSchema.safeParse({
      name: "Parque",
      kind: "study",
      location: { geometry: { type: "Polygon", coordinates: [ring] } },
    });
    expect(ok.success).toBe(true);
    const open = projectCreateSchema.safeParse({
      name: "Parque",
      kind: "study",
      location: { geometry: { type: "Polygon", coordinates: [ring.slice(0, 3).concat([[-103.25, 20.65]])] } },
    });
    expect(open.success).toBe(false);
  });

  it("normalizes the clave and refuses an empty patch", () => {
    expect(projectPatchSchema.parse({ clave: " est-2026-010 " }).clave).toBe("EST-2026-010");
    expect(projectPatchSchema.safeParse({}).success).toBe(false);
  });
});
