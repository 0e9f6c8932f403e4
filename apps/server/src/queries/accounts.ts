import { asc, eq, ilike, or, sql } from "@taller/db/sql";
import { organizations, users, type Executor } from "@taller/db";
import { likePattern } from "./like";

/** Every agency, by name. */
export async function listOrganizations(db: Executor) {
  return db.select().from(organizations).orderBy(asc(organizations.name));
}

/** Every account, by name (administration); password hashes are not read. */
export async function listUsers(db: Executor) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      isAdmin: users.isAdmin,
      orgId: users.orgId,
      deactivatedAt: users.deactivatedAt,
      mustChangePassword: users.mustChangePassword,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.name));
}

/** The directory to add members from: name and agency (never emails), matching `q` in either, at most 50. */
export async function searchPeople(db: Executor, q: string | undefined) {
  const pattern = q ? likePattern(q) : undefined;
  return db
    .select({ id: users.id, name: users.name, org: { id: organizations.id, shortName: organizations.shortName } })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(pattern ? or(ilike(users.name, pattern), ilike(organizations.shortName, pattern)) : undefined)
    .orderBy(asc(users.name))
    .limit(50);
}

/** The account and agency for a login email (compared case-insensitively), if any. */
export async function findAccountByEmail(db: Executor, email: string) {
  const [row] = await db
    .select({ user: users, org: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(sql`lower(${users.email})`, email));
  return row;
}
