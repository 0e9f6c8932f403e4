import { STAGES, projectCreateSchema, type Actor, type FundingSource, type ProjectRole, type Stage } from "@taller/domain";
import type { Database } from "@taller/db";
import { changeStage, createProject } from "../commands/projects";
import { addMember } from "../commands/members";
import { addMeasurement, createIndicator, createMilestone, createProgressReport, replaceProgressPlan } from "../commands/follow-up";
import type { ServerEvents } from "../events";
import type { ProjectAccess } from "../queries/access";
import { officeToday } from "../queries/follow-up";

/**
 * Demo follow-up: two fictional works of Valle de Santa Rosa that are being built, so that
 * TALLER_DEMO=1 shows milestones, an S-curve, spending by source, indicators and the alerts.
 * Dates are relative to the day the demo is seeded:
 * - the Hidalgo market (execution): a 12-month plan, seven monthly reports up to last month, the
 *   latest 16 points behind plan, a late milestone, two indicators with measurements;
 * - the Juárez street paving (monitoring): eight reports up to two months ago, spending well ahead of
 *   the physical progress in the latest one, last month's report missing, an indicator.
 */

interface Work {
  stage: Stage;
  input: Record<string, unknown>;
  /** Cumulative planned physical %, one per month from `planStart` months from now. */
  plan: number[];
  planStart: number;
  /** Reports from `reportStart` months from now, one per month: cumulative physical % and spent (share of authorised). */
  reports: { physicalPct: number; spentShare: number }[];
  reportStart: number;
  authorized: number;
  /** Shares of the authorised amount per source (add up to 1). */
  sources: Partial<Record<FundingSource, number>>;
  milestones: { title: string; plannedIn: number; doneIn?: number; status: "pending" | "in_progress" | "done"; org: string; notes?: string }[];
  indicators: { name: string; unit: string; baseline: number; target: number; direction: "increase" | "decrease"; source: string; measurements: [number, number][] }[];
}

