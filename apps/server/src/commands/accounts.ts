import { eq } from "@taller/db/sql";
import { DomainError, type Actor } from "@taller/domain";
import { organizations, users, type Database } from "@taller/db";
import { recordAudit } from "./audit";
import { hashPassword } from "../auth/password";

/** Organizations (dependencias) and user accounts; only admins call these (checked by the routes). */
export async function createOrganization(db: Database, actor: Actor | null, input: { name: string; shortName: string }) {
  return db.transaction(async (tx) => {
    const [org] = await tx.insert(organizations).values(input).returning();
    await recordAudit(tx, {
      actorId: actor?.userId ?? null,
      action: "organization.created",
      subjectType: "organization",
      subjectId: org!.id,
      details: { ...input },
    });
    return org!;
  });
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  orgId: string;
  isAdmin: boolean;
}

/** Creates an account. The password is hashed before the transaction opens: scrypt takes ~0.2 s. */
export async function createUser(db: Database, actor: Actor | null, input: NewUser) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.orgId));
    if (!org) throw new DomainError("organization_not_found", "No existe la dependencia indicada.");
    const [user] = await tx
      .insert(users)
      .values({ email: input.email.toLowerCase(), name: input.name, orgId: input.orgId, isAdmin: input.isAdmin, passwordHash })
      .returning({ id: users.id, email: users.email, name: users.name, orgId: users.orgId, isAdmin: users.isAdmin, createdAt: users.createdAt });
    await recordAudit(tx, {
      actorId: actor?.userId ?? null,
      action: "user.created",
      subjectType: "user",
      subjectId: user!.id,
      details: { email: user!.email, orgId: input.orgId, isAdmin: input.isAdmin },
    });
    return user!;
  });
}
