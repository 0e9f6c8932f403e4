import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, projects } from "@taller/db";
import { eq } from "@taller/db/sql";
import { signedIn, type ApiClient } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";

/**
 * Who may create projects: administrators always; anyone else when their agency has «Puede
 * proponer proyectos» (`createsProjects`), which administrators set per agency (PATCH /api/orgs/:id).
 */
let t: TestApp;
let admin: ApiClient;
let commenter: ApiClient;
let implanPerson: ApiClient;
let op: { id: string };
let implan: { id: string };

const newProject = (name: string) => ({ name, kind: "study" });

async function projectNames(): Promise<string[]> {
  return (await t.database.db.select({ name: projects.name }).from(projects)).map((row) => row.name).sort();
}

beforeAll(async () => {
  t = await startTestApp();
  implan = await makeOrg(t, "IMPLAN", "Instituto Municipal de Planeación", { createsProjects: true });
  op = await makeOrg(t, "OP", "Dirección de Obra Pública", { createsProjects: false });
  await makeUser(t, { email: "admin@ejemplo.mx", orgId: op.id, isAdmin: true });
  await makeUser(t, { email: "jorge@ejemplo.mx", orgId: op.id, name: "Jorge Ibarra" });
  await makeUser(t, { email: "lucia@ejemplo.mx", orgId: implan.id, name: "Lucía Méndez" });
  admin = await signedIn(t, "admin@ejemplo.mx");
  commenter = await signedIn(t, "jorge@ejemplo.mx");
  implanPerson = await signedIn(t, "lucia@ejemplo.mx");
});
afterAll(async () => {
  await t.close();
});

describe("who may create projects", () => {
  it("refuses a person of an agency without «Puede proponer proyectos», creating nothing", async () => {
    expect((await commenter.get("/api/auth/me")).body.user.abilities.createProject).toBe(false);
    const refused = await commenter.post("/api/projects", newProject("Puente peatonal"));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: "forbidden", message: expect.stringMatching(/proponer proyectos/) });
    expect(await projectNames()).toEqual([]);
  });

  it("lets people of agencies with the flag, and administrators of any agency, create", async () => {
    expect((await implanPerson.get("/api/auth/me")).body.user.abilities.createProject).toBe(true);
    expect((await implanPerson.post("/api/projects", newProject("Parque lineal"))).status).toBe(201);
    // The administrator belongs to OP, which may not propose projects: administrators always may.
    expect((await admin.get("/api/auth/me")).body.user.abilities.createProject).toBe(true);
    expect((await admin.post("/api/projects", newProject("Mercado municipal"))).status).toBe(201);
  });

  it("lists the flag with every agency", async () => {
    const orgs = (await commenter.get("/api/orgs")).body.orgs as { shortName: string; createsProjects: boolean }[];
    // By name: «Dirección de Obra Pública», then «Instituto Municipal de Planeación».
    expect(orgs.map((org) => [org.shortName, org.createsProjects])).toEqual([
      ["OP", false],
      ["IMPLAN", true],
    ]);
  });

  it("lets an administrator turn it on (audited), after which the agency's people create projects", async () => {
    const changed = await admin.patch(`/api/orgs/${op.id}`, { createsProjects: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: op.id, shortName: "OP", createsProjects: true });
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "organization.updated"));
    expect(entry).toMatchObject({ subjectType: "organization", subjectId: op.id, details: { before: { createsProjects: false }, after: { createsProjects: true } } });

    // The same session: the flag is read with it on every request.
    expect((await commenter.get("/api/auth/me")).body.user.abilities.createProject).toBe(true);
    expect((await commenter.post("/api/projects", newProject("Puente peatonal"))).status).toBe(201);

    expect((await admin.patch(`/api/orgs/${op.id}`, { createsProjects: false })).status).toBe(200);
    expect((await commenter.post("/api/projects", newProject("Paso a desnivel"))).status).toBe(403);
    expect(await projectNames()).toEqual(["Mercado municipal", "Parque lineal", "Puente peatonal"]);
  });

  it("keeps the flag to administrators, for known agencies, as a boolean", async () => {
    const refused = await implanPerson.patch(`/api/orgs/${implan.id}`, { createsProjects: false });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect((await admin.patch("/api/orgs/00000000-0000-4000-8000-000000000000", { createsProjects: true })).status).toBe(404);
    expect((await admin.patch("/api/orgs/no-es-un-id", { createsProjects: true })).body.error.code).toBe("organization_not_found");
    expect((await admin.patch(`/api/orgs/${op.id}`, { createsProjects: "sí" })).body.error.code).toBe("validation_failed");
    expect((await admin.patch(`/api/orgs/${op.id}`, { color: "rojo" })).status).toBe(400);
    const orgs = (await admin.get("/api/orgs")).body.orgs as { shortName: string; createsProjects: boolean }[];
    expect(orgs.find((org) => org.shortName === "IMPLAN")?.createsProjects).toBe(true);
  });

  it("creates agencies without the flag unless the administrator gives it", async () => {
    const plain = await admin.post("/api/orgs", { name: "Dirección de Movilidad", shortName: "MOV" });
    expect(plain.status).toBe(201);
    expect(plain.body.createsProjects).toBe(false);
    const proposing = await admin.post("/api/orgs", { name: "Dirección de Desarrollo Urbano", shortName: "DU", createsProjects: true });
    expect(proposing.body.createsProjects).toBe(true);
    const [created] = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, proposing.body.id));
    expect(created).toMatchObject({ action: "organization.created", details: { createsProjects: true } });
  });
});
