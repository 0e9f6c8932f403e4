import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@taller/db";
import { eq } from "@taller/db/sql";
import { ApiClient, signedIn } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";

/**
 * The foundation's main path, as the office would walk it: an admin sets up agencies and
 * people, an owner creates a project, adds members and opens a study and a canvas.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("portfolio API, end to end", () => {
  it("reports health with the database kind", async () => {
    const res = await new ApiClient(t).get("/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: t.database.kind });
  });

  it("lets an admin create agencies and users, who then build a project together", async () => {
    const implan = await makeOrg(t, "IMPLAN", "Instituto Municipal de Planeación");
    await makeUser(t, { email: "admin@ejemplo.mx", orgId: implan.id, isAdmin: true });
    const admin = await signedIn(t, "admin@ejemplo.mx");

    const orgRes = await admin.post("/api/orgs", { name: "Dirección de Obra Pública", shortName: "OP" });
    expect(orgRes.status).toBe(201);
    expect(orgRes.body).toMatchObject({ id: expect.any(String), name: "Dirección de Obra Pública", shortName: "OP" });

    const ownerRes = await admin.post("/api/users", {
      email: "Lucia@Ejemplo.mx",
      name: "Lucía Méndez",
      password: "una-contraseña-larga",
      orgId: implan.id,
    });
    expect(ownerRes.status).toBe(201);
    expect(ownerRes.body).toMatchObject({ id: expect.any(String), email: "lucia@ejemplo.mx", isAdmin: false });
    expect(ownerRes.body).not.toHaveProperty("passwordHash");
    const commenterRes = await admin.post("/api/users", {
      email: "jorge@ejemplo.mx",
      name: "Jorge Ibarra",
      password: "otra-contraseña-larga",
      orgId: orgRes.body.id,
    });
    expect(commenterRes.status).toBe(201);

    const listed = await admin.get("/api/users");
    expect(listed.body.users.map((u: { email: string }) => u.email).sort()).toEqual(
      ["admin@ejemplo.mx", "jorge@ejemplo.mx", "lucia@ejemplo.mx"],
    );

    // The new owner signs in with the password the admin gave (email case does not matter).
    const owner = await signedIn(t, "LUCIA@ejemplo.mx", "una-contraseña-larga");
    const me = await owner.get("/api/auth/me");
    expect(me.body.user).toMatchObject({ name: "Lucía Méndez", org: { shortName: "IMPLAN" } });
    expect(me.body.user.abilities).toEqual({ createProject: true, manageOrganizations: false, manageUsers: false, manageTerritory: false });

    const created = await owner.post("/api/projects", {
      name: "Parque lineal Arroyo de las Palomas",
      kind: "study",
      leadOrgId: implan.id,
      participatingOrgIds: [orgRes.body.id],
      estimatedAmountMxn: 86500000.5,
      funding: { federal: 40, state: 20, municipal: 40, private: 0 },
      impact: { social: 5, environmental: 4, economic: 3 },
      alignment: { pmdAxis: "Eje 3", ods: [6, 11] },
    });
    expect(created.status).toBe(201);
    const project = created.body;
    expect(project).toMatchObject({
      clave: expect.stringMatching(/^EST-\d{4}-001$/),
      stage: "idea",
      myRole: "owner",
      abilities: { update: true, changeStage: true, manageMembers: true, editDocument: true },
      estimatedAmountMxn: 86500000.5,
      leadOrg: { shortName: "IMPLAN" },
      participatingOrgs: [{ shortName: "OP" }],
    });
    expect(project.priority.score).toBeGreaterThan(0);
    expect(project.priority.factors.map((f: { key: string }) => f.key)).toEqual([
      "social",
      "economic",
      "environmental",
      "alignment",
      "landUse",
    ]);

    const second = await owner.post("/api/projects", { name: "Centro comunitario", kind: "study" });
    expect(second.body.clave).toMatch(/^EST-\d{4}-002$/);

    const member = await owner.post(`/api/projects/${project.id}/members`, { userId: commenterRes.body.id, role: "commenter" });
    expect(member.status).toBe(201);
    const members = await owner.get(`/api/projects/${project.id}/members`);
    expect(members.body.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "Lucía Méndez", role: "owner", email: "lucia@ejemplo.mx" }),
        expect.objectContaining({ name: "Jorge Ibarra", role: "commenter", org: expect.objectContaining({ shortName: "OP" }) }),
      ]),
    );

    const text = await owner.post(`/api/projects/${project.id}/documents`, { kind: "text", title: "Propuesta de estudio" });
    expect(text.status).toBe(201);
    expect(text.body).toMatchObject({ kind: "text", title: "Propuesta de estudio", collabName: `doc.${text.body.id}` });
    const canvas = await owner.post(`/api/projects/${project.id}/documents`, { kind: "canvas", title: "Croquis" });
    expect(canvas.body.collabName).toBe(`board.${canvas.body.id}`);
    const docs = await owner.get(`/api/projects/${project.id}/documents`);
    expect(docs.body.documents.map((d: { kind: string }) => d.kind)).toEqual(["text", "canvas"]);

    // The commenter sees the project and its documents, but members' emails stay hidden.
    const commenter = await signedIn(t, "jorge@ejemplo.mx", "otra-contraseña-larga");
    const seen = await commenter.get(`/api/projects/${project.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.myRole).toBe("commenter");
    expect(seen.body.abilities).toMatchObject({ read: true, readDocuments: true, update: false, manageMembers: false, editDocument: false });
    const theirMembers = await commenter.get(`/api/projects/${project.id}/members`);
    expect(theirMembers.body.members[0]).not.toHaveProperty("email");
    const opened = await commenter.get(`/api/documents/${text.body.id}`);
    expect(opened.body.myRole).toBe("commenter");
    expect(opened.body.abilities).toMatchObject({ readDocuments: true, editDocument: false, renameDocument: false });
    const portfolio = await commenter.get("/api/projects");
    expect(portfolio.body.projects.map((p: { id: string }) => p.id)).toEqual([project.id]);
    expect(portfolio.body.projects[0].abilities).toMatchObject({ read: true, update: false });

    // Every change left an audit entry with its actor.
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.projectId, project.id));
    expect(audit.map((a) => a.action).sort()).toEqual(
      ["document.created", "document.created", "member.added", "project.created"].sort(),
    );
  });

  it("filters the portfolio by stage, kind, agency and text", async () => {
    const du = await makeOrg(t, "DU");
    const mov = await makeOrg(t, "MOV");
    await makeUser(t, { email: "filtros@ejemplo.mx", orgId: du.id });
    const owner = await signedIn(t, "filtros@ejemplo.mx");
    const a = (await owner.post("/api/projects", { name: "Corredor Av. Revolución", kind: "investment", leadOrgId: mov.id })).body;
    const b = (await owner.post("/api/projects", { name: "Plan parcial Estación", kind: "urban_proposal", participatingOrgIds: [mov.id] })).body;
    const c = (await owner.post("/api/projects", { name: "Descuento 50% predial", kind: "study", description: "tasa_especial" })).body;
    expect((await owner.post(`/api/projects/${b.id}/stage`, { to: "profile" })).status).toBe(200);

    const ids = async (query: string) =>
      ((await owner.get(`/api/projects${query}`)).body.projects as { id: string }[]).map((p) => p.id).sort();
    expect(await ids("")).toEqual([a.id, b.id, c.id].sort());
    expect(await ids("?stage=profile")).toEqual([b.id]);
    expect(await ids("?kind=investment")).toEqual([a.id]);
    expect(await ids(`?org=${mov.id}`)).toEqual([a.id, b.id].sort());
    expect(await ids("?text=revolución")).toEqual([a.id]);
    expect(await ids("?text=50%25")).toEqual([c.id]);
    expect(await ids("?text=tasa_esp")).toEqual([c.id]);
    expect(await ids("?text=%25")).toEqual([c.id]);
    expect((await owner.get("/api/projects?stage=demolicion")).status).toBe(400);
  });

  it("moves a project along its lifecycle one stage at a time and audits each move", async () => {
    const org = await makeOrg(t, "TES");
    await makeUser(t, { email: "etapas@ejemplo.mx", orgId: org.id });
    const owner = await signedIn(t, "etapas@ejemplo.mx");
    const p = (await owner.post("/api/projects", { name: "Planta de tratamiento", kind: "investment" })).body;
    expect((await owner.post(`/api/projects/${p.id}/stage`, { to: "profile" })).body.stage).toBe("profile");
    const skip = await owner.post(`/api/projects/${p.id}/stage`, { to: "execution" });
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe("invalid_stage_transition");
    const back = await owner.post(`/api/projects/${p.id}/stage`, { to: "idea", reason: "Falta diagnóstico" });
    expect(back.body.stage).toBe("idea");
    const activity = await owner.get(`/api/projects/${p.id}/activity`);
    const moves = activity.body.activity.filter((a: { action: string }) => a.action === "project.stage_changed");
    expect(moves.map((m: { details: unknown }) => m.details)).toEqual([
      { from: "profile", to: "idea", reason: "Falta diagnóstico" },
      { from: "idea", to: "profile" },
    ]);
  });
});
