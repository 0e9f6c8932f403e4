import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { globalAccess } from "../http/access";
import { readJson, validate } from "../http/validate";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../auth/password";
import { createOrganization, createUser } from "../commands/accounts";
import { listOrganizations, listUsers, searchPeople } from "../queries/accounts";
import { presentOrganization, presentUser } from "../presenters/accounts";

const orgSchema = z.strictObject({
  name: z.string().trim().min(2).max(200),
  shortName: z.string().trim().min(2).max(30),
});

const userSchema = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(2).max(200),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `La contraseña debe tener al menos ${PASSWORD_MIN_LENGTH} caracteres.`)
    .max(PASSWORD_MAX_LENGTH),
  orgId: z.uuid(),
  isAdmin: z.boolean().default(false),
});

const directoryQuery = z.object({ q: z.string().trim().max(100).optional() });

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
    .post("/orgs", globalAccess("organization.manage"), async (c) => {
      const org = await createOrganization({ db, actor: c.get("actor"), input: await readJson(c, orgSchema) });
      return c.json(presentOrganization(org), 201);
    })
    .get("/users", globalAccess("user.manage"), async (c) => {
      return c.json({ users: (await listUsers(db)).map(presentUser) });
    })
    .post("/users", globalAccess("user.manage"), async (c) => {
      const user = await createUser({ db, actor: c.get("actor"), input: await readJson(c, userSchema) });
      return c.json(presentUser(user), 201);
    })
    .get("/admin/collab", globalAccess("server.inspect"), (c) => {
      // Operational view of the real-time core: rooms, sockets, storage loads and writes.
      return c.json({ collab: deps.realtime.host.metrics(), memory: process.memoryUsage() });
    })
    .get("/people", async (c) => {
      const { q } = validate(directoryQuery, c.req.query());
      return c.json({ people: await searchPeople(db, q) });
    });
}
