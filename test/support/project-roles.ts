import { expect } from "vitest";
import { signedIn, type ApiClient } from "./api-client";
import { makeOrg, makeUser, type TestApp } from "./app";

/**
 * One project with one person per role, each signed in: the fixture of the "every role × action"
 * tests (comments, versions, reviews). The project «Libramiento norte» is led by IMPLAN with OP
 * and MA participating; `agency` is a commenter from OP (someone who speaks for an agency), the
 * `outsider` is from OP too but not a member, the `admin` is an administrator without a role.
 */
export type Role = "owner" | "editor" | "commenter" | "reviewer" | "viewer" | "admin" | "outsider";
export const ROLES: Role[] = ["owner", "editor", "commenter", "reviewer", "viewer", "admin", "outsider"];
export type Someone = Role | "agency";

export interface ProjectWithRoles {
  projectId: string;
  clients: Record<Someone, ApiClient>;
  ids: Record<Someone, string>;
  orgs: Record<"implan" | "op" | "ma", { id: string }>;
}

const PEOPLE: Record<Someone, { org: "implan" | "op" | "ma"; name: string; isAdmin?: boolean }> = {
  owner: { org: "implan", name: "Lucía Méndez" },
  editor: { org: "implan", name: "Andrés Solís" },
  agency: { org: "op", name: "Jorge Ibarra" },
  commenter: { org: "ma", name: "Marta Cano" },
  reviewer: { org: "implan", name: "Rosa Vega" },
  viewer: { org: "ma", name: "Iván Ruiz" },
  admin: { org: "implan", name: "Admin", isAdmin: true },
  outsider: { org: "op", name: "Pedro Núñez" },
};

/** The project role of each member of the fixture (the owner created the project). */
const MEMBERS: Partial<Record<Someone, string>> = { editor: "editor", agency: "commenter", commenter: "commenter", reviewer: "reviewer", viewer: "viewer" };

export async function projectWithRoles(t: TestApp): Promise<ProjectWithRoles> {
  const orgs = {
    implan: await makeOrg(t, "IMPLAN", "Instituto Municipal de Planeación"),
    op: await makeOrg(t, "OP", "Dirección de Obra Pública"),
    ma: await makeOrg(t, "MA", "Dirección de Medio Ambiente"),
  };
  const clients = {} as Record<Someone, ApiClient>;
  const ids = {} as Record<Someone, string>;
  for (const [who, p] of Object.entries(PEOPLE) as [Someone, (typeof PEOPLE)["owner"]][]) {
    const email = `${who}@ejemplo.mx`;
    const user = await makeUser(t, { email, orgId: orgs[p.org].id, name: p.name, isAdmin: p.isAdmin ?? false });
    ids[who] = user.id;
    clients[who] = await signedIn(t, email);
  }
  const created = await clients.owner.post("/api/projects", {
    name: "Libramiento norte",
    kind: "study",
    leadOrgId: orgs.implan.id,
    participatingOrgIds: [orgs.op.id, orgs.ma.id],
    estimatedAmountMxn: 1000000,
    funding: { federal: 0, state: 0, municipal: 100, private: 0 },
    impact: { social: 3, environmental: 3, economic: 3 },
    alignment: { pmdAxis: "Eje 1", ods: [11] },
  });
  expect(created.status).toBe(201);
  const projectId: string = created.body.id;
  for (const [who, role] of Object.entries(MEMBERS)) {
    const res = await clients.owner.post(`/api/projects/${projectId}/members`, { userId: ids[who as Someone], role });
    expect(res.status).toBe(201);
  }
  return { projectId, clients, ids, orgs };
}
