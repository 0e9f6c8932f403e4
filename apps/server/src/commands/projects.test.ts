import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "@taller/db/sql";
import { auditLog, projectMembers, projects } from "@taller/db";
import { projectCreateSchema, type Actor } from "@taller/domain";
import { changeStage, createProject, updateProject } from "./projects";
import { commandTestDb, type CommandTestDb } from "./testing";

let t: CommandTestDb;
let owner: Actor;

beforeAll(async () => {
  t = await commandTestDb();
  owner = await t.person("responsable@ejemplo.mx");
});
afterAll(() => t.close());

const newProject = (name: string) => projectCreateSchema.parse({ name, kind: "study" });

describe("createProject", () => {
  it("makes the creator its owner and audits the creation", async () => {
    const access = await createProject({ db: t.db, actor: owner, input: newProject("Parque lineal del arroyo") });
    expect(access.role).toBe("owner");
    expect(access.project.clave).toMatch(/^EST-\d{4}-\d{3}$/);
    const members = await t.db.select().from(projectMembers).where(eq(projectMembers.projectId, access.project.id));
    expect(members.map((m) => [m.userId, m.role])).toEqual([[owner.userId, "owner"]]);
    expect(await t.auditedActions(access.project.id)).toEqual(["project.created"]);
  });

  it("leaves nothing behind when a later step fails: project, owner and audit are one transaction", async () => {
    const org = await t.org("OP");
    const before = await t.db.select({ n: count() }).from(projects);
    const auditBefore = await t.db.select({ n: count() }).from(auditLog);
    // The same agency twice passes the existence check and then breaks the participation key,
    // after the project row was inserted.
    const input = { ...newProject("Mercado municipal"), participatingOrgIds: [org.id, org.id] };
    await expect(createProject({ db: t.db, actor: owner, input })).rejects.toThrow();
    expect(await t.db.select({ n: count() }).from(projects)).toEqual(before);
    expect(await t.db.select({ n: count() }).from(auditLog)).toEqual(auditBefore);
  });
});

describe("updateProject", () => {
  it("records the old and new values of what changed", async () => {
    const access = await createProject({ db: t.db, actor: owner, input: newProject("Ciclovía norte") });
    const updated = await updateProject({ db: t.db, actor: owner, access, input: { name: "Ciclovía norte-sur" } });
    expect(updated.project.name).toBe("Ciclovía norte-sur");
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, "project.updated"));
    expect(entry!.details).toEqual({ before: { name: "Ciclovía norte" }, after: { name: "Ciclovía norte-sur" } });
  });
});

describe("changeStage", () => {
  it("refuses a move the lifecycle does not allow, and audits nothing", async () => {
    const access = await createProject({ db: t.db, actor: owner, input: newProject("Unidad deportiva") });
    await expect(changeStage({ db: t.db, actor: owner, access, input: { to: "execution" } })).rejects.toMatchObject({
      code: "invalid_stage_transition",
    });
    expect(await t.auditedActions(access.project.id)).toEqual(["project.created"]);
  });

  it("lets only one of several simultaneous moves from the same stage through", async () => {
    const access = await createProject({ db: t.db, actor: owner, input: newProject("Rastro municipal") });
    const moves = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => changeStage({ db: t.db, actor: owner, access, input: { to: "profile", reason: `intento ${i}` } })),
    );
    expect(moves.filter((m) => m.status === "fulfilled")).toHaveLength(1);
    for (const refused of moves.filter((m) => m.status === "rejected")) {
      expect(refused.reason).toMatchObject({ code: "invalid_stage_transition" });
    }
    expect(await t.auditedActions(access.project.id)).toEqual(["project.created", "project.stage_changed"]);
  });

  it("decides again on the locked row: an owner demoted since the edge's decision cannot move it", async () => {
    const access = await createProject({ db: t.db, actor: owner, input: newProject("Panteón municipal") });
    await t.db.update(projectMembers).set({ role: "viewer" }).where(eq(projectMembers.projectId, access.project.id));
    await expect(changeStage({ db: t.db, actor: owner, access, input: { to: "profile" } })).rejects.toMatchObject({ code: "forbidden" });
    const [row] = await t.db.select().from(projects).where(eq(projects.id, access.project.id));
    expect(row!.stage).toBe("idea");
  });
});
