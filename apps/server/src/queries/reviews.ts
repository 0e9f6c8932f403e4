import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or, type SQL } from "@taller/db/sql";
import {
  DomainError,
  type Actor,
  type ProjectAction,
  type ProjectRole,
  type ReviewActor,
  type ReviewDecision,
  type ReviewParticipant,
} from "@taller/domain";
import {
  documents,
  documentVersions,
  meetings,
  organizations,
  projectMembers,
  projects,
  reviewDecisions,
  reviewParticipants,
  reviewRounds,
  users,
  type Executor,
  type ReviewDecisionRow,
  type ReviewRound,
} from "@taller/db";
import { isUuid } from "../http/validate";
import { authorizeDocument, type DocumentAccess } from "./access";
import { peopleByIds } from "./threads";
import type { PersonRecord } from "../presenters/people";

/** A review round as seen by one actor: the round, its document and project, the actor's role. */
export interface ReviewAccess extends DocumentAccess {
  round: ReviewRound;
}

export const reviewNotFound = () => new DomainError("review_not_found", "No existe la revisión o no tienes acceso a ella.");

/**
 * Loads a round and authorizes an action on it through its document's project. A round the actor
 * cannot see (no such id, or not a member of its project) is 404 `review_not_found`.
 */
export async function authorizeReview(db: Executor, actor: Actor, reviewId: string, action: ProjectAction): Promise<ReviewAccess> {
  if (!isUuid(reviewId)) throw reviewNotFound();
  const [round] = await db.select().from(reviewRounds).where(eq(reviewRounds.id, reviewId));
  if (!round) throw reviewNotFound();
  try {
    return { ...(await authorizeDocument(db, actor, round.documentId, action)), round };
  } catch (error) {
    if (error instanceof DomainError && error.code === "document_not_found") throw reviewNotFound();
    throw error;
  }
}

/** A participant row as the domain sees it. */
export const asParticipant = (row: { userId: string | null; orgId: string | null }): ReviewParticipant =>
  row.userId !== null ? { userId: row.userId } : { orgId: row.orgId! };

/** The round's participants, in the order they were named. */
export async function roundParticipants(db: Executor, roundId: string): Promise<ReviewParticipant[]> {
  const rows = await db.select().from(reviewParticipants).where(eq(reviewParticipants.roundId, roundId)).orderBy(asc(reviewParticipants.position));
  return rows.map(asParticipant);
}

/** A decision as the domain's `standingDecisions` takes it, with its row. */
export interface DecisionRecord {
  row: ReviewDecisionRow;
  participant: ReviewParticipant;
  decision: ReviewDecision;
  at: Date;
}

const decisionOrder = [asc(reviewDecisions.createdAt), asc(reviewDecisions.id)];

export const asDecisionRecord = (row: ReviewDecisionRow): DecisionRecord => ({ row, participant: asParticipant(row), decision: row.decision, at: row.createdAt });

/** Every decision of a round, oldest first (the history). */
export async function roundDecisions(db: Executor, roundId: string): Promise<DecisionRecord[]> {
  const rows = await db
    .select()
    .from(reviewDecisions)
    .where(eq(reviewDecisions.roundId, roundId))
    .orderBy(...decisionOrder);
  return rows.map(asDecisionRecord);
}

/** Each member of a project: role and agency. */
export async function projectMembersWithOrg(db: Executor, projectId: string): Promise<Map<string, { role: ProjectRole; orgId: string }>> {
  const rows = await db
    .select({ userId: projectMembers.userId, role: projectMembers.role, orgId: users.orgId })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId));
  return new Map(rows.map((r) => [r.userId, { role: r.role, orgId: r.orgId }]));
}

/** The actor as the review rules see them in one project (their agency and their role there). */
export async function reviewActor(db: Executor, userId: string, projectId: string): Promise<ReviewActor> {
  const [row] = await db
    .select({ orgId: users.orgId, role: projectMembers.role })
    .from(users)
    .leftJoin(projectMembers, and(eq(projectMembers.userId, users.id), eq(projectMembers.projectId, projectId)))
    .where(eq(users.id, userId));
  if (!row) throw new Error(`user ${userId} vanished`);
  return { userId, orgId: row.orgId, role: row.role ?? null };
}

