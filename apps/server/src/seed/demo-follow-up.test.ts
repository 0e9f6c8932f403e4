import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "@taller/db/sql";
import { projects } from "@taller/db";
import { followUpAlerts } from "@taller/domain";
import { commandTestDb, type CommandTestDb } from "../commands/testing";
import { factsOf, loadFollowUp, officeToday } from "../queries/follow-up";
import { dashboardRows, presentDashboard } from "../queries/dashboard";
import { dashboardCsv } from "../export/dashboard-csv";
import { seedDemo } from "./demo";

/** TALLER_DEMO=1: two works being built show milestones, the S-curve, spending by source, indicators and every kind of alert. */
let t: CommandTestDb;
beforeAll(async () => {
  t = await commandTestDb();
  await seedDemo(t.db, { log: () => {} });
});
afterAll(async () => {
  await t.close();
});

async function work(name: string) {
  const [project] = await t.db.select().from(projects).where(eq(projects.name, name));
  const record = await loadFollowUp(t.db, project!.id);
  return { project: project!, record, alerts: followUpAlerts(factsOf(project!.stage, record), officeToday()) };
}

describe("demo follow-up", () => {
  it("the Hidalgo market is executing: a 12-month plan, seven reports, behind plan, a late milestone, two indicators", async () => {
    const { project, record, alerts } = await work("Rehabilitación del Mercado Municipal Hidalgo");
    expect(project.stage).toBe("execution");
    expect(record.plan).toHaveLength(12);
    expect(record.reports).toHaveLength(7);
    expect(record.reports.at(-1)!.bySource).toEqual([
      { source: "state", authorized: 19_440_000.2, committed: expect.any(Number), spent: expect.any(Number) },
      { source: "municipal", authorized: 29_160_000.3, committed: expect.any(Number), spent: expect.any(Number) },
    ]);
    expect(record.indicators.map((i) => i.measurements.length)).toEqual([4, 3]);
    expect(alerts.map((a) => a.code)).toEqual(["milestone_late", "physical_behind_plan"]);
  });

  it("the Juárez paving is in monitoring: spending ahead of the work and last month's report missing", async () => {
    const { project, record, alerts } = await work("Pavimentación con concreto hidráulico de la calle Juárez");
    expect(project.stage).toBe("monitoring");
    expect(record.reports).toHaveLength(8);
    expect(alerts.map((a) => a.code)).toEqual(["spending_ahead", "report_missing"]);
  });

  it("the dashboard shows both works in follow-up and with alerts", async () => {
    const dashboard = presentDashboard(await dashboardRows(t.db, { userId: "00000000-0000-4000-8000-000000000000", isAdmin: true }, {}));
    expect(dashboard.followUp.projects).toBe(2);
    expect(dashboard.withAlerts.map((w) => w.name).sort()).toEqual(["Pavimentación con concreto hidráulico de la calle Juárez", "Rehabilitación del Mercado Municipal Hidalgo"]);
  });

  it("counts microregions from the computed territory, and the CSV says the compatibility and the zone that decided it", async () => {
    const rows = await dashboardRows(t.db, { userId: "00000000-0000-4000-8000-000000000000", isAdmin: true }, {});
    const dashboard = presentDashboard(rows);
    // The computed names of the microregion layer, not the declared «Microrregión …» text.
    expect(dashboard.byMicroregion.map((b) => b.key)).toEqual(expect.arrayContaining(["Centro", "Oriente", "Poniente"]));
    expect(dashboard.byMicroregion.map((b) => b.key)).not.toContain("Microrregión Centro");
    const csv = dashboardCsv(rows);
    const plant = csv.split("\r\n").find((line) => line.includes("El Sabinal"))!;
    expect(plant).toContain('"Prohibido","UGAT 21 – Conservación Cerro del Aire"');
  });
});
