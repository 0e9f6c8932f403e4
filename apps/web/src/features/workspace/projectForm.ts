// The project edit form as pure functions: a project becomes a draft of strings (what the inputs
// hold), a draft is validated with the same rules as the server (packages/domain project-fields)
// and turned into a PATCH holding only the fields that changed. Error keys are the server's issue
// paths ("name", "funding", "alignment.ods", "impact.social"), so client and server errors land
// on the same fields.
import {
  landUseCompatibilities,
  evaluationTypes,
  type EvaluationType,
  type FundingSplit,
  type LandUseCompatibility,
  type Project,
  type ProjectKind,
  type ProjectPatch,
} from "../../api";

export const fundingSources = ["federal", "state", "municipal", "private"] as const;
export type FundingSource = (typeof fundingSources)[number];
export const impactKeys = ["social", "economic", "environmental"] as const;
export type ImpactKey = (typeof impactKeys)[number];
export const ratioKeys = ["cos", "cus", "cas"] as const;
export type RatioKey = (typeof ratioKeys)[number];
export const odsGoals = Array.from({ length: 17 }, (_, index) => index + 1);

export type ProjectDraft = {
  clave: string;
  name: string;
  kind: ProjectKind;
  description: string;
  leadOrgId: string;
  participatingOrgIds: string[];
  amount: string;
  funding: Record<FundingSource, string>;
  microregion: string;
  colonia: string;
  pmdAxis: string;
  governmentProgram: string;
  pmduoetZone: string;
  landUse: LandUseCompatibility | "";
  landUseNote: string;
  ratios: Record<RatioKey, string>;
  ods: number[];
  impact: Record<ImpactKey, string>;
  evaluationType: EvaluationType | "";
};

/** Problems found in a draft, keyed by the server's issue path; values are message ids. */
export type DraftProblem =
  | "nameRequired"
  | "nameTooShort"
  | "claveInvalid"
  | "amountInvalid"
  | "fundingPercentInvalid"
  | "fundingSum"
  | "ratioInvalid"
  | "odsInvalid"
  | "impactInvalid";
export type DraftProblems = Partial<Record<string, DraftProblem>>;

const numberText = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

export function draftFromProject(project: Project): ProjectDraft {
  const alignment = project.alignment;
  return {
    clave: project.clave,
    name: project.name,
    kind: project.kind,
    description: project.description,
    leadOrgId: project.leadOrg?.id ?? "",
    participatingOrgIds: project.participatingOrgs.map((org) => org.id),
    amount: numberText(project.estimatedAmountMxn),
    funding: {
      federal: numberText(project.funding?.federal),
      state: numberText(project.funding?.state),
      municipal: numberText(project.funding?.municipal),
      private: numberText(project.funding?.private),
    },
    microregion: project.location?.microregion ?? "",
    colonia: project.location?.colonia ?? "",
    pmdAxis: alignment?.pmdAxis ?? "",
    governmentProgram: alignment?.governmentProgram ?? "",
    pmduoetZone: alignment?.pmduoetZone ?? "",
    landUse: alignment?.landUse ?? "",
    landUseNote: alignment?.landUseNote ?? "",
    ratios: { cos: numberText(alignment?.cos), cus: numberText(alignment?.cus), cas: numberText(alignment?.cas) },
    ods: [...(alignment?.ods ?? [])].sort((a, b) => a - b),
    impact: {
      social: String(project.impact?.social ?? 0),
      economic: String(project.impact?.economic ?? 0),
      environmental: String(project.impact?.environmental ?? 0),
    },
    evaluationType: project.evaluationType ?? "",
  };
}

/** Parses "12,500,000", "$ 12 500 000.50" or "" (→ null); undefined means "not a valid amount". */
export function parseAmount(text: string): number | null | undefined {
  const cleaned = text.replace(/[\s,$]/g, "");
  if (!cleaned) return null;
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return value <= 1e13 ? value : undefined;
}