const WORKS: Work[] = [
  {
    stage: "execution",
    input: {
      name: "Rehabilitación del Mercado Municipal Hidalgo",
      kind: "investment",
      description: "Sustitución de cubiertas, instalaciones eléctricas e hidrosanitarias y reordenamiento de 186 locales del mercado, sin cerrarlo: se trabaja por secciones.",
      leadOrg: "OP",
      participating: ["IMPLAN", "TES", "SP"],
      estimatedAmountMxn: 48_600_000.5,
      funding: { federal: 0, state: 40, municipal: 60, private: 0 },
      location: { microregion: "Microrregión Centro", colonia: "Centro Histórico", geometry: { type: "Point", coordinates: [-101.6553, 21.1226] } },
      alignment: { pmdAxis: "Eje 4. Desarrollo económico", governmentProgram: "Programa de Mercados Públicos", pmduoetZone: "UGAT 3 – Centro urbano", landUse: "permitted", ods: [8, 11] },
      impact: { social: 4, environmental: 2, economic: 4 },
      evaluationType: "simplified_cba",
    },
    plan: [3, 8, 15, 24, 35, 47, 58, 68, 77, 85, 93, 100],
    planStart: -8,
    reports: [
      { physicalPct: 2.5, spentShare: 0.05 },
      { physicalPct: 7.8, spentShare: 0.09 },
      { physicalPct: 14.2, spentShare: 0.15 },
      { physicalPct: 22.6, spentShare: 0.22 },
      { physicalPct: 31.05, spentShare: 0.3 },
      { physicalPct: 40.4, spentShare: 0.38 },
      { physicalPct: 52, spentShare: 0.47 },
    ],
    reportStart: -7,
    authorized: 48_600_000.5,
    sources: { state: 0.4, municipal: 0.6 },
    milestones: [
      { title: "Fallo de la licitación de obra", plannedIn: -260, doneIn: -255, status: "done", org: "OP" },
      { title: "Inicio de obra, sección A (cubiertas)", plannedIn: -235, doneIn: -230, status: "done", org: "OP" },
      { title: "Sustitución de la instalación eléctrica, secciones A y B", plannedIn: -12, status: "in_progress", org: "SP", notes: "Falta el transformador de la subestación; la CFE programó la conexión." },
      { title: "Reubicación temporal de locatarios de la sección C", plannedIn: 20, status: "pending", org: "TES" },
      { title: "Entrega de locales y reapertura total", plannedIn: 110, status: "pending", org: "OP" },
    ],
    indicators: [
      { name: "Locales en operación", unit: "locales", baseline: 120, target: 186, direction: "increase", source: "Padrón de locatarios, Tesorería", measurements: [[-180, 118], [-120, 124], [-60, 131], [-10, 139]] },
      { name: "Consumo eléctrico mensual del mercado", unit: "kWh", baseline: 42_000, target: 30_000, direction: "decrease", source: "Recibos de CFE", measurements: [[-150, 41_800], [-90, 39_950], [-30, 37_200]] },
    ],
  },
  {
    stage: "monitoring",
    input: {
      name: "Pavimentación con concreto hidráulico de la calle Juárez",
      kind: "investment",
      description: "1.4 km de pavimento de concreto hidráulico con banquetas accesibles, drenaje pluvial y alumbrado en la calle Juárez, de la Av. Revolución al Periférico Oriente.",
      leadOrg: "OP",
      participating: ["MOV", "SP"],
      estimatedAmountMxn: 21_350_000,
      funding: { federal: 30, state: 0, municipal: 70, private: 0 },
      location: {
        microregion: "Microrregión Oriente",
        colonia: "San Isidro",
        geometry: { type: "LineString", coordinates: [[-101.632, 21.1255], [-101.621, 21.1262], [-101.609, 21.127]] },
      },
      alignment: { pmdAxis: "Eje 2. Movilidad y conectividad", governmentProgram: "Programa de Calles Completas", pmduoetZone: "UGAT 30 – Periurbano Oriente", landUse: "permitted", ods: [9, 11] },
      impact: { social: 3, environmental: 2, economic: 3 },
      evaluationType: "technical_sheet",
    },
    plan: [6, 15, 27, 40, 52, 63, 72, 80, 90, 100],
    planStart: -9,
    reports: [
      { physicalPct: 5, spentShare: 0.12 },
      { physicalPct: 14, spentShare: 0.25 },
      { physicalPct: 26.5, spentShare: 0.38 },
      { physicalPct: 38, spentShare: 0.52 },
      { physicalPct: 50.25, spentShare: 0.66 },
      { physicalPct: 61, spentShare: 0.78 },
      { physicalPct: 70, spentShare: 0.88 },
      { physicalPct: 78, spentShare: 0.96 },
    ],
    reportStart: -9,
    authorized: 21_350_000,
    sources: { federal: 0.3, municipal: 0.7 },
    milestones: [
      { title: "Drenaje pluvial, tramo Revolución–Morelos", plannedIn: -200, doneIn: -190, status: "done", org: "SP" },
      { title: "Pavimento, tramo Morelos–Periférico", plannedIn: -90, doneIn: -70, status: "done", org: "OP" },
      { title: "Recepción de la obra y finiquito", plannedIn: 25, status: "pending", org: "OP", notes: "El finiquito espera la conciliación de volúmenes adicionales de excavación." },
    ],
    indicators: [
      { name: "Tiempo de recorrido Revolución–Periférico Oriente", unit: "min", baseline: 14, target: 8, direction: "decrease", source: "Aforos de la Dirección de Movilidad", measurements: [[-240, 14.5], [-120, 12], [-40, 9.5]] },
    ],
  },
];

