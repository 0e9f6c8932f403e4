import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, events, indicatorMeasurements, milestones, progressPlanPoints, progressReports } from "@taller/db";
import { count, eq } from "@taller/db/sql";
import { STAGES, type Stage } from "@taller/domain";
import { officeToday } from "../../apps/server/src/queries/follow-up";
import type { ApiClient } from "../support/api-client";
import { startTestApp, type TestApp } from "../support/app";
import { projectWithRoles, ROLES, type ProjectWithRoles, type Role } from "../support/project-roles";

/**
 * Follow-up through the real app (in process, real database — PGlite or PostgreSQL): who records
 * and who reads, amounts in pesos with centavos kept exactly, one report per month, reports only at
 * the follow-up stages, bad input refused with nothing written, the alerts computed on the project,
 * in the portfolio and on the dashboard, the dashboard's sums, filters and visibility, and its CSV.
 */

let t: TestApp;
let projectId: string;
let clients: ProjectWithRoles["clients"];
let orgs: ProjectWithRoles["orgs"];

const today = officeToday();
/** 'YYYY-MM' `months` months from today's month (negative: before). */
function period(months: number): string {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
/** 'YYYY-MM-DD' `days` days from today. */
const day = (days: number) => new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// A real 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

async function moveTo(client: ApiClient, id: string, to: Stage) {
  const project = (await client.get(`/api/projects/${id}`)).body;
  for (const next of STAGES.slice(STAGES.indexOf(project.stage) + 1, STAGES.indexOf(to) + 1)) {
    const res = await client.post(`/api/projects/${id}/stage`, { to: next });
    expect(res.status, `stage ${next}`).toBe(200);
  }
}

const rows = async (table: typeof milestones | typeof progressReports | typeof progressPlanPoints | typeof auditLog | typeof indicatorMeasurements) =>
  (await t.database.db.select({ n: count() }).from(table))[0]!.n;

const report = (p: string, extra: Record<string, unknown> = {}) => ({
  period: p,
  physicalPct: 10,
  financial: { authorized: 1000, committed: 500, spent: 100 },
  narrative: "Avance de obra",
  ...extra,
});

beforeAll(async () => {
  t = await startTestApp();
  ({ projectId, clients, orgs } = await projectWithRoles(t));
  await moveTo(clients.owner, projectId, "execution");
});
afterAll(async () => {
  await t.close();
});

describe("who records follow-up and who reads it", () => {
  const writers: Role[] = ["owner", "editor"];

  it("owners and editors record; commenters, reviewers, viewers and admins without a role get 403; non-members 404", async () => {
    for (const who of ROLES) {
      const res = await clients[who].post(`/api/projects/${projectId}/milestones`, { title: `Hito de ${who}`, plannedDate: day(30) });
      const expected = writers.includes(who) ? 201 : who === "outsider" ? 404 : 403;
      expect(res.status, who).toBe(expected);
      if (expected === 403) expect(res.body.error.code).toBe("forbidden");
      if (expected === 404) expect(res.body.error.code).toBe("project_not_found");
    }
    for (const who of ["commenter", "reviewer", "viewer"] as const) {
      const base = `/api/projects/${projectId}`;
      expect((await clients[who].post(`${base}/progress-reports`, report(period(-6)))).status, who).toBe(403);
      expect((await clients[who].request("PUT", `${base}/progress-plan`, { points: [] })).status, who).toBe(403);
      expect((await clients[who].post(`${base}/indicators`, { name: "x", unit: "u", baseline: 0, target: 1 })).status, who).toBe(403);
      expect((await clients[who].request("POST", `${base}/assets`, PNG, { "content-type": "image/png" })).status, who).toBe(403);
    }
  });

  it("every member (and an admin) reads the follow-up with what they may do; non-members get 404", async () => {
    for (const who of ROLES) {
      const res = await clients[who].get(`/api/projects/${projectId}/follow-up`);
      if (who === "outsider") {
        expect(res.status).toBe(404);
        continue;
      }
      expect(res.status, who).toBe(200);
      expect(res.body).toMatchObject({ stage: "execution", inFollowUp: true, today });
      const edit = writers.includes(who);
      expect(res.body.abilities, who).toEqual({ edit, report: edit });
      expect(res.body.milestones.map((m: { title: string }) => m.title)).toEqual(["Hito de owner", "Hito de editor"]);
    }
  });
});

describe("progress reports", () => {
  it("keep pesos with centavos exactly ($1,500,000.50) and answer who reported", async () => {
    const bySource = [
      { source: "federal", authorized: 1_000_000.25, committed: 600_000.1, spent: 250_000.05 },
      { source: "municipal", authorized: 500_000.25, committed: 399_999.89, spent: 0.01 },
    ];
    const body = report(period(-3), { physicalPct: 33.33, financial: { authorized: 1_500_000.5, committed: 999_999.99, spent: 250_000.06, bySource } });
    const created = await clients.editor.post(`/api/projects/${projectId}/progress-reports`, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      period: period(-3),
      physicalPct: 33.33,
      financial: { authorized: 1_500_000.5, committed: 999_999.99, spent: 250_000.06, bySource },
      reportedBy: { name: "Andrés Solís", orgShortName: "IMPLAN" },
      photos: [],
    });
    const read = await clients.viewer.get(`/api/projects/${projectId}/follow-up`);
    expect(read.body.reports[0].financial).toEqual({ authorized: 1_500_000.5, committed: 999_999.99, spent: 250_000.06, bySource });
    const [stored] = await t.database.db.select().from(progressReports).where(eq(progressReports.id, created.body.id));
    expect(stored!.authorized).toBe("1500000.50");
    // The largest amount a numeric(15, 2) column holds goes through too.
    const largest = await clients.editor.patch(`/api/projects/${projectId}/progress-reports/${created.body.id}`, {
      financial: { authorized: 9_999_999_999_999.99, committed: 0, spent: 0 },
    });
    expect(largest.status).toBe(200);
    expect(largest.body.financial).toEqual({ authorized: 9_999_999_999_999.99, committed: 0, spent: 0, bySource: null });
    expect((await clients.editor.patch(`/api/projects/${projectId}/progress-reports/${created.body.id}`, { financial: { authorized: 1e13, committed: 0, spent: 0 } })).status).toBe(400);
  });

  it("one per month: a second report of the same month is 409 report_period_taken", async () => {
    const res = await clients.owner.post(`/api/projects/${projectId}/progress-reports`, report(period(-3)));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("report_period_taken");
  });

  it("only at the follow-up stages: 409 stage_not_in_follow_up before the executive project", async () => {
    const early = await clients.owner.post("/api/projects", { name: "Mercado municipal", kind: "investment" });
    const before = await rows(progressReports);
    const res = await clients.owner.post(`/api/projects/${early.body.id}/progress-reports`, report(period(-1)));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("stage_not_in_follow_up");
    expect(await rows(progressReports)).toBe(before);
    // Milestones, the plan and indicators are planned at any stage.
    expect((await clients.owner.post(`/api/projects/${early.body.id}/milestones`, { title: "Licitación", plannedDate: day(60) })).status).toBe(201);
    const followUp = (await clients.owner.get(`/api/projects/${early.body.id}/follow-up`)).body;
    expect(followUp).toMatchObject({ stage: "idea", inFollowUp: false, abilities: { edit: true, report: false } });
  });

  it("refuses bad input with 400 and writes nothing", async () => {
    const counted = async () => ({ reports: await rows(progressReports), audit: await rows(auditLog), plan: await rows(progressPlanPoints), milestones: await rows(milestones) });
    const before = await counted();
    const base = `/api/projects/${projectId}`;
    const bad: [string, string, unknown, string][] = [
      ["POST", `${base}/progress-reports`, report(period(-4), { financial: { authorized: 10, committed: 0, spent: 0, bySource: [{ source: "federal", authorized: 9, committed: 0, spent: 0 }] } }), "financial.bySource"],
      ["POST", `${base}/progress-reports`, report(period(-4), { physicalPct: 101 }), "physicalPct"],
      ["POST", `${base}/progress-reports`, report(period(-4), { financial: { authorized: 0.001, committed: 0, spent: 0 } }), "financial.authorized"],
      ["POST", `${base}/progress-reports`, report("2026-13"), "period"],
      ["PUT", `${base}/progress-plan`, { points: [{ period: period(0), plannedPhysicalPct: 50 }, { period: period(1), plannedPhysicalPct: 40 }] }, "points"],
      ["POST", `${base}/milestones`, { title: "Entrega", plannedDate: day(-3), status: "done" }, "actualDate"],
      ["POST", `${base}/milestones`, { title: "Entrega", plannedDate: day(3), responsibleOrgId: "00000000-0000-4000-8000-000000000000" }, "responsibleOrgId"],
    ];
    for (const [method, path, body, issuePath] of bad) {
      const res = await clients.owner.request(method, path, body);
      expect(res.status, issuePath).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(issuePath);
    }
    // A photo that is not an image of this project: refused inside the transaction, nothing kept.
    const other = await clients.owner.post("/api/projects", { name: "Otro proyecto", kind: "study" });
    const doc = await clients.owner.post(`/api/projects/${other.body.id}/documents`, { kind: "canvas", title: "Croquis" });
    const foreign = await clients.owner.request("POST", `/api/documents/${doc.body.id}/assets`, PNG, { "content-type": "image/png" });
    expect(foreign.status).toBe(201);
    const after = await counted();
    const photo = await clients.owner.post(`${base}/progress-reports`, report(period(-4), { photoAssetIds: [foreign.body.id] }));
    expect(photo.status).toBe(400);
    expect(photo.body.error.details.issues).toEqual([{ path: "photoAssetIds", code: "invalid_id" }]);
    expect(await counted()).toEqual(after);
    // Only the other project's creation wrote anything (its project, document and image entries).
    expect({ ...after, audit: before.audit }).toEqual(before);
  });

  it("takes photos uploaded to the project and serves them to members", async () => {
    const uploaded = await clients.editor.request("POST", `/api/projects/${projectId}/assets`, PNG, { "content-type": "image/png" });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.url).toBe(`/api/assets/${uploaded.body.id}`);
    expect((await clients.editor.request("POST", `/api/projects/${projectId}/assets`, "hola", { "content-type": "image/png" })).status).toBe(415);
    // The limit of document images (10 MB), not the 1 MB of JSON bodies.
    const upload = (bytes: Buffer) => clients.editor.request("POST", `/api/projects/${projectId}/assets`, bytes, { "content-type": "image/png" });
    expect((await upload(Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]))).status).toBe(201);
    expect((await upload(Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]))).status).toBe(413);
    const created = await clients.editor.post(`/api/projects/${projectId}/progress-reports`, report(period(-2), { photoAssetIds: [uploaded.body.id] }));
    expect(created.status).toBe(201);
    expect(created.body.photos).toEqual([{ id: uploaded.body.id, url: uploaded.body.url }]);
    expect((await clients.viewer.fetch(uploaded.body.url)).status).toBe(200);
    expect((await clients.outsider.fetch(uploaded.body.url)).status).toBe(404);
  });
});

