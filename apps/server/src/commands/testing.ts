import { createTestDb, type TestDatabase } from "@taller/db/testing";
import { eq } from "@taller/db/sql";
import { auditLog, organizations, users } from "@taller/db";
import type { Actor } from "@taller/domain";

/**
 * A database of its own for a command test file (a copy of the migrated template, PGlite or
 * PostgreSQL like the rest of the suite), with factories for the rows commands start from.
 * Password hashes are placeholders: command tests never log in.
 */
export interface CommandTestDb extends TestDatabase {
  org(shortName: string): Promise<{ id: string }>;
  /** A person in an agency, as the actor the commands take. */
  person(email: string, options?: { orgId?: string; isAdmin?: boolean }): Promise<Actor>;
  /** The actions audited for a subject, oldest first. */
  auditedActions(subjectId: string): Promise<string[]>;
}

export async function commandTestDb(): Promise<CommandTestDb> {
  const database = await createTestDb();
  const { db } = database;
  let defaultOrg: { id: string } | undefined;
  const org = async (shortName: string) => {
    const [row] = await db.insert(organizations).values({ name: `Dirección ${shortName}`, shortName }).returning({ id: organizations.id });
    return row!;
  };
  return {
    ...database,
    org,
    async person(email, options = {}) {
      defaultOrg ??= await org("IMPLAN");
      const [row] = await db
        .insert(users)
        .values({ email, name: email.split("@")[0]!, orgId: options.orgId ?? defaultOrg.id, isAdmin: options.isAdmin ?? false, passwordHash: "not-a-hash" })
        .returning({ id: users.id });
      return { userId: row!.id, isAdmin: options.isAdmin ?? false };
    },
    async auditedActions(subjectId) {
      const rows = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, subjectId)).orderBy(auditLog.id);
      return rows.map((r) => r.action);
    },
  };
}
