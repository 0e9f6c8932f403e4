import { and, eq, inArray } from "@taller/db/sql";
import {
  DomainError,
  isFollowUpStage,
  milestoneIsConsistent,
  type IndicatorCreateInput,
  type IndicatorPatchInput,
  type MeasurementCreateInput,
  type MilestoneCreateInput,
  type MilestonePatchInput,
  type ProgressPlanInput,
  type ProgressReportCreateInput,
  type ProgressReportPatchInput,
} from "@taller/domain";
import {
  assets,
  indicatorMeasurements,
  indicators,
  milestones,
  organizations,
  progressPlanPoints,
  progressReports,
  type Executor,
  type Indicator,
  type IndicatorMeasurement,
  type Milestone,
  type ProgressPlanPoint,
  type ProgressReport,
} from "@taller/db";
import { recordAudit, type AuditRecord } from "./audit";
import type { CommandProps } from "./props";
import { lockProjectFor } from "../queries/access";
import { isUuid } from "../http/validate";

/**
 * Follow-up writes (owners and editors: `followUp.edit`, decided at the edge): milestones, the
 * progress plan, progress reports, indicators and measurements. Each is one transaction with its
 * audit entry, which also goes to the project's event stream (so open pages refresh).
 */

const money = (value: number) => value.toFixed(2);
const optionalMoney = (value: number | null) => (value === null ? null : value.toFixed(2));

const invalid = (path: string, code: string, message: string) => new DomainError("validation_failed", message, { issues: [{ path, code }] });

/** The audit entry of a follow-up change; its project event says `followUp: true` for the pages to refresh. */
function audit(tx: Executor, record: Omit<AuditRecord, "event"> & { projectId: string; event?: Record<string, unknown> }) {
  return recordAudit(tx, { ...record, event: { followUp: true, ...record.event } });
}

async function assertOrganizationExists(tx: Executor, orgId: string | null | undefined): Promise<void> {
  if (!orgId) return;
  const [found] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId));
  if (!found) throw invalid("responsibleOrgId", "invalid_id", "responsibleOrgId: no existe la dependencia.");
}

// ---------------------------------------------------------------------------------------------
// Milestones

async function milestoneIn(tx: Executor, projectId: string, milestoneId: string): Promise<Milestone> {
  const notFound = () => new DomainError("milestone_not_found", "No existe ese hito en el proyecto.", { milestoneId });
  if (!isUuid(milestoneId)) throw notFound();
  const [row] = await tx.select().from(milestones).where(and(eq(milestones.id, milestoneId), eq(milestones.projectId, projectId)));
  if (!row) throw notFound();
  return row;
}

export async function createMilestone({ db, actor, access, input }: CommandProps<MilestoneCreateInput>): Promise<Milestone> {
  const projectId = access.project.id;
  return db.transaction(async (tx) => {
    await assertOrganizationExists(tx, input.responsibleOrgId);
    const [row] = await tx
      .insert(milestones)
      .values({ projectId, ...input, createdBy: actor.userId })
      .returning();
    await audit(tx, { actorId: actor.userId, projectId, action: "milestone.created", subjectType: "milestone", subjectId: row!.id, details: { title: row!.title, plannedDate: row!.plannedDate, status: row!.status }, event: { milestoneId: row!.id } });
    return row!;
  });
}

export async function updateMilestone({ db, actor, access, input }: CommandProps<MilestonePatchInput & { milestoneId: string }>): Promise<Milestone> {
  const projectId = access.project.id;
  const { milestoneId, ...patch } = input;
  return db.transaction(async (tx) => {
    const before = await milestoneIn(tx, projectId, milestoneId);
    await assertOrganizationExists(tx, patch.responsibleOrgId);
    const merged = { ...before, ...patch };
    if (!milestoneIsConsistent(merged)) throw invalid("actualDate", "required", "Un hito cumplido necesita su fecha real.");
    const [row] = await tx
      .update(milestones)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(milestones.id, before.id))
      .returning();
    const previous = Object.fromEntries(Object.keys(patch).map((key) => [key, before[key as keyof Milestone]]));
    await audit(tx, { actorId: actor.userId, projectId, action: "milestone.updated", subjectType: "milestone", subjectId: before.id, details: { before: previous, after: patch }, event: { milestoneId: before.id } });
    return row!;
  });
}

