import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, ne, or } from "@taller/db/sql";
import { organizations, sessions, users, type Database, type Executor } from "@taller/db";

/**
 * Server-side sessions. The cookie carries 256 random bits; the database keeps only their
 * SHA-256, so a leaked table does not hand out sessions. A session ends after an idle window
 * or an absolute lifetime, whichever is first; login always issues a new token (rotation).
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /**
   * After an administrator reset the password: until the person chooses a new one, they may only
   * read who they are, log out and change it (403 `password_change_required` elsewhere).
   */
  mustChangePassword: boolean;
  /** The person's agency; `createsProjects` decides whether they may create projects (see `mayCreateProjects`). */
  org: { id: string; name: string; shortName: string; createsProjects: boolean };
}

/**
 * How often `lastSeenAt` is refreshed: every request would turn reads into writes. At most once
 * a minute, and often enough that a short idle window (tests) is still kept alive by activity.
 */
export function touchIntervalMs(policy: SessionPolicy): number {
  return Math.min(60_000, policy.idleMs / 4);
}

/** When a session ends unless activity moves its last-seen time: idle or absolute expiry, the earlier. */
export function sessionDeadline(row: { lastSeenAt: Date; expiresAt: Date }, policy: SessionPolicy): number {
  return Math.min(row.expiresAt.getTime(), row.lastSeenAt.getTime() + policy.idleMs);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Starts a session for a user and returns the cookie token (never stored). */
export async function startSession(
  db: Database,
  userId: string,
  policy: SessionPolicy,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + policy.absoluteMs);
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

/** Ends one session (logout). Returns the user it belonged to, if any. */
export async function endSession(db: Database, token: string): Promise<string | null> {
  const [row] = await db
    .delete(sessions)
    .where(eq(sessions.tokenHash, hashToken(token)))
    .returning({ userId: sessions.userId });
  return row?.userId ?? null;
}

/**
 * Resolves a cookie token to its user, or null when the session is unknown or expired, or its
 * person was deactivated (deactivation deletes their sessions; this holds even for one that slipped
 * past, e.g. a login racing the deactivation). Expired sessions are deleted on sight.
 */
export async function resolveSession(db: Database, token: string, policy: SessionPolicy): Promise<CurrentUser | null> {
  return (await resolveSessionWithDeadline(db, token, policy))?.user ?? null;
}

/**
 * Like {@link resolveSession}, with the time the session ends unless there is more activity and
 * the token's hash (the session's key), so a caller that keeps it need not hash the token again.
 */
export async function resolveSessionWithDeadline(
  db: Database,
  token: string,
  policy: SessionPolicy,
): Promise<{ user: CurrentUser; deadline: number; tokenHash: string } | null> {
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      user: { id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin, mustChangePassword: users.mustChangePassword },
      org: { id: organizations.id, name: organizations.name, shortName: organizations.shortName, createsProjects: organizations.createsProjects },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(users.deactivatedAt)))
    .limit(1);
  if (!row) return null;
  const now = Date.now();
  if (isExpired(row, policy, now)) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  let lastSeenAt = row.lastSeenAt;
  if (now - row.lastSeenAt.getTime() > touchIntervalMs(policy)) {
    lastSeenAt = new Date(now);
    await db.update(sessions).set({ lastSeenAt }).where(eq(sessions.tokenHash, tokenHash));
  }
  return { user: { ...row.user, org: row.org }, deadline: sessionDeadline({ lastSeenAt, expiresAt: row.expiresAt }, policy), tokenHash };
}

/**
 * Records activity on a live session (a collaboration socket's edits) and returns its new
 * deadline; null when the session no longer exists or has already expired (it is not revived).
 */
export async function touchSession(db: Database, tokenHash: string, policy: SessionPolicy, now = Date.now()): Promise<number | null> {
  const [row] = await db
    .update(sessions)
    .set({ lastSeenAt: new Date(now) })
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        gt(sessions.expiresAt, new Date(now)),
        gt(sessions.lastSeenAt, new Date(now - policy.idleMs)),
      ),
    )
    .returning({ lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt });
  return row ? sessionDeadline(row, policy) : null;
}

/** A live session's deadline (by token hash), or null when it is gone or expired. */
export async function liveSessionDeadline(db: Database, tokenHash: string, policy: SessionPolicy, now = Date.now()): Promise<number | null> {
  const [row] = await db
    .select({ lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.tokenHash, tokenHash));
  if (!row) return null;
  const deadline = sessionDeadline(row, policy);
  return deadline > now ? deadline : null;
}

function isExpired(row: { lastSeenAt: Date; expiresAt: Date }, policy: SessionPolicy, now: number): boolean {
  return sessionDeadline(row, policy) <= now;
}

/** Deletes every expired session; run periodically so the table does not grow forever. */
export async function purgeExpiredSessions(db: Database, policy: SessionPolicy): Promise<void> {
  const now = new Date();
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - policy.idleMs))));
}

/**
 * Deletes every session of a person (deactivation, password reset), or every one but `keep` (their
 * own password change keeps the session it was made from). Returns the ended sessions' token hashes:
 * after the transaction commits, each is announced as `session.ended`, which closes its live
 * sockets and event streams.
 */
export async function endSessionsOf(db: Executor, userId: string, keep?: string): Promise<string[]> {
  const rows = await db
    .delete(sessions)
    .where(keep ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, keep)) : eq(sessions.userId, userId))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.map((row) => row.tokenHash);
}
