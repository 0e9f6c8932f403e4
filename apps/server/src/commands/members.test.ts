import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "@taller/db/sql";
import { projectMembers } from "@taller/db";
import { projectCreateSchema, type Actor } from "@taller/domain";
import { ServerEvents, type ServerEvent } from "../events";
import type { ProjectAccess } from "../queries/access";
import { createProject } from "./projects";
import { addMember, changeMemberRole, removeMember } from "./members";
import { commandTestDb, type CommandTestDb } from "./testing";

let t: CommandTestDb;
let owner: Actor;
const events = new ServerEvents();
const announced: ServerEvent[] = [];
events.subscribe((event) => announced.push(event));

beforeAll(async () => {
  t = await commandTestDb();
  owner = await t.person("responsable@ejemplo.mx");
});
afterAll(() => t.close());

async function project(name: string): Promise<ProjectAccess> {
  return createProject({ db: t.db, actor: owner, input: projectCreateSchema.parse({ name, kind: "study" }) });
}

async function roles(access: ProjectAccess) {
  const rows = await t.db.select().from(projectMembers).where(eq(projectMembers.projectId, access.project.id));
  return Object.fromEntries(rows.map((r) => [r.userId, r.role]));
}

describe("membership", () => {
  it("adds, changes and removes a member, audited and announced after commit", async () => {
    const access = await project("Parque lineal");
    const person = await t.person("jorge@ejemplo.mx");
    announced.length = 0;
    await addMember({ db: t.db, events, actor: owner, access, input: { userId: person.userId, role: "commenter" } });
    await changeMemberRole({ db: t.db, events, actor: owner, access, input: { userId: person.userId, role: "editor" } });
    expect((await roles(access))[person.userId]).toBe("editor");
    await removeMember({ db: t.db, events, actor: owner, access, input: { userId: person.userId } });
    expect((await roles(access))[person.userId]).toBeUndefined();
    expect(await t.auditedActions(person.userId)).toEqual(["member.added", "member.role_changed", "member.removed"]);
    expect(announced.map((e) => (e.type === "membership.changed" ? e.role : null))).toEqual(["commenter", "editor", null]);
  });

  it("refuses to add someone twice", async () => {
    const access = await project("Mercado");
    const person = await t.person("paola@ejemplo.mx");
    await addMember({ db: t.db, events, actor: owner, access, input: { userId: person.userId, role: "viewer" } });
    await expect(addMember({ db: t.db, events, actor: owner, access, input: { userId: person.userId, role: "editor" } })).rejects.toMatchObject({
      code: "member_exists",
    });
  });

  it("keeps at least one owner: the last one can be neither demoted nor removed", async () => {
    const access = await project("Ciclovía");
    await expect(changeMemberRole({ db: t.db, events, actor: owner, access, input: { userId: owner.userId, role: "editor" } })).rejects.toMatchObject({
      code: "last_owner",
    });
    await expect(removeMember({ db: t.db, events, actor: owner, access, input: { userId: owner.userId } })).rejects.toMatchObject({ code: "last_owner" });
    expect((await roles(access))[owner.userId]).toBe("owner");
  });

  it("lets only one of two owners who demote each other at the same time succeed", async () => {
    const other = await t.person("andres@ejemplo.mx");
    // Several projects at once, so that the two transactions of a pair really overlap.
    const projects = await Promise.all(["A", "B", "C", "D", "E"].map((suffix) => project(`Unidad deportiva ${suffix}`)));
    for (const access of projects) {
      await addMember({ db: t.db, events, actor: owner, access, input: { userId: other.userId, role: "owner" } });
    }
    const outcomes = await Promise.all(
      projects.map((access) =>
        Promise.allSettled([
          changeMemberRole({ db: t.db, events, actor: owner, access, input: { userId: other.userId, role: "viewer" } }),
          changeMemberRole({ db: t.db, events, actor: other, access: { ...access, role: "owner" }, input: { userId: owner.userId, role: "viewer" } }),
        ]),
      ),
    );
    for (const [index, results] of outcomes.entries()) {
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(Object.values(await roles(projects[index]!))).toContain("owner");
    }
  });

  it("decides again inside the transaction: an owner removed since the edge's decision manages nothing", async () => {
    const access = await project("Rastro");
    const other = await t.person("carmen@ejemplo.mx");
    const newcomer = await t.person("elena@ejemplo.mx");
    await addMember({ db: t.db, events, actor: owner, access, input: { userId: other.userId, role: "owner" } });
    const staleAccess = { ...access, role: "owner" as const };
    await removeMember({ db: t.db, events, actor: owner, access, input: { userId: other.userId } });
    await expect(
      addMember({ db: t.db, events, actor: other, access: staleAccess, input: { userId: newcomer.userId, role: "editor" } }),
    ).rejects.toMatchObject({ code: "project_not_found" });
    const [row] = await t.db
      .select()
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, access.project.id), eq(projectMembers.userId, newcomer.userId)));
    expect(row).toBeUndefined();
  });

  it("lets an admin who is not a member hand a project over", async () => {
    const access = await project("Panteón");
    const admin = await t.person("admin@ejemplo.mx", { isAdmin: true });
    const successor = await t.person("ricardo@ejemplo.mx");
    const adminAccess = { ...access, role: null };
    await addMember({ db: t.db, events, actor: admin, access: adminAccess, input: { userId: successor.userId, role: "owner" } });
    await removeMember({ db: t.db, events, actor: admin, access: adminAccess, input: { userId: owner.userId } });
    expect(await roles(access)).toEqual({ [successor.userId]: "owner" });
  });
});