export async function deleteMilestone({ db, actor, access, input }: CommandProps<{ milestoneId: string }>): Promise<void> {
  const projectId = access.project.id;
  await db.transaction(async (tx) => {
    const before = await milestoneIn(tx, projectId, input.milestoneId);
    await tx.delete(milestones).where(eq(milestones.id, before.id));
    await audit(tx, { actorId: actor.userId, projectId, action: "milestone.deleted", subjectType: "milestone", subjectId: before.id, details: { title: before.title, plannedDate: before.plannedDate, status: before.status }, event: { milestoneId: before.id } });
  });
}

// ---------------------------------------------------------------------------------------------
// Progress plan

/** Replaces the whole plan (the editor sends every month), audited with the number of months before and after. */
export async function replaceProgressPlan({ db, actor, access, input }: CommandProps<ProgressPlanInput>): Promise<ProgressPlanPoint[]> {
  const projectId = access.project.id;
  return db.transaction(async (tx) => {
    const removed = await tx.delete(progressPlanPoints).where(eq(progressPlanPoints.projectId, projectId)).returning({ period: progressPlanPoints.period });
    const points = [...input.points].sort((a, b) => a.period.localeCompare(b.period));
    const rows =
      points.length === 0
        ? []
        : await tx
            .insert(progressPlanPoints)
            .values(points.map((p) => ({ projectId, period: p.period, plannedPhysicalPct: money(p.plannedPhysicalPct), plannedSpent: optionalMoney(p.plannedSpent) })))
            .returning();
    await audit(tx, { actorId: actor.userId, projectId, action: "progress_plan.updated", subjectType: "project", subjectId: projectId, details: {
      before: removed.length,
      after: rows.length,
      from: points[0]?.period ?? null,
      to: points.at(-1)?.period ?? null,
    } });
    return rows.sort((a, b) => a.period.localeCompare(b.period));
  });
}

// ---------------------------------------------------------------------------------------------
// Progress reports

/**
 * Locks the project and checks again, on the current row, that the actor may still edit
 * follow-up and that the project takes reports (a concurrent stage move back before the executive
 * project would otherwise let a report in).
 */
async function assertReporting(tx: Executor, actor: CommandProps<unknown>["actor"], projectId: string): Promise<void> {
  const { project } = await lockProjectFor(tx, actor, projectId, "followUp.edit");
  if (!isFollowUpStage(project.stage)) {
    throw new DomainError("stage_not_in_follow_up", "Los reportes de avance son para proyectos desde la etapa de proyecto ejecutivo.", { stage: project.stage });
  }
}

/** Photos must be images already uploaded to this project. */
async function assertProjectAssets(tx: Executor, projectId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.select({ id: assets.id }).from(assets).where(and(inArray(assets.id, [...ids]), eq(assets.projectId, projectId)));
  if (found.length !== new Set(ids).size) throw invalid("photoAssetIds", "invalid_id", "photoAssetIds: alguna foto no es una imagen de este proyecto.");
}

function reportValues(input: ProgressReportPatchInput) {
  const values: Partial<typeof progressReports.$inferInsert> = {};
  if (input.physicalPct !== undefined) values.physicalPct = money(input.physicalPct);
  if (input.financial !== undefined) {
    values.authorized = money(input.financial.authorized);
    values.committed = money(input.financial.committed);
    values.spent = money(input.financial.spent);
    values.bySource = input.financial.bySource && input.financial.bySource.length > 0 ? input.financial.bySource : null;
  }
  if (input.narrative !== undefined) values.narrative = input.narrative;
  if (input.photoAssetIds !== undefined) values.photoAssetIds = input.photoAssetIds;
  return values;
}

