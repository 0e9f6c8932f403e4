import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ACCOUNT_NAME_MIN_LENGTH,
  activityQuerySchema,
  documentCreateSchema,
  documentRenameSchema,
  fundingAddsUp,
  inputIssues,
  loginSchema,
  memberAddSchema,
  memberRoleSchema,
  organizationCreateSchema,
  parseOptions,
  PASSWORD_MIN_LENGTH,
  PROJECT_NAME_MIN_LENGTH,
  projectCreateSchema,
  projectListQuerySchema,
  projectPatchSchema,
  stageChangeSchema,
  userCreateSchema,
  VALIDATION_CODES,
} from "./inputs";

/** The issues of a parse as the API reports them ([] when it passes). */
function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value, parseOptions);
  return result.success ? [] : inputIssues(result.error);
}

const uuid = "2d6f2c1e-8a51-4d8e-9a0b-0c1d2e3f4a51";
const project = { name: "Parque lineal", kind: "study" };

describe("project fields", () => {
  it("measures the name after trimming, at the domain's minimum", () => {
    const name = "x".repeat(PROJECT_NAME_MIN_LENGTH);
    expect(issuesOf(projectCreateSchema, { ...project, name: ` ${name} ` })).toEqual([]);
    expect(issuesOf(projectCreateSchema, { ...project, name: ` ${name.slice(1)} ` })).toEqual([{ path: "name", code: "too_short" }]);
    expect(issuesOf(projectCreateSchema, { ...project, name: "   " })).toEqual([{ path: "name", code: "required" }]);
    expect(issuesOf(projectCreateSchema, { kind: "study" })).toEqual([{ path: "name", code: "required" }]);
    expect(issuesOf(projectCreateSchema, { ...project, name: "x".repeat(201) })).toEqual([{ path: "name", code: "too_long" }]);
  });

  it("refuses a clave outside the pattern with clave_format", () => {
    for (const clave of ["EST-2026-010", "a1", "A".repeat(32)]) expect(issuesOf(projectPatchSchema, { clave })).toEqual([]);
    for (const clave of ["-EST", "A", "A".repeat(33), "EST_1", "EST 1"]) {
      expect(issuesOf(projectPatchSchema, { clave })).toEqual([{ path: "clave", code: "clave_format" }]);
    }
  });

  it("accepts funding adding up to 100 within the tolerance, else funding_sum on the record", () => {
    const funding = { federal: 33.3333, state: 33.3333, municipal: 33.3334, private: 0 };
    expect(issuesOf(projectPatchSchema, { funding })).toEqual([]);
    expect(issuesOf(projectPatchSchema, { funding: { ...funding, private: 0.002 } })).toEqual([{ path: "funding", code: "funding_sum" }]);
    expect(issuesOf(projectPatchSchema, { funding: { ...funding, federal: 101 } })).toEqual([
      { path: "funding.federal", code: "too_large" },
      { path: "funding", code: "funding_sum" },
    ]);
    expect(fundingAddsUp(100.0009)).toBe(true);
    expect(fundingAddsUp(100.001)).toBe(false);
  });

  it("names the rule of each nested field", () => {
    expect(issuesOf(projectPatchSchema, { alignment: { ods: [3, 3] } })).toEqual([{ path: "alignment.ods", code: "duplicates" }]);
    expect(issuesOf(projectPatchSchema, { alignment: { ods: [18] } })).toEqual([{ path: "alignment.ods.0", code: "too_large" }]);
    expect(issuesOf(projectPatchSchema, { participatingOrgIds: [uuid, uuid] })).toEqual([{ path: "participatingOrgIds", code: "duplicates" }]);
    expect(issuesOf(projectPatchSchema, { impact: { social: 2.5 } })).toEqual([{ path: "impact.social", code: "not_integer" }]);
    expect(issuesOf(projectPatchSchema, { estimatedAmountMxn: 10.005 })).toEqual([{ path: "estimatedAmountMxn", code: "too_precise" }]);
    expect(issuesOf(projectPatchSchema, { estimatedAmountMxn: -1 })).toEqual([{ path: "estimatedAmountMxn", code: "too_small" }]);
    expect(issuesOf(projectPatchSchema, { leadOrgId: "o1" })).toEqual([{ path: "leadOrgId", code: "invalid_id" }]);
    expect(issuesOf(projectPatchSchema, { kind: "mall" })).toEqual([{ path: "kind", code: "invalid_option" }]);
    const open = [[-103.3, 20.6], [-103.2, 20.6], [-103.2, 20.7], [-103.25, 20.65]];
    expect(issuesOf(projectPatchSchema, { location: { geometry: { type: "Polygon", coordinates: [open] } } })).toEqual([
      { path: "location.geometry.coordinates.0", code: "ring_not_closed" },
    ]);
    expect(issuesOf(projectPatchSchema, { location: { geometry: { type: "Line", coordinates: [] } } })).toEqual([
      { path: "location.geometry.type", code: "invalid_option" },
    ]);
  });

  it("refuses an empty patch, unknown fields and the stage outside its endpoint", () => {
    expect(issuesOf(projectPatchSchema, {})).toEqual([{ path: "", code: "no_changes" }]);
    expect(issuesOf(projectPatchSchema, { name: "Parque", stage: "execution" })).toEqual([{ path: "", code: "unknown_field" }]);
    expect(issuesOf(projectCreateSchema, null)).toEqual([{ path: "", code: "invalid_type" }]);
    expect(issuesOf(stageChangeSchema, { to: "demolition" })).toEqual([{ path: "to", code: "invalid_option" }]);
  });
});

