import { Hono } from "hono";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { globalAccess } from "../http/access";
import { DomainError, organizationCreateSchema, organizationPatchSchema, peopleQuerySchema, userCreateSchema, userPatchSchema } from "@taller/domain";
import { isUuid, jsonBody, queryOf } from "../http/validate";
import { createOrganization, createUser, deactivateUser, reactivateUser, resetPassword, updateOrganization, updateUser } from "../commands/accounts";
import { listOrganizations, listUsers, searchPeople } from "../queries/accounts";
import { presentOrganization, presentUser } from "../presenters/accounts";

/**
 * Organizations and users. Creating them is for admins. Listing organizations is open to every
 * signed-in user, because project forms need the agencies; the user directory (`/people`)
 * gives members-to-be by name and agency only, never emails. Administrators also edit accounts
 * (name, agency, admin flag), deactivate and reactivate them and reset their passwords.
 */
export function accountRoutes(deps: AppDeps) {
  const { db, events } = deps;
  return new Hono<AppEnv>()
    .get("/orgs", globalAccess("organization.list"), async (c) => {
      return c.json({ orgs: (await listOrganizations(db)).map(presentOrganization) });
    })
    .post("/orgs", globalAccess("organization.manage"), jsonBody(organizationCreateSchema), async (c) => {
      const org = await createOrganization({ db, actor: c.get("actor"), input: c.req.valid("json") });
      return c.json(presentOrganization(org), 201);
    })
    .patch("/orgs/:id", globalAccess("organization.manage"), jsonBody(organizationPatchSchema), async (c) => {
      const orgId = c.req.param("id");
      if (!isUuid(orgId)) throw new DomainError("organization_not_found", "No existe la dependencia indicada.");
      const org = await updateOrganization({ db, actor: c.get("actor"), orgId, input: c.req.valid("json") });
      return c.json(presentOrganization(org));
    })
    .get("/users", globalAccess("user.manage"), async (c) => {
      return c.json({ users: (await listUsers(db)).map(presentUser) });
    })
    .post("/users", globalAccess("user.manage"), jsonBody(userCreateSchema), async (c) => {
      const user = await createUser({ db, actor: c.get("actor"), input: c.req.valid("json") });
      return c.json(presentUser(user), 201);
    })
    .patch("/users/:id", globalAccess("user.manage"), jsonBody(userPatchSchema), async (c) => {
      const user = await updateUser({ db, events, actor: c.get("actor"), userId: userIdOf(c.req.param("id")), input: c.req.valid("json") });
      return c.json(presentUser(user));
    })
    // Deactivation ends the person's sessions, sockets and event streams at once; reactivation lets them sign in again.
    .post("/users/:id/deactivate", globalAccess("user.manage"), async (c) => {
      const user = await deactivateUser({ db, events, actor: c.get("actor"), userId: userIdOf(c.req.param("id")), input: null });
      return c.json(presentUser(user));
    })
    .post("/users/:id/reactivate", globalAccess("user.manage"), async (c) => {
      const user = await reactivateUser({ db, events, actor: c.get("actor"), userId: userIdOf(c.req.param("id")), input: null });
      return c.json(presentUser(user));
    })
    // The temporary password is in this answer only: shown once, stored as its hash.
    .post("/users/:id/reset-password", globalAccess("user.manage"), async (c) => {
      const { temporaryPassword } = await resetPassword({ db, events, actor: c.get("actor"), userId: userIdOf(c.req.param("id")), input: null });
      c.header("Cache-Control", "no-store");
      return c.json({ temporaryPassword });
    })
    .get("/admin/collab", globalAccess("server.inspect"), (c) => {
      // Operational view of the real-time core: rooms, sockets, storage loads and writes.
      return c.json({ collab: deps.realtime.host.metrics(), memory: process.memoryUsage() });
    })
    .get("/people", queryOf(peopleQuerySchema), async (c) => {
      const { q } = c.req.valid("query");
      return c.json({ people: await searchPeople(db, q) });
    });
}

/** The `:id` of a /users route, or 404 `user_not_found` for what cannot be an id. */
function userIdOf(id: string): string {
  if (!isUuid(id)) throw new DomainError("user_not_found", "No existe esa cuenta de usuario.");
  return id;
}
