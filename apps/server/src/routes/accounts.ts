import { Hono } from "hono";
import { z } from "zod";
import { asc, eq, ilike, or } from "@taller/db/sql";
import { canGlobally, DomainError } from "@taller/domain";
import { organizations, users } from "@taller/db";
import type { AppEnv } from "../http/env";
import { readJson, validate } from "../http/validate";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../auth/password";
import { createOrganization, createUser } from "../commands/accounts";
import { actorOf } from "../queries/access";
import type { AppDeps } from "../app";

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

function requireAdmin(c: { get(key: "user"): { id: string; isAdmin: boolean } }) {
  if (!canGlobally(actorOf(c.get("user")), "user.manage")) {
    throw new DomainError("forbidden", "Solo la administración puede hacer esto.");
  }
}

/**
 * Organizations and users. Creating them is for admins. Listing organizations is open to every
 * signed-in user, because project forms need the agencies; the user directory (`/people`)
 * gives members-to-be by name and agency only, never emails.
 */
export function accountRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get("/orgs", async (c) => {
      const orgs = await db.select().from(organizations).orderBy(asc(organizations.name));
      return c.json({ orgs: orgs.map(({ id, name, shortName }) => ({ id, name, shortName })) });
    })
    .post("/orgs", async (c) => {
      requireAdmin(c);
      const input = await readJson(c, orgSchema);
      const org = await createOrganization(db, actorOf(c.get("user")), input);
      return c.json({ id: org.id, name: org.name, shortName: org.shortName, createdAt: org.createdAt }, 201);
    })
    .get("/users", async (c) => {
      requireAdmin(c);
      const rows = await db
        .select({ id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin, orgId: users.orgId, createdAt: users.createdAt })
        .from(users)
        .orderBy(asc(users.name));
      return c.json({ users: rows });
    })
    .post("/users", async (c) => {
      requireAdmin(c);
      const input = await readJson(c, userSchema);
      const user = await createUser(db, actorOf(c.get("user")), input);
      return c.json(user, 201);
    })
    .get("/admin/collab", (c) => {
      requireAdmin(c);
      // Operational view of the real-time core: rooms, sockets, storage loads and writes.
      return c.json({ collab: deps.realtime.host.metrics(), memory: process.memoryUsage() });
    })
    .get("/people", async (c) => {
      const { q } = validate(directoryQuery, c.req.query());
      const pattern = q ? `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : undefined;
      const rows = await db
        .select({ id: users.id, name: users.name, org: { id: organizations.id, shortName: organizations.shortName } })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(pattern ? or(ilike(users.name, pattern), ilike(organizations.shortName, pattern)) : undefined)
        .orderBy(asc(users.name))
        .limit(50);
      return c.json({ people: rows });
    });
}
