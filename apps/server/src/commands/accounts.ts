import { and, asc, eq, isNull, ne, sql } from "@taller/db/sql";
import { DomainError, type Actor, type OrganizationPatchInput, type UserPatchInput } from "@taller/domain";
import { organizations, users, type Database, type Executor } from "@taller/db";
import { recordAudit } from "./audit";
import type { GlobalCommandProps } from "./props";
import { generateTemporaryPassword, hashPassword } from "../auth/password";
import { endSessionsOf } from "../auth/sessions";
import type { ServerEvents } from "../events";

/** Organizations (dependencias) and user accounts; only admins call these (checked at the edge). */
export async function createOrganization({ db, actor, input }: GlobalCommandProps<{ name: string; shortName: string; createsProjects?: boolean }>) {
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

/**
 * Renames an agency (name, short name) and/or changes whether its people may create projects
 * («Puede proponer proyectos»). Audited with the changed values before and after; a patch that
 * changes nothing writes nothing. The change applies to everyone's next request (the agency is read
 * with the session). A short name another agency has (compared case-insensitively): 409
 * `short_name_taken`, as at creation. Unknown agencies: 404 `organization_not_found`.
 */
export async function updateOrganization({ db, actor, orgId, input }: GlobalCommandProps<OrganizationPatchInput> & { orgId: string }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for("update");
    if (!before) throw new DomainError("organization_not_found", "No existe la dependencia indicada.");
    if (input.shortName !== undefined) {
      const [other] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(sql`lower(${organizations.shortName})`, input.shortName.toLowerCase()), ne(organizations.id, orgId)));
      if (other) throw new DomainError("short_name_taken", "Ya existe una dependencia con esas siglas.");
    }
    const { before: was, after } = changedFields(before, input);
    if (Object.keys(after).length === 0) return before;
    const [org] = await tx.update(organizations).set(after).where(eq(organizations.id, orgId)).returning();
    await recordAudit(tx, {
      actorId: actor?.userId ?? null,
      action: "organization.updated",
      subjectType: "organization",
      subjectId: orgId,
      details: { before: was, after },
    });
    return org!;
  });
}

/** The fields of `patch` whose value differs from `current`, with their values before and after. */
function changedFields<T extends object, P extends Partial<T>>(current: T, patch: P): { before: Partial<T>; after: Partial<T> } {
  const before: Partial<T> = {};
  const after: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof P & keyof T)[]) {
    const value = patch[key] as T[typeof key] | undefined;
    if (value === undefined || value === current[key]) continue;
    before[key] = current[key];
    after[key] = value;
  }
  return { before, after };
}

/** An account as administration reads it (never the password hash). */
const ACCOUNT_COLUMNS = {
  id: users.id,
  email: users.email,
  name: users.name,
  orgId: users.orgId,
  isAdmin: users.isAdmin,
  deactivatedAt: users.deactivatedAt,
  mustChangePassword: users.mustChangePassword,
  createdAt: users.createdAt,
};

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
      .returning(ACCOUNT_COLUMNS);
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

/**
 * What administrators' commands on an account take. `events` announces, after the commit, the
 * sessions ended and the flags changed, so live sockets and event streams follow at once.
 */
export interface AccountCommandProps<Input> {
  db: Database;
  events: ServerEvents;
  actor: Actor;
  userId: string;
  input: Input;
}

const NO_ACCOUNT = "No existe esa cuenta de usuario.";
/** The answer to a wrong current password when changing one's own. */
export const WRONG_PASSWORD = "La contraseña actual no es correcta. Revísala e inténtalo de nuevo.";

/**
 * Locks the active administrators' rows (in id order, so concurrent commands queue on the first)
 * and returns their ids. Every command that could take away an administrator starts here: two
 * administrators removing each other's flag at once run one after the other, and the second sees
 * the first's result. The actor must still be one of them (they may have lost the flag meanwhile).
 */
