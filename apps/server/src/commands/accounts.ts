import { eq } from "@taller/db/sql";
import { DomainError } from "@taller/domain";
import { organizations, users } from "@taller/db";
import { recordAudit } from "./audit";
import type { GlobalCommandProps } from "./props";
import { hashPassword } from "../auth/password";

/** Organizations (dependencias) and user accounts; only admins call these (checked at the edge). */
export async function createOrganization({ db, actor, input }: GlobalCommandProps<{ name: string; shortName: string }>) {
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
export async function createUser({ db, actor, input }: GlobalCommandProps<NewUser>) {
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