/** 'YYYY-MM' `months` months from `today`'s month. */
function periodFrom(today: string, months: number): string {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** 'YYYY-MM-DD' `days` days from `today`. */
const dayFrom = (today: string, days: number) => new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** An amount split by shares in centavos, the last source taking the remainder so they add up exactly. */
function split(total: number, shares: Partial<Record<FundingSource, number>>): [FundingSource, number][] {
  const entries = Object.entries(shares) as [FundingSource, number][];
  const cents = Math.round(total * 100);
  let left = cents;
  return entries.map(([source, share], i) => {
    const part = i === entries.length - 1 ? left : Math.round(cents * share);
    left -= part;
    return [source, part / 100];
  });
}

export async function seedDemoFollowUp(
  db: Database,
  { owner, editor, people, orgIds, events, today = officeToday() }: {
    owner: Actor;
    editor: Actor;
    /** The demo's members besides the owner, added to each work with their role. */
    people: { id: string; role: ProjectRole }[];
    orgIds: Map<string, string>;
    events: ServerEvents;
    today?: string;
  },
): Promise<void> {
  for (const work of WORKS) {
    const { leadOrg, participating, ...fields } = work.input as { leadOrg: string; participating: string[] };
    const parsed = projectCreateSchema.parse({ ...fields, leadOrgId: orgIds.get(leadOrg), participatingOrgIds: participating.map((s) => orgIds.get(s)) });
    let access: ProjectAccess = await createProject({ db, actor: owner, input: parsed });
    for (const person of people) await addMember({ db, events, actor: owner, access, input: { userId: person.id, role: person.role } });
    for (const next of STAGES.slice(1, STAGES.indexOf(work.stage) + 1)) {
      access = await changeStage({ db, actor: owner, access, input: { to: next } });
    }
    const as = { db, access };

    await replaceProgressPlan({
      ...as,
      actor: owner,
      input: {
        points: work.plan.map((pct, i) => ({
          period: periodFrom(today, work.planStart + i),
          plannedPhysicalPct: pct,
          plannedSpent: Math.round(work.authorized * (pct / 100) * 100) / 100,
        })),
      },
    });

    for (const [i, report] of work.reports.entries()) {
      const spent = Math.round(work.authorized * report.spentShare * 100) / 100;
      const committed = Math.round(Math.min(work.authorized, work.authorized * (report.spentShare + 0.12)) * 100) / 100;
      const authorized = split(work.authorized, work.sources);
      const spentBy = split(spent, work.sources);
      const committedBy = split(committed, work.sources);
      await createProgressReport({
        ...as,
        actor: i % 2 === 0 ? editor : owner,
        input: {
          period: periodFrom(today, work.reportStart + i),
          physicalPct: report.physicalPct,
          financial: {
            authorized: work.authorized,
            committed,
            spent,
            bySource: authorized.map(([source, amount], s) => ({ source, authorized: amount, committed: committedBy[s]![1], spent: spentBy[s]![1] })),
          },
          narrative:
            i === work.reports.length - 1
              ? "Avance del mes según la bitácora de obra y las estimaciones pagadas. Se anexan observaciones de la supervisión externa."
              : "Avance del mes según la bitácora de obra y las estimaciones pagadas.",
          photoAssetIds: [],
        },
      });
    }

    for (const m of work.milestones) {
      await createMilestone({
        ...as,
        actor: owner,
        input: {
          title: m.title,
          plannedDate: dayFrom(today, m.plannedIn),
          actualDate: m.doneIn === undefined ? null : dayFrom(today, m.doneIn),
          status: m.status,
          responsibleOrgId: orgIds.get(m.org) ?? null,
          notes: m.notes ?? "",
        },
      });
    }

    for (const indicator of work.indicators) {
      const { measurements, ...fields } = indicator;
      const created = await createIndicator({ ...as, actor: editor, input: fields });
      for (const [days, value] of measurements) {
        await addMeasurement({ ...as, actor: editor, input: { indicatorId: created.id, measuredOn: dayFrom(today, days), value, note: "" } });
      }
    }
  }
}