async function lockActiveAdmins(tx: Executor, actor: Actor): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isAdmin, true), isNull(users.deactivatedAt)))
    .orderBy(asc(users.id))
    .for("update");
  const ids = rows.map((row) => row.id);
  if (!ids.includes(actor.userId)) throw new DomainError("forbidden", "Solo la administración puede hacer esto.");
  return ids;
}

async function lockAccount(tx: Executor, userId: string) {
  const [row] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!row) throw new DomainError("user_not_found", NO_ACCOUNT);
  return row;
}

/**
 * 409 `last_admin` when `user` is an active administrator and no other active one would remain.
 * Checked before the rules about oneself, so the only administrator learns why they must keep it.
 */
function assertAnotherAdmin(admins: string[], user: { id: string; isAdmin: boolean; deactivatedAt: Date | null }): void {
  if (!user.isAdmin || user.deactivatedAt !== null) return;
  if (admins.some((id) => id !== user.id)) return;
  throw new DomainError("last_admin", "Es la última persona administradora activa: nombra a otra antes de quitarle el permiso.");
}

/**
 * Changes a person's name, agency and admin flag (administrators). Audited as `user.updated` with
 * the changed fields before and after; a patch that changes nothing writes nothing. The last
 * active administrator keeps the flag (409 `last_admin`) and no administrator takes their own away
 * (409 `own_admin_flag`: another one does). A changed flag is announced, so live sockets that
 * relied on it (documents read as administrator) are decided again.
 */
export async function updateUser({ db, events, actor, userId, input }: AccountCommandProps<UserPatchInput>) {
  const { user, adminChanged } = await db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx, actor);
    const before = await lockAccount(tx, userId);
    if (input.orgId !== undefined && input.orgId !== before.orgId) {
      const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.orgId));
      if (!org) throw new DomainError("organization_not_found", "No existe la dependencia indicada.");
    }
    if (input.isAdmin === false && before.isAdmin) {
      assertAnotherAdmin(admins, before);
      if (userId === actor.userId) {
        throw new DomainError("own_admin_flag", "No puedes quitarte tu propio permiso de administración; pídeselo a otra persona administradora.");
      }
    }
    const { before: was, after } = changedFields(before, input);
    if (Object.keys(after).length === 0) return { user: before, adminChanged: false };
    const [updated] = await tx.update(users).set(after).where(eq(users.id, userId)).returning(ACCOUNT_COLUMNS);
    await recordAudit(tx, { actorId: actor.userId, action: "user.updated", subjectType: "user", subjectId: userId, details: { before: was, after } });
    return { user: updated!, adminChanged: after.isAdmin !== undefined };
  });
  if (adminChanged) events.emit({ type: "user.admin_changed", userId, isAdmin: user.isAdmin });
  return user;
}

/** Announces, after the commit, that these sessions ended: their sockets and streams close. */
function announceEnded(events: ServerEvents, userId: string, tokenHashes: string[]): void {
  for (const tokenHash of tokenHashes) events.emit({ type: "session.ended", userId, tokenHash });
}

/**
 * Deactivates an account: the person can no longer sign in, every session of theirs is deleted in
 * the same transaction and, once it commits, their live sockets and event streams close. Nothing
 * they wrote goes anywhere (authorship stays). Audited as `user.deactivated` with how many sessions
 * ended. Not oneself (409 `own_deactivation`), not the last active administrator (409
 * `last_admin`); an account already deactivated is answered as it is, with nothing written.
 */