/**
 * The people who may answer for a round's participants now: each named person (who is a member:
 * named people always are when the round is made, and a removed one answers nothing), and every
 * member with a project role of a participating agency. Sorted by id.
 */
export function peopleWhoMayAnswer(participants: readonly ReviewParticipant[], members: ReadonlyMap<string, { role: ProjectRole; orgId: string }>): string[] {
  const orgs = new Set(participants.flatMap((p) => ("orgId" in p ? [p.orgId] : [])));
  const out = new Set<string>();
  for (const p of participants) if ("userId" in p && members.has(p.userId)) out.add(p.userId);
  for (const [userId, m] of members) if (orgs.has(m.orgId)) out.add(userId);
  return [...out].sort();
}

// ---------------------------------------------------------------------------------------------
// Listings

/** A round with everything its API shape shows. */
export interface ReviewRecord {
  round: ReviewRound;
  version: { id: string; number: number; name: string; documentId: string; sha256: string; createdAt: Date };
  document: { id: string; title: string; kind: "text" | "canvas" };
  participants: ReviewParticipant[];
  decisions: DecisionRecord[];
  lastApproved: { id: string; number: number; name: string } | null;
}

export interface ReviewListing {
  records: ReviewRecord[];
  people: Map<string, PersonRecord>;
  orgs: Map<string, { id: string; name: string; shortName: string }>;
  /** The meetings decisions were taken in (issue 13). */
  meetings: Map<string, { id: string; title: string }>;
}

const APPROVED = ["approved", "approved_with_observations"] as const;

/** Rounds (by ids, or every round of a project), with their versions, participants, decisions, people and agencies. */
export async function loadReviews(db: Executor, where: { roundIds: string[] } | { projectId: string }): Promise<ReviewListing> {
  const condition: SQL | undefined = "roundIds" in where ? inArray(reviewRounds.id, where.roundIds) : eq(reviewRounds.projectId, where.projectId);
  if ("roundIds" in where && where.roundIds.length === 0) return { records: [], people: new Map(), orgs: new Map(), meetings: new Map() };
  const rows = await db
    .select({
      round: reviewRounds,
      version: {
        id: documentVersions.id,
        number: documentVersions.number,
        name: documentVersions.name,
        documentId: documentVersions.documentId,
        sha256: documentVersions.sha256,
        createdAt: documentVersions.createdAt,
      },
      document: { id: documents.id, title: documents.title, kind: documents.kind },
    })
    .from(reviewRounds)
    .innerJoin(documentVersions, eq(documentVersions.id, reviewRounds.versionId))
    .innerJoin(documents, eq(documents.id, reviewRounds.documentId))
    .where(condition)
    .orderBy(desc(reviewRounds.createdAt), desc(reviewRounds.id));
  if (rows.length === 0) return { records: [], people: new Map(), orgs: new Map(), meetings: new Map() };
  const roundIds = rows.map((r) => r.round.id);
  const participantRows = await db.select().from(reviewParticipants).where(inArray(reviewParticipants.roundId, roundIds)).orderBy(asc(reviewParticipants.position));
  const decisionRows = await db
    .select()
    .from(reviewDecisions)
    .where(inArray(reviewDecisions.roundId, roundIds))
    .orderBy(...decisionOrder);
  // The approved versions of these documents, for each round's `lastApproved` (the newest earlier one).
  const documentIds = [...new Set(rows.map((r) => r.round.documentId))];
  const approved = await db
    .selectDistinct({ documentId: documentVersions.documentId, id: documentVersions.id, number: documentVersions.number, name: documentVersions.name })
    .from(reviewRounds)
    .innerJoin(documentVersions, eq(documentVersions.id, reviewRounds.versionId))
    .where(and(inArray(reviewRounds.documentId, documentIds), eq(reviewRounds.status, "closed"), inArray(reviewRounds.result, [...APPROVED])));

  const personIds = new Set<string>();
  const orgIds = new Set<string>();
  for (const r of rows) {
    personIds.add(r.round.createdBy);
    if (r.round.closedBy) personIds.add(r.round.closedBy);
  }
  for (const p of participantRows) (p.userId ? personIds : orgIds).add((p.userId ?? p.orgId)!);
  for (const d of decisionRows) personIds.add(d.decidedBy);
  const people = await peopleByIds(db, personIds);
  const orgRows = orgIds.size
    ? await db.select({ id: organizations.id, name: organizations.name, shortName: organizations.shortName }).from(organizations).where(inArray(organizations.id, [...orgIds]))
    : [];

  const records = rows.map((r): ReviewRecord => {
    const earlier = approved.filter((a) => a.documentId === r.round.documentId && a.number < r.version.number).sort((a, b) => b.number - a.number)[0];
    return {
      ...r,
      participants: participantRows.filter((p) => p.roundId === r.round.id).map(asParticipant),
      decisions: decisionRows.filter((d) => d.roundId === r.round.id).map(asDecisionRecord),
      lastApproved: earlier ? { id: earlier.id, number: earlier.number, name: earlier.name } : null,
    };
  });
  const meetingIds = [...new Set(decisionRows.flatMap((d) => (d.meetingId ? [d.meetingId] : [])))];
  const meetingRows = meetingIds.length ? await db.select({ id: meetings.id, title: meetings.title }).from(meetings).where(inArray(meetings.id, meetingIds)) : [];
  return { records, people, orgs: new Map(orgRows.map((o) => [o.id, o])), meetings: new Map(meetingRows.map((m) => [m.id, m])) };
}

