import { Hono } from "hono";
import {
  followUpAlerts,
  indicatorCreateSchema,
  indicatorPatchSchema,
  measurementCreateSchema,
  milestoneCreateSchema,
  milestonePatchSchema,
  progressPlanSchema,
  progressReportCreateSchema,
  progressReportPatchSchema,
} from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { jsonBody } from "../http/validate";
import { factsOf, loadFollowUp, officeToday } from "../queries/follow-up";
import { peopleByIds } from "../queries/threads";
import { uploadAsset } from "../commands/assets";
import {
  addMeasurement,
  createIndicator,
  createMilestone,
  createProgressReport,
  deleteIndicator,
  deleteMeasurement,
  deleteMilestone,
  replaceProgressPlan,
  updateIndicator,
  updateMilestone,
  updateProgressReport,
} from "../commands/follow-up";
import { assetUrl, presentFollowUp, presentIndicator, presentMeasurement, presentMilestone, presentPlanPoint, presentReport } from "../presenters/follow-up";
import { organizations } from "@taller/db";
import { eq } from "@taller/db/sql";

/**
 * A project's follow-up (seguimiento): read by every member (`project.read`), recorded by owners
 * and editors (`followUp.edit`; 403 for the other roles, 404 for non-members). Progress reports
 * only at the follow-up stages (409 `stage_not_in_follow_up`); milestones, the plan and
 * indicators at any stage (planned ahead).
 */
export function followUpRoutes(deps: AppDeps) {
  const { db } = deps;
  const { projectAccess } = accessGuards(db);
  const edit = projectAccess("followUp.edit");

  const responsibleOrg = async (orgId: string | null) => {
    if (!orgId) return null;
    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    return org ?? null;
  };

  return new Hono<AppEnv>()
    .get("/projects/:id/follow-up", projectAccess("project.read"), async (c) => {
      const { project, role } = c.get("access");
      const today = officeToday();
      const record = await loadFollowUp(db, project.id);
      const alerts = followUpAlerts(factsOf(project.stage, record), today);
      return c.json(presentFollowUp(c.get("actor"), { stage: project.stage, role, today, alerts }, record));
    })
    .post("/projects/:id/milestones", edit, jsonBody(milestoneCreateSchema), async (c) => {
      const milestone = await createMilestone({ db, actor: c.get("actor"), access: c.get("access"), input: c.req.valid("json") });
      const people = await peopleByIds(db, [milestone.createdBy]);
      return c.json(presentMilestone(milestone, await responsibleOrg(milestone.responsibleOrgId), people), 201);
    })
    .patch("/projects/:id/milestones/:milestoneId", edit, jsonBody(milestonePatchSchema), async (c) => {
      const input = { ...c.req.valid("json"), milestoneId: c.req.param("milestoneId") };
      const milestone = await updateMilestone({ db, actor: c.get("actor"), access: c.get("access"), input });
      const people = await peopleByIds(db, [milestone.createdBy]);
      return c.json(presentMilestone(milestone, await responsibleOrg(milestone.responsibleOrgId), people));
    })
    .delete("/projects/:id/milestones/:milestoneId", edit, async (c) => {
      await deleteMilestone({ db, actor: c.get("actor"), access: c.get("access"), input: { milestoneId: c.req.param("milestoneId") } });
      return c.body(null, 204);
    })
    .put("/projects/:id/progress-plan", edit, jsonBody(progressPlanSchema), async (c) => {
      const plan = await replaceProgressPlan({ db, actor: c.get("actor"), access: c.get("access"), input: c.req.valid("json") });
      return c.json({ plan: plan.map(presentPlanPoint) });
    })
    .post("/projects/:id/progress-reports", edit, jsonBody(progressReportCreateSchema), async (c) => {
      const report = await createProgressReport({ db, actor: c.get("actor"), access: c.get("access"), input: c.req.valid("json") });
      return c.json(presentReport(report, await peopleByIds(db, [report.reportedBy])), 201);
    })
    .patch("/projects/:id/progress-reports/:reportId", edit, jsonBody(progressReportPatchSchema), async (c) => {
      const input = { ...c.req.valid("json"), reportId: c.req.param("reportId") };
      const report = await updateProgressReport({ db, actor: c.get("actor"), access: c.get("access"), input });
      return c.json(presentReport(report, await peopleByIds(db, [report.reportedBy])));
    })
    // Photos of progress reports: images of the project itself (no document), same checks and limit as document images.
    .post("/projects/:id/assets", edit, async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const asset = await uploadAsset({ db, actor: c.get("actor"), access: c.get("access"), input: { bytes } });
      return c.json({ ...asset, url: assetUrl(asset.id) }, 201);
    })
    .post("/projects/:id/indicators", edit, jsonBody(indicatorCreateSchema), async (c) => {
      const indicator = await createIndicator({ db, actor: c.get("actor"), access: c.get("access"), input: c.req.valid("json") });
      return c.json(presentIndicator(indicator, [], new Map()), 201);
    })
    .patch("/projects/:id/indicators/:indicatorId", edit, jsonBody(indicatorPatchSchema), async (c) => {
      const input = { ...c.req.valid("json"), indicatorId: c.req.param("indicatorId") };
      const indicator = await updateIndicator({ db, actor: c.get("actor"), access: c.get("access"), input });
      const record = await loadFollowUp(db, indicator.projectId);
      const measurements = record.indicators.find((i) => i.indicator.id === indicator.id)?.measurements ?? [];
      return c.json(presentIndicator(indicator, measurements, record.people));
    })
    .delete("/projects/:id/indicators/:indicatorId", edit, async (c) => {
      await deleteIndicator({ db, actor: c.get("actor"), access: c.get("access"), input: { indicatorId: c.req.param("indicatorId") } });
      return c.body(null, 204);
    })
    .post("/projects/:id/indicators/:indicatorId/measurements", edit, jsonBody(measurementCreateSchema), async (c) => {
      const input = { ...c.req.valid("json"), indicatorId: c.req.param("indicatorId") };
      const measurement = await addMeasurement({ db, actor: c.get("actor"), access: c.get("access"), input });
      return c.json(presentMeasurement(measurement, await peopleByIds(db, [measurement.recordedBy])), 201);
    })
    .delete("/projects/:id/indicators/:indicatorId/measurements/:measurementId", edit, async (c) => {
      const input = { indicatorId: c.req.param("indicatorId"), measurementId: c.req.param("measurementId") };
      await deleteMeasurement({ db, actor: c.get("actor"), access: c.get("access"), input });
      return c.body(null, 204);
    });
}