export async function createProgressReport({ db, actor, access, input }: CommandProps<ProgressReportCreateInput>): Promise<ProgressReport> {
  const projectId = access.project.id;
  return db.transaction(async (tx) => {
    await assertReporting(tx, actor, projectId);
    const [taken] = await tx
      .select({ id: progressReports.id })
      .from(progressReports)
      .where(and(eq(progressReports.projectId, projectId), eq(progressReports.period, input.period)));
    if (taken) throw new DomainError("report_period_taken", `Ya hay un reporte de avance de ${input.period}; modifíquelo.`, { reportId: taken.id, period: input.period });
    await assertProjectAssets(tx, projectId, input.photoAssetIds);
    const [row] = await tx
      .insert(progressReports)
      .values({
        projectId,
        period: input.period,
        physicalPct: money(input.physicalPct),
        authorized: money(input.financial.authorized),
        committed: money(input.financial.committed),
        spent: money(input.financial.spent),
        ...reportValues(input),
        reportedBy: actor.userId,
      })
      .returning();
    await audit(tx, { actorId: actor.userId, projectId, action: "progress_report.created", subjectType: "progress_report", subjectId: row!.id, details: { period: row!.period, physicalPct: input.physicalPct, authorized: input.financial.authorized, committed: input.financial.committed, spent: input.financial.spent }, event: { reportId: row!.id } });
    return row!;
  });
}

export async function updateProgressReport({ db, actor, access, input }: CommandProps<ProgressReportPatchInput & { reportId: string }>): Promise<ProgressReport> {
  const projectId = access.project.id;
  const { reportId, ...patch } = input;
  return db.transaction(async (tx) => {
    const notFound = () => new DomainError("report_not_found", "No existe ese reporte de avance en el proyecto.", { reportId });
    if (!isUuid(reportId)) throw notFound();
    await assertReporting(tx, actor, projectId);
    const [before] = await tx.select().from(progressReports).where(and(eq(progressReports.id, reportId), eq(progressReports.projectId, projectId)));
    if (!before) throw notFound();
    if (patch.photoAssetIds) await assertProjectAssets(tx, projectId, patch.photoAssetIds);
    const [row] = await tx
      .update(progressReports)
      .set({ ...reportValues(patch), updatedAt: new Date() })
      .where(eq(progressReports.id, before.id))
      .returning();
    const previous: Record<string, unknown> = {};
    if (patch.physicalPct !== undefined) previous.physicalPct = Number(before.physicalPct);
    if (patch.financial !== undefined) {
      previous.financial = { authorized: Number(before.authorized), committed: Number(before.committed), spent: Number(before.spent), bySource: before.bySource };
    }
    if (patch.narrative !== undefined) previous.narrativeLength = before.narrative.length;
    if (patch.photoAssetIds !== undefined) previous.photoAssetIds = before.photoAssetIds;
    const after = { ...patch, ...(patch.narrative !== undefined ? { narrative: undefined, narrativeLength: patch.narrative.length } : {}) };
    await audit(tx, { actorId: actor.userId, projectId, action: "progress_report.updated", subjectType: "progress_report", subjectId: before.id, details: { period: before.period, before: previous, after }, event: { reportId: before.id } });
    return row!;
  });
}

// ---------------------------------------------------------------------------------------------
// Indicators and measurements

async function indicatorIn(tx: Executor, projectId: string, indicatorId: string): Promise<Indicator> {
  const notFound = () => new DomainError("indicator_not_found", "No existe ese indicador en el proyecto.", { indicatorId });
  if (!isUuid(indicatorId)) throw notFound();
  const [row] = await tx.select().from(indicators).where(and(eq(indicators.id, indicatorId), eq(indicators.projectId, projectId)));
  if (!row) throw notFound();
  return row;
}

export async function createIndicator({ db, actor, access, input }: CommandProps<IndicatorCreateInput>): Promise<Indicator> {
  const projectId = access.project.id;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(indicators)
      .values({ projectId, ...input, createdBy: actor.userId })
      .returning();
    await audit(tx, { actorId: actor.userId, projectId, action: "indicator.created", subjectType: "indicator", subjectId: row!.id, details: { name: row!.name, unit: row!.unit, baseline: row!.baseline, target: row!.target }, event: { indicatorId: row!.id } });
    return row!;
  });
}