/**
 * Open rounds where something may be pending for this person: of projects where they hold a role,
 * naming them or their agency. The caller decides with the domain's `pendingFor`.
 */
export async function openRoundsAsking(db: Executor, userId: string) {
  const [me] = await db.select({ orgId: users.orgId }).from(users).where(eq(users.id, userId));
  if (!me) return [];
  const asked = db
    .selectDistinct({ roundId: reviewParticipants.roundId })
    .from(reviewParticipants)
    .where(or(eq(reviewParticipants.userId, userId), eq(reviewParticipants.orgId, me.orgId)));
  return db
    .select({
      round: reviewRounds,
      role: projectMembers.role,
      orgId: users.orgId,
      projectName: projects.name,
      version: { id: documentVersions.id, number: documentVersions.number, name: documentVersions.name, documentId: documentVersions.documentId },
      document: { title: documents.title, kind: documents.kind },
    })
    .from(reviewRounds)
    .innerJoin(projectMembers, and(eq(projectMembers.projectId, reviewRounds.projectId), eq(projectMembers.userId, userId)))
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .innerJoin(projects, eq(projects.id, reviewRounds.projectId))
    .innerJoin(documentVersions, eq(documentVersions.id, reviewRounds.versionId))
    .innerJoin(documents, eq(documents.id, reviewRounds.documentId))
    .where(and(eq(reviewRounds.status, "open"), inArray(reviewRounds.id, asked)));
}

/** The newest round of each of these versions (for the versions list's `latestReview`). */
export async function latestRoundsOf(db: Executor, versionIds: string[]): Promise<Map<string, Pick<ReviewRound, "id" | "status" | "result" | "closeReason">>> {
  const out = new Map<string, Pick<ReviewRound, "id" | "status" | "result" | "closeReason">>();
  if (versionIds.length === 0) return out;
  const rows = await db
    .select({ versionId: reviewRounds.versionId, id: reviewRounds.id, status: reviewRounds.status, result: reviewRounds.result, closeReason: reviewRounds.closeReason })
    .from(reviewRounds)
    .where(inArray(reviewRounds.versionId, versionIds))
    .orderBy(desc(reviewRounds.createdAt), desc(reviewRounds.id));
  for (const { versionId, ...round } of rows) if (!out.has(versionId)) out.set(versionId, round);
  return out;
}

/** Open rounds due by `until` whose reminder has not gone out (the due sweep's candidates). */
export const dueRoundsCondition = (until: Date) =>
  and(eq(reviewRounds.status, "open"), isNotNull(reviewRounds.dueAt), lte(reviewRounds.dueAt, until), isNull(reviewRounds.dueRemindedAt));
