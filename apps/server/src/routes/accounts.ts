import { Hono } from "hono";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { globalAccess } from "../http/access";
import { organizationCreateSchema, peopleQuerySchema, userCreateSchema } from "@taller/domain";
import { jsonBody, queryOf } from "../http/validate";
import { createOrganization, createUser } from "../commands/accounts";
import { listOrganizations, listUsers, searchPeople } from "../queries/accounts";
import { presentOrganization, presentUser } from "../presenters/accounts";

/**
 * Organizations and users. Creating them is for admins. Listing organizations is open to every
 * signed-in user, because project forms need the agencies; the user directory (`/people`)
 * gives members-to-be by name and agency only, never emails.
 */
export function accountRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get("/orgs", globalAccess("organization.list"), async (c) => {
      return c.json({ orgs: (await listOrganizations(db)).map(presentOrganization) });
    })
    .post("/orgs", globalAccess("organization.manage"), jsonBody(organizationCreateSchema), async (c) => {
      const org = await createOrganization({ db, actor: c.get("actor"), input: c.req.valid("json") });
      return c.json(presentOrganization(org), 201);
    })
    .get("/users", globalAccess("user.manage"), async (c) => {
      return c.json({ users: (await listUsers(db)).map(presentUser) });
    })
    .post("/users", globalAccess("user.manage"), jsonBody(userCreateSchema), async (c) => {
      const user = await createUser({ db, actor: c.get("actor"), input: c.req.valid("json") });
      return c.json(presentUser(user), 201);
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