describe("milestones, plan and indicators", () => {
  it("changes and deletes milestones; done needs its actual date; another project's milestone is 404", async () => {
    const created = await clients.owner.post(`/api/projects/${projectId}/milestones`, {
      title: "Cimentación",
      plannedDate: day(-10),
      status: "in_progress",
      responsibleOrgId: orgs.op.id,
      notes: "Frente 1",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ responsibleOrg: { id: orgs.op.id, shortName: "OP" }, createdBy: { name: "Lucía Méndez" }, actualDate: null });
    const path = `/api/projects/${projectId}/milestones/${created.body.id}`;
    const noDate = await clients.editor.patch(path, { status: "done" });
    expect(noDate.status).toBe(400);
    expect(noDate.body.error.details.issues).toEqual([{ path: "actualDate", code: "required" }]);
    const done = await clients.editor.patch(path, { status: "done", actualDate: day(-1) });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "done", actualDate: day(-1) });
    const other = await clients.owner.post("/api/projects", { name: "Proyecto ajeno", kind: "study" });
    expect((await clients.owner.patch(`/api/projects/${other.body.id}/milestones/${created.body.id}`, { title: "x" })).body.error.code).toBe("milestone_not_found");
    expect((await clients.owner.delete(`/api/projects/${projectId}/milestones/no-es-uuid`)).status).toBe(404);
    expect((await clients.owner.delete(path)).status).toBe(204);
    expect((await clients.owner.delete(path)).status).toBe(404);
  });

  it("replaces the plan and answers it by month", async () => {
    const points = [
      { period: period(-1), plannedPhysicalPct: 60, plannedSpent: 800_000.5 },
      { period: period(-3), plannedPhysicalPct: 30 },
      { period: period(-2), plannedPhysicalPct: 45 },
    ];
    const res = await clients.editor.request("PUT", `/api/projects/${projectId}/progress-plan`, { points });
    expect(res.status).toBe(200);
    expect(res.body.plan).toEqual([
      { period: period(-3), plannedPhysicalPct: 30, plannedSpent: null },
      { period: period(-2), plannedPhysicalPct: 45, plannedSpent: null },
      { period: period(-1), plannedPhysicalPct: 60, plannedSpent: 800_000.5 },
    ]);
  });

  it("records indicators and one measurement per date (409 measurement_date_taken)", async () => {
    const base = `/api/projects/${projectId}/indicators`;
    const created = await clients.editor.post(base, { name: "Cobertura de drenaje", unit: "%", baseline: 62.5, target: 90, source: "INEGI" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ direction: "increase", measurements: [] });
    const first = await clients.editor.post(`${base}/${created.body.id}/measurements`, { measuredOn: day(-30), value: 70.25 });
    expect(first.status).toBe(201);
    const again = await clients.editor.post(`${base}/${created.body.id}/measurements`, { measuredOn: day(-30), value: 71 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("measurement_date_taken");
    const patched = await clients.owner.patch(`${base}/${created.body.id}`, { target: 95, direction: "increase" });
    expect(patched.body).toMatchObject({ target: 95, measurements: [{ measuredOn: day(-30), value: 70.25, recordedBy: { name: "Andrés Solís" } }] });
    expect((await clients.owner.delete(`${base}/${created.body.id}/measurements/${first.body.id}`)).status).toBe(204);
    expect((await clients.owner.delete(`${base}/${created.body.id}/measurements/${first.body.id}`)).body.error.code).toBe("measurement_not_found");
    expect((await clients.owner.delete(`${base}/00000000-0000-4000-8000-000000000000`)).body.error.code).toBe("indicator_not_found");
    await clients.editor.post(`${base}/${created.body.id}/measurements`, { measuredOn: day(-1), value: 80 });
    expect((await clients.viewer.delete(`${base}/${created.body.id}`)).status).toBe(403);
    expect((await clients.editor.delete(`${base}/${created.body.id}`)).status).toBe(204);
    expect((await clients.owner.get(`/api/projects/${projectId}/follow-up`)).body.indicators).toEqual([]);
    expect(await rows(indicatorMeasurements)).toBe(0);
  });

  it("audits every change on the project's activity and its live event stream", async () => {
    const activity = (await clients.owner.get(`/api/projects/${projectId}/activity?limit=200`)).body.activity as { action: string }[];
    const actions = new Set(activity.map((a) => a.action));
    const streamed = await t.database.db.select().from(events).where(eq(events.stream, `project:${projectId}`));
    const types = new Set(streamed.map((e) => e.type));
    expect(streamed.find((e) => e.type === "progress_report.created")!.data).toMatchObject({ followUp: true, reportId: expect.any(String) });
    for (const action of [
      "milestone.created",
      "milestone.updated",
      "milestone.deleted",
      "progress_plan.updated",
      "progress_report.created",
      "progress_report.updated",
      "indicator.created",
      "indicator.updated",
      "indicator.measured",
      "measurement.deleted",
      "indicator.deleted",
      "asset.uploaded",
    ]) {
      expect(actions, action).toContain(action);
      expect(types, action).toContain(action);
    }
  });
});