export async function deactivateUser({ db, events, actor, userId }: AccountCommandProps<unknown>) {
  const { user, ended } = await db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx, actor);
    const before = await lockAccount(tx, userId);
    assertAnotherAdmin(admins, before);
    if (userId === actor.userId) throw new DomainError("own_deactivation", "No puedes desactivar tu propia cuenta; pídeselo a otra persona administradora.");
    if (before.deactivatedAt !== null) return { user: before, ended: null };
    const [updated] = await tx.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, userId)).returning(ACCOUNT_COLUMNS);
    const tokenHashes = await endSessionsOf(tx, userId);
    await recordAudit(tx, { actorId: actor.userId, action: "user.deactivated", subjectType: "user", subjectId: userId, details: { sessionsEnded: tokenHashes.length } });
    return { user: updated!, ended: tokenHashes };
  });
  if (ended) {
    announceEnded(events, userId, ended);
    events.emit({ type: "user.deactivated", userId });
  }
  return user;
}

/** Reactivates an account: the person may sign in again (with the password they had). Audited as `user.reactivated`; an active account is answered as it is. */
export async function reactivateUser({ db, actor, userId }: AccountCommandProps<unknown>) {
  return db.transaction(async (tx) => {
    await lockActiveAdmins(tx, actor);
    const before = await lockAccount(tx, userId);
    if (before.deactivatedAt === null) return before;
    const [updated] = await tx.update(users).set({ deactivatedAt: null }).where(eq(users.id, userId)).returning(ACCOUNT_COLUMNS);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "user.reactivated",
      subjectType: "user",
      subjectId: userId,
      details: { deactivatedAt: before.deactivatedAt.toISOString() },
    });
    return updated!;
  });
}

/**
 * Resets a person's password (administrators): a new temporary one, returned once to be handed
 * over and stored only as its hash; the person must replace it at their next sign-in
 * (`must_change_password`), and every session of theirs ends now. Audited as `user.password_reset`
 * (never the password). Not one's own (409 `own_password_reset`: the profile changes it).
 */
export async function resetPassword({ db, events, actor, userId }: AccountCommandProps<unknown>): Promise<{ temporaryPassword: string }> {
  if (userId === actor.userId) {
    throw new DomainError("own_password_reset", "Para cambiar tu propia contraseña, usa tu perfil.");
  }
  const temporaryPassword = generateTemporaryPassword();
  // Hashed before the transaction opens: scrypt takes ~0.2 s.
  const passwordHash = await hashPassword(temporaryPassword);
  const ended = await db.transaction(async (tx) => {
    await lockActiveAdmins(tx, actor);
    await lockAccount(tx, userId);
    await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, userId));
    const tokenHashes = await endSessionsOf(tx, userId);
    await recordAudit(tx, { actorId: actor.userId, action: "user.password_reset", subjectType: "user", subjectId: userId, details: { sessionsEnded: tokenHashes.length } });
    return tokenHashes;
  });
  announceEnded(events, userId, ended);
  return { temporaryPassword };
}

/**
 * The signed-in person replaces their own password (the route has verified the current one, whose
 * stored hash is `verifiedHash`). Clears `must_change_password`, ends every other session of theirs
 * (other devices sign in again with the new password) and keeps `keepTokenHash`, the one asking.
 * Audited as `user.password_changed`. If the stored hash changed since it was verified (an
 * administrator's reset in between), nothing is written: 400 `wrong_password`.
 */
export async function changeOwnPassword({
  db,
  events,
  actor,
  input,
}: Omit<AccountCommandProps<{ newPassword: string; verifiedHash: string; keepTokenHash: string }>, "userId">): Promise<void> {
  const passwordHash = await hashPassword(input.newPassword);
  const userId = actor.userId;
  const ended = await db.transaction(async (tx) => {
    const before = await lockAccount(tx, userId);
    if (before.passwordHash !== input.verifiedHash) throw new DomainError("wrong_password", WRONG_PASSWORD);
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId));
    const tokenHashes = await endSessionsOf(tx, userId, input.keepTokenHash);
    await recordAudit(tx, {
      actorId: userId,
      action: "user.password_changed",
      subjectType: "user",
      subjectId: userId,
      details: { afterReset: before.mustChangePassword, otherSessionsEnded: tokenHashes.length },
    });
    return tokenHashes;
  });
  announceEnded(events, userId, ended);
}
