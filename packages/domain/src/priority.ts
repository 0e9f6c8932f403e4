/**
 * Priority score of a portfolio project, 0–100, with every factor visible so a committee can
 * see why one project ranks above another. Weights are deliberate and documented here:
 * social impact weighs most (public benefit), then economic and environmental impact, then
 * how completely the project is aligned with the three municipal instruments and the ODS.
 * A land use the PMDUOET prohibits halves the score: the project may still be studied, but it
 * should not outrank compatible ones. When the project's territory has been computed (its geometry
 * over the PMDUOET zoning and the compatibility matrix) and gives a compatibility, that one replaces
 * the declared land use, and the factor names the zone that decided it.
 */
export interface PriorityInput {
  impact: { social: number; environmental: number; economic: number };
  alignment: {
    pmdAxis: string | null;
    governmentProgram: string | null;
    pmduoetZone: string | null;
    landUse: "permitted" | "conditional" | "prohibited" | null;
    ods: readonly number[];
  };
  /** The computed territory (TerritoryResult), when the project has one. */
  territory?: {
    compatibility: "permitted" | "conditional" | "prohibited" | null;
    decidedBy: string | null;
    zones?: readonly unknown[];
  } | null;
}

export type PriorityFactorKey = "social" | "environmental" | "economic" | "alignment" | "landUse";

export interface PriorityFactor {
  key: PriorityFactorKey;
  /** The factor's value on its own scale (0–5 for impacts, 0–4 aligned instruments, multiplier for land use). */
  value: number;
  /** Weight in the sum, or null for the land-use multiplier. */
  weight: number | null;
  /** Points this factor adds to (or, for land use, removes from) the score. */
  contribution: number;
  /** Land use only: whether the compatibility was computed from the territory or declared (null: neither). */
  source?: "computed" | "declared" | null;
  /** Land use only: the zone whose rule decided a computed compatibility. */
  zone?: string | null;
}

export interface Priority {
  score: number;
  factors: PriorityFactor[];
  /**
   * Whether the project's impacts were rated (impactEvaluated). Without ratings the score only
   * measures alignment: the UI shows «Sin evaluar» instead of a number, and the score is kept for
   * what needs one (sorting puts unrated projects below rated ones of equal alignment).
   */
  evaluated: boolean;
}

/**
 * Whether anyone rated the project's impacts. The three ratings start at 0 (the schema's default)
 * and a committee rates a project with at least one impact above 0, so all three at 0 (or absent)
 * means "not evaluated yet", not "no impact at all".
 */
export function impactEvaluated(impact: Partial<PriorityInput["impact"]> | null | undefined): boolean {
  return Boolean(impact && ((impact.social ?? 0) > 0 || (impact.environmental ?? 0) > 0 || (impact.economic ?? 0) > 0));
}

export const PRIORITY_WEIGHTS = { social: 0.35, economic: 0.25, environmental: 0.25, alignment: 0.15 } as const;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Computes the priority score and its factors; pure and deterministic. */
export function priorityScore(input: PriorityInput): Priority {
  const { impact, alignment } = input;
  const territory = input.territory ?? null;
  const inZones = (territory?.zones?.length ?? 0) > 0;
  const alignedInstruments =
    Number(Boolean(alignment.pmdAxis)) +
    Number(Boolean(alignment.governmentProgram)) +
    Number(Boolean(alignment.pmduoetZone) || inZones) +
    Number(alignment.ods.length > 0);

  const weighted: PriorityFactor[] = [
    { key: "social", value: impact.social, weight: PRIORITY_WEIGHTS.social, contribution: (impact.social / 5) * PRIORITY_WEIGHTS.social * 100 },
    { key: "economic", value: impact.economic, weight: PRIORITY_WEIGHTS.economic, contribution: (impact.economic / 5) * PRIORITY_WEIGHTS.economic * 100 },
    { key: "environmental", value: impact.environmental, weight: PRIORITY_WEIGHTS.environmental, contribution: (impact.environmental / 5) * PRIORITY_WEIGHTS.environmental * 100 },
    { key: "alignment", value: alignedInstruments, weight: PRIORITY_WEIGHTS.alignment, contribution: (alignedInstruments / 4) * PRIORITY_WEIGHTS.alignment * 100 },
  ];
  const subtotal = weighted.reduce((sum, f) => sum + f.contribution, 0);
  const computed = territory?.compatibility ?? null;
  const landUse = computed ?? alignment.landUse;
  const source = computed !== null ? "computed" : alignment.landUse !== null ? "declared" : null;
  const multiplier = landUse === "prohibited" ? 0.5 : 1;
  const factors: PriorityFactor[] = weighted.map((f) => ({ ...f, contribution: round1(f.contribution) }));
  factors.push({
    key: "landUse",
    value: multiplier,
    weight: null,
    contribution: round1(subtotal * multiplier - subtotal),
    source,
    zone: computed !== null ? (territory?.decidedBy ?? null) : null,
  });
  return { score: round1(subtotal * multiplier), factors, evaluated: impactEvaluated(impact) };
}