describe("alerts", () => {
  it("are computed on the follow-up, the project and the portfolio list", async () => {
    // Plan: 45 % two months ago; the latest report (two months ago) says 10 %: 35 points behind.
    // Its spending is 10 % of authorised: not ahead. Last month has no report. One milestone is late.
    await clients.owner.post(`/api/projects/${projectId}/milestones`, { title: "Trazo y nivelación", plannedDate: day(-5) });
    const followUp = (await clients.viewer.get(`/api/projects/${projectId}/follow-up`)).body;
    expect(followUp.alerts).toEqual([
      { code: "milestone_late", milestoneId: expect.any(String), title: "Trazo y nivelación", plannedDate: day(-5), daysLate: 5 },
      { code: "physical_behind_plan", period: period(-2), actualPct: 10, plannedPct: 45, gap: 35 },
      { code: "report_missing", period: period(-1) },
    ]);
    const detail = (await clients.viewer.get(`/api/projects/${projectId}`)).body;
    expect(detail.alerts).toEqual(followUp.alerts);
    const listed = (await clients.viewer.get("/api/projects")).body.projects.find((p: { id: string }) => p.id === projectId);
    expect(listed.alerts).toEqual(followUp.alerts);

    // Last month reported, on plan, but spending far ahead of the work.
    const res = await clients.editor.post(`/api/projects/${projectId}/progress-reports`, report(period(-1), { physicalPct: 55, financial: { authorized: 1000, committed: 900, spent: 750 } }));
    expect(res.status).toBe(201);
    const now = (await clients.viewer.get(`/api/projects/${projectId}`)).body.alerts;
    expect(now.map((a: { code: string }) => a.code)).toEqual(["milestone_late", "spending_ahead"]);
    expect(now[1]).toEqual({ code: "spending_ahead", period: period(-1), financialPct: 75, physicalPct: 55, gap: 20 });
  });
});