export async function updateIndicator({ db, actor, access, input }: CommandProps<IndicatorPatchInput & { indicatorId: string }>): Promise<Indicator> {
  const projectId = access.project.id;
  const { indicatorId, ...patch } = input;
  return db.transaction(async (tx) => {
    const before = await indicatorIn(tx, projectId, indicatorId);
    const [row] = await tx
      .update(indicators)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(indicators.id, before.id))
      .returning();
    const previous = Object.fromEntries(Object.keys(patch).map((key) => [key, before[key as keyof Indicator]]));
    await audit(tx, { actorId: actor.userId, projectId, action: "indicator.updated", subjectType: "indicator", subjectId: before.id, details: { before: previous, after: patch }, event: { indicatorId: before.id } });
    return row!;
  });
}

export async function deleteIndicator({ db, actor, access, input }: CommandProps<{ indicatorId: string }>): Promise<void> {
  const projectId = access.project.id;
  await db.transaction(async (tx) => {
    const before = await indicatorIn(tx, projectId, input.indicatorId);
    // Its measurements go with it (ON DELETE CASCADE); the audit entry keeps how many there were.
    const measured = await tx.select({ id: indicatorMeasurements.id }).from(indicatorMeasurements).where(eq(indicatorMeasurements.indicatorId, before.id));
    await tx.delete(indicators).where(eq(indicators.id, before.id));
    await audit(tx, { actorId: actor.userId, projectId, action: "indicator.deleted", subjectType: "indicator", subjectId: before.id, details: { name: before.name, measurements: measured.length }, event: { indicatorId: before.id } });
  });
}

export async function addMeasurement({ db, actor, access, input }: CommandProps<MeasurementCreateInput & { indicatorId: string }>): Promise<IndicatorMeasurement> {
  const projectId = access.project.id;
  const { indicatorId, ...measurement } = input;
  return db.transaction(async (tx) => {
    const indicator = await indicatorIn(tx, projectId, indicatorId);
    const [taken] = await tx
      .select({ id: indicatorMeasurements.id })
      .from(indicatorMeasurements)
      .where(and(eq(indicatorMeasurements.indicatorId, indicator.id), eq(indicatorMeasurements.measuredOn, measurement.measuredOn)));
    if (taken) {
      throw new DomainError("measurement_date_taken", `El indicador ya tiene una medición el ${measurement.measuredOn}.`, { measurementId: taken.id, measuredOn: measurement.measuredOn });
    }
    const [row] = await tx
      .insert(indicatorMeasurements)
      .values({ indicatorId: indicator.id, ...measurement, recordedBy: actor.userId })
      .returning();
    await audit(tx, { actorId: actor.userId, projectId, action: "indicator.measured", subjectType: "indicator", subjectId: indicator.id, details: { measurementId: row!.id, measuredOn: row!.measuredOn, value: row!.value }, event: { indicatorId: indicator.id, measurementId: row!.id } });
    return row!;
  });
}

export async function deleteMeasurement({ db, actor, access, input }: CommandProps<{ indicatorId: string; measurementId: string }>): Promise<void> {
  const projectId = access.project.id;
  await db.transaction(async (tx) => {
    const indicator = await indicatorIn(tx, projectId, input.indicatorId);
    const notFound = () => new DomainError("measurement_not_found", "No existe esa medición del indicador.", { measurementId: input.measurementId });
    if (!isUuid(input.measurementId)) throw notFound();
    const [removed] = await tx
      .delete(indicatorMeasurements)
      .where(and(eq(indicatorMeasurements.id, input.measurementId), eq(indicatorMeasurements.indicatorId, indicator.id)))
      .returning();
    if (!removed) throw notFound();
    await audit(tx, { actorId: actor.userId, projectId, action: "measurement.deleted", subjectType: "indicator", subjectId: indicator.id, details: { measurementId: removed.id, measuredOn: removed.measuredOn, value: removed.value }, event: { indicatorId: indicator.id, measurementId: removed.id } });
  });
}
