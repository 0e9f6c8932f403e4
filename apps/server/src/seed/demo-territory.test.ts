import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "@taller/db/sql";
import { compatibilityRules, projects, territoryLayers, users } from "@taller/db";
import { LAND_USES, type TerritoryResult } from "@taller/domain";
import { commandTestDb, type CommandTestDb } from "../commands/testing";
import { loadProject } from "../queries/projects";
import { presentProject } from "../presenters/projects";
import { seedDemo } from "./demo";

/** TALLER_DEMO=1: the demo municipality's layers, matrix and placed projects tell the territory's story. */
let t: CommandTestDb;
beforeAll(async () => {
  t = await commandTestDb();
  await t.person("admin@taller.local", { isAdmin: true });
  await seedDemo(t.db, { log: () => {} });
});
afterAll(async () => {
  await t.close();
});

async function project(name: string) {
  const [row] = await t.db.select().from(projects).where(eq(projects.name, name));
  const [owner] = await t.db.select().from(users).where(eq(users.email, "lucia.mendez@demo.taller.local"));
  const record = await loadProject(t.db, { project: row!, role: "owner" });
  return presentProject({ userId: owner!.id, isAdmin: false }, record);
}

describe("demo territory", () => {
  it("imports the four layers (by the administrator) and a matrix over every zone", async () => {
    const layers = await t.db.select().from(territoryLayers);
    expect(layers.map((l) => [l.kind, l.featureCount]).sort()).toEqual([
      ["infrastructure", 2],
      ["microregion", 4],
      ["reserve", 1],
      ["zoning", 7],
    ]);
    const rules = await t.db.select().from(compatibilityRules);
    expect(new Set(rules.map((r) => r.zone)).size).toBe(7);
    expect(new Set(rules.map((r) => r.compatibility))).toEqual(new Set(["permitted", "conditional", "prohibited"]));
    expect(rules.length).toBeLessThan(7 * LAND_USES.length); // one rule left unstated (an unruled zone)
  });

  it("computes the treatment plant prohibited by the conservation unit, halving its priority", async () => {
    const plant = await project("Planta de tratamiento de aguas residuales El Sabinal");
    expect(plant.territory).toMatchObject({
      use: "infrastructure",
      microregions: ["Poniente"],
      compatibility: "prohibited",
      decidedBy: "UGAT 21 – Conservación Cerro del Aire",
      infrastructure: ["Acueducto El Sabinal"],
    });
    expect(plant.priority.factors.find((f) => f.key === "landUse")).toMatchObject({ value: 0.5, source: "computed", zone: "UGAT 21 – Conservación Cerro del Aire" });
  });

  it("puts the transit corridor across three zones, the worst deciding, and places every project", async () => {
    const corridor = await project("Corredor de transporte público Av. Revolución");
    const territory = corridor.territory as TerritoryResult;
    expect(territory.zones.map((z) => [z.name, z.compatibility])).toEqual([
      ["UGAT 3 – Centro urbano", "permitted"],
      ["UGAT 9 – Industrial Poniente", "conditional"],
      ["UGAT 14 – Corredor Arroyo", "permitted"],
    ]);
    expect(territory).toMatchObject({ use: "mobility", compatibility: "conditional", decidedBy: "UGAT 9 – Industrial Poniente" });
    const north = await project("Plan parcial de aprovechamiento Estación Norte");
    expect(north.territory).toMatchObject({ reserves: ["Reserva territorial Los Encinos"], compatibility: "conditional" });
    const all = await t.db.select().from(projects);
    for (const row of all) expect((await project(row.name)).territory, row.name).not.toBeNull();
  });
});