describe("account inputs", () => {
  it("checks organizations' names and short names at the domain's minimum", () => {
    const name = "x".repeat(ACCOUNT_NAME_MIN_LENGTH);
    expect(issuesOf(organizationCreateSchema, { name, shortName: name })).toEqual([]);
    expect(issuesOf(organizationCreateSchema, { name: "x", shortName: "x".repeat(31) })).toEqual([
      { path: "name", code: "too_short" },
      { path: "shortName", code: "too_long" },
    ]);
  });

  it("checks a new user's email, password length and organization", () => {
    const user = { email: "ana@implan.gob.mx", name: "Ana", password: "p".repeat(PASSWORD_MIN_LENGTH), orgId: uuid };
    expect(userCreateSchema.parse(user).isAdmin).toBe(false);
    expect(issuesOf(userCreateSchema, { ...user, email: "ana@", password: "p".repeat(PASSWORD_MIN_LENGTH - 1), orgId: "" })).toEqual([
      { path: "email", code: "invalid_email" },
      { path: "password", code: "too_short" },
      { path: "orgId", code: "invalid_id" },
    ]);
  });

  it("normalizes the login email and requires a password", () => {
    expect(loginSchema.parse({ email: " Ana@Implan.gob.mx ", password: "x" }).email).toBe("ana@implan.gob.mx");
    expect(issuesOf(loginSchema, { email: "ana@implan.gob.mx", password: "" })).toEqual([{ path: "password", code: "required" }]);
  });
});

describe("project membership, documents and lists", () => {
  it("checks members and roles", () => {
    expect(issuesOf(memberAddSchema, { userId: uuid, role: "owner" })).toEqual([]);
    expect(issuesOf(memberAddSchema, { userId: "x", role: "boss" })).toEqual([
      { path: "userId", code: "invalid_id" },
      { path: "role", code: "invalid_option" },
    ]);
    expect(issuesOf(memberRoleSchema, {})).toEqual([{ path: "role", code: "required" }]);
    expect(issuesOf(projectCreateSchema, { name: "Parque" })).toEqual([{ path: "kind", code: "required" }]);
  });

  it("requires a document title of at most 200 characters", () => {
    expect(documentRenameSchema.parse({ title: "  Estudio  " }).title).toBe("Estudio");
    expect(issuesOf(documentRenameSchema, { title: " " })).toEqual([{ path: "title", code: "required" }]);
    expect(issuesOf(documentCreateSchema, { kind: "spreadsheet", title: "x".repeat(201) })).toEqual([
      { path: "kind", code: "invalid_option" },
      { path: "title", code: "too_long" },
    ]);
  });

  it("reads list filters and activity paging from query strings", () => {
    expect(activityQuerySchema.parse({})).toEqual({ limit: 50 });
    // The cursor is the API's own (the last entry's time and key), passed back as it came.
    const cursor = `1764300000000.a.${"7".padStart(20, "0")}`;
    expect(activityQuerySchema.parse({ before: cursor, limit: "200" })).toEqual({ before: cursor, limit: 200 });
    expect(issuesOf(activityQuerySchema, { before: "12", limit: "201" })).toEqual([
      { path: "before", code: "invalid_format" },
      { path: "limit", code: "too_large" },
    ]);
    expect(issuesOf(projectListQuerySchema, { stage: "demolition", org: "x", text: " parque " })).toEqual([
      { path: "stage", code: "invalid_option" },
      { path: "org", code: "invalid_id" },
    ]);
  });

  it("gives every issue one of the listed codes", () => {
    expect(new Set(VALIDATION_CODES).size).toBe(VALIDATION_CODES.length);
    expect(issuesOf(activityQuerySchema, { limit: "diez" })).toEqual([{ path: "limit", code: "invalid_type" }]);
  });
});
