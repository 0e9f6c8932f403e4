import { describe, expect, it } from "vitest";
import { projectAbilities } from "@taller/domain/permissions";
import type { Project } from "../../api";
import { inputIssues, parseOptions, projectCreateSchema, projectPatchSchema } from "@taller/domain/inputs";
import {
  amountValue,
  bodyFromDraft,
  bodyFromNewProject,
  draftFromProject,
  emptyNewProject,
  fundingTotal,
  newProjectRequest,
  numberValue,
  type ProjectDraft,
} from "./projectForm";
import { draftChanges, errorPaths, patchFrom } from "./projectEdit";

const project: Project = {
  id: "p1",
  clave: "EST-2026-001",
  name: "Parque lineal Arroyo de las Palomas",
  kind: "study",
  stage: "prefeasibility",
  description: "Rehabilitación del cauce.",
  leadOrg: { id: "2d6f2c1e-8a51-4d8e-9a0b-0c1d2e3f4a51", name: "Instituto Municipal de Planeación", shortName: "IMPLAN" },
  participatingOrgs: [{ id: "7b0e6f3a-1c2d-4e5f-8a9b-0c1d2e3f4a52", name: "Obra Pública", shortName: "OP" }],
  estimatedAmountMxn: 86_500_000,
  funding: { federal: 40, state: 20, municipal: 40, private: 0 },
  location: { microregion: "Oriente", colonia: "Las Palomas", geometry: { type: "Point", coordinates: [-101.6, 21.1] } },
  alignment: {
    pmdAxis: "Eje 3",
    governmentProgram: "Espacios públicos",
    pmduoetZone: "UGAT 14",
    landUse: "permitted",
    landUseCategory: null,
    landUseNote: null,
    cos: 0.1,
    cus: 0.1,
    cas: 85,
    ods: [11, 6],
  },
  impact: { social: 5, environmental: 5, economic: 3 },
  territory: null,
  priority: { score: 88, factors: [], evaluated: true },
  evaluationType: "simplified_cba",
  alerts: [],
  myRole: "owner",
  abilities: projectAbilities({ userId: "u1", isAdmin: false }, { role: "owner" }),
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  archivedAt: null,
};

const geometry = project.location?.geometry ?? null;

/** Validates a draft as the edit form does; the patch on success, else the issues by path. */
function submit(draft: ProjectDraft) {
  const result = projectPatchSchema.safeParse(bodyFromDraft(draft, geometry), parseOptions);
  if (!result.success) return { issues: Object.fromEntries(inputIssues(result.error).map((issue) => [issue.path, issue.code])) };
  return { patch: patchFrom(project, result.data) };
}

describe("the edit form's patch", () => {
  it("sends nothing when nothing changed", () => {
    expect(submit(draftFromProject(project))).toEqual({ patch: {} });
    expect(draftChanges(project, draftFromProject(project))).toBe(false);
  });

  it("sends only the changed fields, trimmed, nested records whole, keeping the geometry", () => {
    const draft = draftFromProject(project);
    draft.name = "  Parque lineal Las Palomas ";
    draft.location.colonia = "Palomas Norte";
    draft.participatingOrgIds = ["7b0e6f3a-1c2d-4e5f-8a9b-0c1d2e3f4a52"];
    expect(submit(draft)).toEqual({
      patch: {
        name: "Parque lineal Las Palomas",
        location: { microregion: "Oriente", colonia: "Palomas Norte", geometry },
      },
    });
    expect(draftChanges(project, draft)).toBe(true);
  });

  it("clears funding when every percentage is emptied, and counts an empty share as 0 otherwise", () => {
    const draft = draftFromProject(project);
    draft.funding = { federal: "", state: "", municipal: "", private: "" };
    expect(submit(draft)).toEqual({ patch: { funding: null } });
    draft.funding = { federal: "60", state: "40 %", municipal: "", private: "" };
    expect(submit(draft)).toEqual({ patch: { funding: { federal: 60, state: 40, municipal: 0, private: 0 } } });
  });

  it("reports the domain's codes under the server's issue paths", () => {
    const draft = draftFromProject(project);
    draft.name = "ab";
    draft.clave = "-X";
    draft.impact.social = "6";
    draft.impact.economic = "2.5";
    draft.alignment.cos = "x";
    draft.alignment.ods = [0, 3];
    draft.estimatedAmountMxn = "12.345";
    expect(submit(draft)).toEqual({
      issues: {
        name: "too_short",
        clave: "clave_format",
        "impact.social": "too_large",
        "impact.economic": "not_integer",
        "alignment.cos": "invalid_type",
        "alignment.ods.0": "too_small",
        estimatedAmountMxn: "too_precise",
      },
    });
    const unbalanced = draftFromProject(project);
    unbalanced.funding.federal = "50";
    expect(submit(unbalanced)).toEqual({ issues: { funding: "funding_sum" } });
    expect(draftChanges(project, unbalanced)).toBe(true);
  });

  it("puts the server's issues on each input, the funding split as one group and lists as one field", () => {
    const paths = errorPaths(draftFromProject(project));
    expect(paths).toEqual(
      expect.arrayContaining(["clave", "funding", "participatingOrgIds", "location.colonia", "alignment.ods", "impact.environmental", "evaluationType"]),
    );
    expect(paths).not.toContain("funding.federal");
    expect(paths).not.toContain("alignment");
    expect(paths).toHaveLength(23);
  });
});

describe("the new project dialog", () => {
  it("requires a name of the domain's minimum length and a kind", () => {
    const result = projectCreateSchema.safeParse(bodyFromNewProject({ ...emptyNewProject, name: "  " }), parseOptions);
    expect(result.success ? [] : inputIssues(result.error)).toEqual([
      { path: "name", code: "required" },
      { path: "kind", code: "invalid_option" },
    ]);
  });

  it("sends only what the person filled in", () => {
    const parsed = projectCreateSchema.parse(
      bodyFromNewProject({ ...emptyNewProject, name: " Parque ", kind: "study", estimatedAmountMxn: "$ 2,500,000" }),
    );
    expect(newProjectRequest(parsed)).toEqual({ name: "Parque", kind: "study", estimatedAmountMxn: 2_500_000 });
  });
});

describe("numbers typed as text", () => {
  it("reads amounts and decimals, passing anything else on for the schema to refuse", () => {
    expect(amountValue("$ 12,500,000.50")).toBe(12_500_000.5);
    expect(amountValue("")).toBeNull();
    expect(amountValue("doce")).toBe("doce");
    expect(numberValue("12.5 %")).toBe(12.5);
    expect(numberValue("-1")).toBe(-1);
    expect(numberValue(" ")).toBeNull();
  });

  it("adds the funding split", () => {
    expect(fundingTotal({ federal: "40", state: "20.5", municipal: "", private: "x" })).toBe(60.5);
  });
});