/** Parses a decimal such as "40", "12.5" or " 0.8 " (→ number), "" (→ null), else undefined. */
export function parseDecimal(text: string): number | null | undefined {
  const cleaned = text.trim().replace(/\s*%$/, "");
  if (!cleaned) return null;
  if (!/^\d+(\.\d+)?$/.test(cleaned) && !/^\.\d+$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

/** Sum of the funding percentages that parse, for the live "suma" hint. */
export function fundingTotal(funding: ProjectDraft["funding"]): number {
  return fundingSources.reduce((sum, source) => sum + (parseDecimal(funding[source]) ?? 0), 0);
}

const optional = (text: string) => (text.trim() ? text.trim() : null);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

type Parsed = {
  clave: string;
  name: string;
  kind: ProjectKind;
  description: string;
  leadOrgId: string | null;
  participatingOrgIds: string[];
  estimatedAmountMxn: number | null;
  funding: FundingSplit | null;
  location: NonNullable<Project["location"]> | null;
  alignment: NonNullable<Project["alignment"]>;
  impact: NonNullable<Project["impact"]>;
  evaluationType: EvaluationType | null;
};

/** Validates a draft; returns the problems, or the parsed values when there are none. */
export function validateDraft(draft: ProjectDraft, geometry: unknown = null): { problems: DraftProblems; parsed?: Parsed } {
  const problems: DraftProblems = {};
  const name = draft.name.trim();
  if (!name) problems.name = "nameRequired";
  else if (name.length < 3) problems.name = "nameTooShort";

  const clave = draft.clave.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9-]{1,31}$/.test(clave)) problems.clave = "claveInvalid";

  const amount = parseAmount(draft.amount);
  if (amount === undefined) problems.estimatedAmountMxn = "amountInvalid";

  let funding: FundingSplit | null = null;
  if (fundingSources.some((source) => draft.funding[source].trim() !== "")) {
    const values = fundingSources.map((source) => parseDecimal(draft.funding[source]) ?? 0);
    const invalid = fundingSources.some((source) => {
      const value = parseDecimal(draft.funding[source]);
      return value === undefined || (value !== null && value > 100);
    });
    const [federal = 0, state = 0, municipal = 0, privateShare = 0] = values;
    if (invalid) problems.funding = "fundingPercentInvalid";
    else if (Math.abs(federal + state + municipal + privateShare - 100) >= 0.001) problems.funding = "fundingSum";
    else funding = { federal, state, municipal, private: privateShare };
  }

  const ratios: Record<RatioKey, number | null> = { cos: null, cus: null, cas: null };
  for (const key of ratioKeys) {
    const value = parseDecimal(draft.ratios[key]);
    if (value === undefined || (value !== null && value > 100)) problems[`alignment.${key}`] = "ratioInvalid";
    else ratios[key] = value;
  }

  const ods = [...new Set(draft.ods)].sort((a, b) => a - b);
  if (ods.some((goal) => !Number.isInteger(goal) || goal < 1 || goal > 17)) problems["alignment.ods"] = "odsInvalid";

  const impact: Record<ImpactKey, number> = { social: 0, economic: 0, environmental: 0 };
  for (const key of impactKeys) {
    const text = draft.impact[key].trim();
    const value = Number(text);
    if (!/^\d$/.test(text) || value > 5) problems[`impact.${key}`] = "impactInvalid";
    else impact[key] = value;
  }

  if (Object.keys(problems).length > 0 || amount === undefined) return { problems };

  const microregion = optional(draft.microregion);
  const colonia = optional(draft.colonia);
  return {
    problems,
    parsed: {
      clave,
      name,
      kind: draft.kind,
      description: draft.description.trim(),
      leadOrgId: draft.leadOrgId || null,
      participatingOrgIds: [...draft.participatingOrgIds],
      estimatedAmountMxn: amount,
      funding,
      location: microregion || colonia || geometry ? { microregion, colonia, geometry: geometry ?? null } : null,
      alignment: {
        pmdAxis: optional(draft.pmdAxis),
        governmentProgram: optional(draft.governmentProgram),
        pmduoetZone: optional(draft.pmduoetZone),
        landUse: landUseCompatibilities.find((value) => value === draft.landUse) ?? null,
        landUseNote: optional(draft.landUseNote),
        cos: ratios.cos,
        cus: ratios.cus,
        cas: ratios.cas,
        ods,
      },
      impact: { social: impact.social, environmental: impact.environmental, economic: impact.economic },
      evaluationType: evaluationTypes.find((value) => value === draft.evaluationType) ?? null,
    },
  };
}

/**
 * Validates the draft and builds the PATCH body with only the changed fields. Nested records
 * (funding, location, alignment, impact) are sent whole: the server replaces them as a unit.
 */
export function patchFromDraft(project: Project, draft: ProjectDraft): { problems: DraftProblems; patch?: ProjectPatch } {
  const geometry = project.location?.geometry ?? null;
  const { problems, parsed } = validateDraft(draft, geometry);
  if (!parsed) return { problems };
  const current = validateDraft(draftFromProject(project), geometry).parsed;
  const patch: ProjectPatch = {};
  const changed = <K extends keyof Parsed>(key: K) => !current || !same(current[key], parsed[key]);

  if (changed("clave")) patch.clave = parsed.clave;
  if (changed("name")) patch.name = parsed.name;
  if (changed("kind")) patch.kind = parsed.kind;
  if (changed("description")) patch.description = parsed.description;
  if (changed("leadOrgId")) patch.leadOrgId = parsed.leadOrgId;
  if (!same([...(current?.participatingOrgIds ?? [])].sort(), [...parsed.participatingOrgIds].sort())) {
    patch.participatingOrgIds = parsed.participatingOrgIds;
  }
  if (changed("estimatedAmountMxn")) patch.estimatedAmountMxn = parsed.estimatedAmountMxn;
  if (changed("funding")) patch.funding = parsed.funding;
  if (changed("location")) patch.location = parsed.location;
  if (changed("alignment")) patch.alignment = parsed.alignment;
  if (changed("impact")) patch.impact = parsed.impact;
  if (changed("evaluationType")) patch.evaluationType = parsed.evaluationType;
  return { problems, patch };
}

/** The draft field a server issue path belongs to (e.g. "funding.federal" → "funding"). */
export function problemKeyOf(path: string): string {
  if (path.startsWith("funding")) return "funding";
  if (path.startsWith("alignment.ods")) return "alignment.ods";
  if (path.startsWith("participatingOrgIds")) return "participatingOrgIds";
  return path;
}
