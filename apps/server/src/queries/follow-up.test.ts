import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectCreateSchema, STAGES, type Actor } from "@taller/domain";
import type { Database } from "@taller/db";
import { commandTestDb, type CommandTestDb } from "../commands/testing";
import { changeStage, createProject } from "../commands/projects";
import { createMilestone, createProgressReport, replaceProgressPlan } from "../commands/follow-up";
import { listProjects } from "./projects";
import { alertsByProject, officeToday } from "./follow-up";

/**
 * The portfolio's alerts are batch-loaded: listing 2 or 8 projects with follow-up takes the same
 * number of queries (no query per project), and each project gets its own alerts.
 */
let t: CommandTestDb;
let owner: Actor;
const today = officeToday();
const lastMonth = (() => {
  const [y, m] = today.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
})();

/** The database with every query builder started (select, selectDistinctOn, …) counted. */
function counting(db: Database): { db: Database; queries: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value === "function" && typeof key === "string" && /^(select|execute|query)/.test(key)) {
        return (...args: unknown[]) => {
          n++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value;
    },
  });
  return { db: proxy, queries: () => n };
}

async function executingProject(name: string, behind: boolean) {
  let access = await createProject({ db: t.db, actor: owner, input: projectCreateSchema.parse({ name, kind: "investment" }) });
  for (const to of STAGES.slice(1, STAGES.indexOf("execution") + 1)) access = await changeStage({ db: t.db, actor: owner, access, input: { to } });
  const as = { db: t.db, actor: owner, access };
  await replaceProgressPlan({ ...as, input: { points: [{ period: lastMonth, plannedPhysicalPct: 50, plannedSpent: null }] } });
  await createProgressReport({
    ...as,
    input: { period: lastMonth, physicalPct: behind ? 20 : 50, financial: { authorized: 100, committed: 0, spent: 10, bySource: null }, narrative: "", photoAssetIds: [] },
  });
  await createMilestone({ ...as, input: { title: `Hito de ${name}`, plannedDate: "2020-01-01", actualDate: null, status: "pending", responsibleOrgId: null, notes: "" } });
  return access.project.id;
}

beforeAll(async () => {
  t = await commandTestDb();
  owner = await t.person("duena@ejemplo.mx");
});
afterAll(async () => {
  await t.close();
});

describe("alerts of many projects", () => {
  it("take the same number of queries for 2 projects as for 8, each with its own alerts", async () => {
    const ids = [await executingProject("Obra 1", true), await executingProject("Obra 2", false)];
    const few = counting(t.db);
    const two = await listProjects(few.db, owner, {});
    expect(two).toHaveLength(2);
    for (let i = 3; i <= 8; i++) ids.push(await executingProject(`Obra ${i}`, i % 2 === 1));
    const many = counting(t.db);
    const eight = await listProjects(many.db, owner, {});
    expect(eight).toHaveLength(8);
    expect(many.queries()).toBe(few.queries());

    const alerts = await alertsByProject(t.db, eight.map((r) => r.project));
    for (const record of eight) {
      const behind = Number(record.project.name.split(" ")[1]) % 2 === 1;
      const codes = record.alerts.map((a) => a.code);
      expect(codes, record.project.name).toEqual(behind ? ["milestone_late", "physical_behind_plan"] : ["milestone_late"]);
      expect(record.alerts[0]).toMatchObject({ title: `Hito de ${record.project.name}` });
      expect(alerts.get(record.project.id)).toEqual(record.alerts);
    }
  });
});