describe("portfolio dashboard", () => {
  let dash: TestApp;
  let owner: ApiClient;
  let other: ApiClient;
  let admin: ApiClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    dash = await startTestApp();
    const fixture = await projectWithRoles(dash);
    owner = fixture.clients.owner;
    other = fixture.clients.outsider;
    admin = fixture.clients.admin;
    ids.study = fixture.projectId; // «Libramiento norte», study, 1,000,000.00 all municipal, lead IMPLAN
    const make = async (body: Record<string, unknown>) => (await owner.post("/api/projects", body)).body.id as string;
    ids.plant = await make({
      name: "Planta de tratamiento",
      kind: "investment",
      leadOrgId: fixture.orgs.op.id,
      estimatedAmountMxn: 2_500_000.55,
      funding: { federal: 50, state: 25, municipal: 25, private: 0 },
      location: { microregion: "Microrregión Poniente", colonia: null, geometry: null },
    });
    ids.formula = await make({ name: "=HYPERLINK(\"http://malo.example\",\"clic\")", kind: "investment", estimatedAmountMxn: 0.1 });
    await moveTo(owner, ids.plant, "execution");
    await owner.post(`/api/projects/${ids.plant}/progress-reports`, report(period(-2), { financial: { authorized: 100.1, committed: 50.2, spent: 10.3 } }));
    await owner.post(`/api/projects/${ids.plant}/progress-reports`, report(period(-1), { financial: { authorized: 2_000_000.1, committed: 1_000_000.2, spent: 300_000.3 } }));
    // Another member's project the owner does not see.
    await other.post("/api/projects", { name: "Proyecto de otra dependencia", kind: "study", estimatedAmountMxn: 5 });
  });
  afterAll(async () => {
    await dash.close();
  });

  it("counts and adds up the visible projects by stage, kind, microregion, lead agency and funding source", async () => {
    const res = await owner.get("/api/portfolio/dashboard");
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.totals).toEqual({ projects: 3, amountMxn: 3_500_000.65 });
    expect(body.byStage.find((b: { key: string }) => b.key === "execution")).toEqual({ key: "execution", count: 1, amountMxn: 2_500_000.55 });
    expect(body.byStage.find((b: { key: string }) => b.key === "idea")).toEqual({ key: "idea", count: 2, amountMxn: 1_000_000.1 });
    expect(body.byStage.map((b: { key: string }) => b.key)).toEqual([...STAGES]);
    expect(body.byKind.slice(0, 2)).toEqual([
      { key: "study", count: 1, amountMxn: 1_000_000 },
      { key: "investment", count: 2, amountMxn: 2_500_000.65 },
    ]);
    expect(body.byMicroregion).toEqual([
      { key: null, count: 2, amountMxn: 1_000_000.1 },
      { key: "Microrregión Poniente", count: 1, amountMxn: 2_500_000.55 },
    ]);
    // Same count: the larger amount first.
    expect(body.byLeadOrg).toEqual([
      { key: expect.any(String), label: "OP", count: 1, amountMxn: 2_500_000.55 },
      { key: expect.any(String), label: "IMPLAN", count: 1, amountMxn: 1_000_000 },
      { key: null, label: "Sin dependencia", count: 1, amountMxn: 0.1 },
    ]);
    // 2,500,000.55 × 50 % = 1,250,000.275 → 1,250,000.28 (centavos rounded); 25 % → 625,000.14.
    expect(body.byFundingSource).toEqual([
      { key: "federal", amountMxn: 1_250_000.28 },
      { key: "state", amountMxn: 625_000.14 },
      { key: "municipal", amountMxn: 1_625_000.14 },
      { key: "private", amountMxn: 0 },
    ]);
    // The latest report only (last month), not the sum of every report.
    expect(body.followUp).toEqual({ projects: 1, authorized: 2_000_000.1, committed: 1_000_000.2, spent: 300_000.3 });
    expect(body.withAlerts).toEqual([]);
  });

  it("filters like the portfolio list and lists the projects with alerts", async () => {
    await owner.post(`/api/projects/${ids.plant}/milestones`, { title: "Arranque", plannedDate: day(-1) });
    const byStage = (await owner.get("/api/portfolio/dashboard?stage=execution")).body;
    expect(byStage.totals).toEqual({ projects: 1, amountMxn: 2_500_000.55 });
    expect(byStage.withAlerts).toEqual([
      { id: ids.plant, clave: expect.any(String), name: "Planta de tratamiento", stage: "execution", alerts: [expect.objectContaining({ code: "milestone_late", daysLate: 1 })] },
    ]);
    expect((await owner.get("/api/portfolio/dashboard?kind=study")).body.totals.projects).toBe(1);
    expect((await owner.get("/api/portfolio/dashboard?text=planta")).body.totals.projects).toBe(1);
    expect((await owner.get("/api/portfolio/dashboard?stage=nada")).status).toBe(400);
    // Visibility: the outsider sees their own project only; an admin sees all four.
    expect((await other.get("/api/portfolio/dashboard")).body.totals).toEqual({ projects: 1, amountMxn: 5 });
    expect((await admin.get("/api/portfolio/dashboard")).body.totals.projects).toBe(4);
  });

  it("exports the same projects as CSV, formula-safe, named by the day", async () => {
    const res = await owner.fetch("/api/portfolio/dashboard.csv?kind=investment");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="cartera-${today}.csv"`);
    const text = await res.text();
    const lines = text.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('"clave","nombre","tipo","etapa","dependencia líder","microrregión","monto estimado","federal","estatal","municipal","privado"');
    const plant = lines.find((l) => l.includes("Planta de tratamiento"))!;
    expect(plant).toContain('"Proyecto de inversión","Ejecución","OP","Microrregión Poniente","2500000.55","1250000.28","625000.14","625000.14","0.00"');
    expect(plant).toContain('"2000000.10","1000000.20","300000.30","Hito atrasado"');
    // The formula stays text: prefixed with ' so a spreadsheet does not run it.
    expect(text).toContain(`"'=HYPERLINK(""http://malo.example"",""clic"")"`);
    expect(text).not.toContain('"=HYPERLINK');
    expect((await other.fetch("/api/portfolio/dashboard.csv")).status).toBe(200);
    expect(await (await other.fetch("/api/portfolio/dashboard.csv")).text()).not.toContain("Planta");
  });
});
