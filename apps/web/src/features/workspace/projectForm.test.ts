import { describe, expect, it } from "vitest";
import { projectAbilities } from "@taller/domain/permissions";
import type { Project } from "../../api";
import { draftFromProject, fundingTotal, parseAmount, parseDecimal, patchFromDraft, problemKeyOf } from "./projectForm";

const project: Project = {
  id: "p1",
  clave: "EST-2026-001",
  name: "Parque lineal Arroyo de las Palomas",
  kind: "study",
  stage: "prefeasibility",
  description: "Rehabilitación del cauce.",
  leadOrg: { id: "o1", name: "Instituto Municipal de Planeación", shortName: "IMPLAN" },
  participatingOrgs: [{ id: "o2", name: "Obra Pública", shortName: "OP" }],
  estimatedAmountMxn: 86_500_000,
  funding: { federal: 40, state: 20, municipal: 40, private: 0 },
  location: { microregion: "Oriente", colonia: "Las Palomas", geometry: { type: "Point", coordinates: [-101.6, 21.1] } },
  alignment: {
    pmdAxis: "Eje 3",
    governmentProgram: "Espacios públicos",
    pmduoetZone: "UGAT 14",
    landUse: "permitted",
    landUseNote: null,
    cos: 0.1,
    cus: 0.1,
    cas: 85,
    ods: [11, 6],
  },
  impact: { social: 5, environmental: 5, economic: 3 },
  priority: { score: 88, factors: [] },
  evaluationType: "simplified_cba",
  myRole: "owner",
  abilities: projectAbilities({ userId: "u1", isAdmin: false }, { role: "owner" }),
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

describe("patchFromDraft", () => {
  it("sends nothing when nothing changed", () => {
    expect(patchFromDraft(project, draftFromProject(project))).toEqual({ problems: {}, patch: {} });
  });

  it("sends only the changed fields, nested records whole, keeping the geometry", () => {
    const draft = draftFromProject(project);
    draft.name = "  Parque lineal Las Palomas ";
    draft.colonia = "Palomas Norte";
    const { patch } = patchFromDraft(project, draft);
    expect(patch).toEqual({
      name: "Parque lineal Las Palomas",
      location: { microregion: "Oriente", colonia: "Palomas Norte", geometry: project.location?.geometry },
    });
  });

  it("clears funding when every percentage is emptied", () => {
    const draft = draftFromProject(project);
    draft.funding = { federal: "", state: "", municipal: "", private: "" };
    expect(patchFromDraft(project, draft).patch).toEqual({ funding: null });
  });

  it("reports every client-side problem under the server's issue path", () => {
    const draft = draftFromProject(project);
    draft.name = "ab";
    draft.funding.federal = "50";
    draft.impact.social = "6";
    draft.impact.economic = "2.5";
    draft.ratios.cos = "x";
    draft.ods = [0, 3];
    draft.amount = "12.345";
    const { problems, patch } = patchFromDraft(project, draft);
    expect(patch).toBeUndefined();
    expect(problems).toEqual({
      name: "nameTooShort",
      funding: "fundingSum",
      "impact.social": "impactInvalid",
      "impact.economic": "impactInvalid",
      "alignment.cos": "ratioInvalid",
      "alignment.ods": "odsInvalid",
      estimatedAmountMxn: "amountInvalid",
    });
  });
});

describe("parsers", () => {
  it("parses amounts and decimals", () => {
    expect(parseAmount("$ 12,500,000.50")).toBe(12_500_000.5);
    expect(parseAmount("")).toBeNull();
    expect(parseAmount("doce")).toBeUndefined();
    expect(parseDecimal("12.5 %")).toBe(12.5);
    expect(parseDecimal("-1")).toBeUndefined();
  });

  it("adds the funding split", () => {
    expect(fundingTotal({ federal: "40", state: "20.5", municipal: "", private: "x" })).toBe(60.5);
  });

  it("maps nested server paths to form fields", () => {
    expect(problemKeyOf("funding.federal")).toBe("funding");
    expect(problemKeyOf("alignment.ods.2")).toBe("alignment.ods");
    expect(problemKeyOf("impact.social")).toBe("impact.social");
  });
});
