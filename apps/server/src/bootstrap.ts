import { count } from "@taller/db/sql";
import { organizations, users, type Database } from "@taller/db";
import type { Config } from "./config";
import { createOrganization, createUser } from "./commands/accounts";
import { generatePassword } from "./auth/password";

export interface FirstAdmin {
  email: string;
  /** Present only when the password was generated here and must be shown once. */
  generatedPassword: string | null;
}

/**
 * On an empty database, creates the institute's organization (its staff may propose projects:
 * `createsProjects`) and the first administrator:
 * from ADMIN_EMAIL/ADMIN_PASSWORD when given, otherwise with a random password that the caller
 * prints once. Does nothing when any user exists.
 */
export async function ensureFirstAdmin(db: Database, config: Config): Promise<FirstAdmin | null> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return null;
  const [existingOrg] = await db.select().from(organizations).limit(1);
  const org =
    existingOrg ??
    (await createOrganization({ db, actor: null, input: { name: "Instituto Municipal de Planeación", shortName: "IMPLAN", createsProjects: true } }));
  const email = config.admin?.email ?? "admin@taller.local";
  const password = config.admin?.password ?? generatePassword();
  await createUser({ db, actor: null, input: { email, name: "Administración de Taller", password, orgId: org.id, isAdmin: true } });
  return { email, generatedPassword: config.admin ? null : password };
}
