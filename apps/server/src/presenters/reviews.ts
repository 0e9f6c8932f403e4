import {
  answerableParticipants,
  can,
  participantKey,
  pendingFor,
  standingDecisions,
  type Actor,
  type ReviewActor,
} from "@taller/domain";
import type { ReviewListing, ReviewRecord } from "../queries/reviews";
import { presentOrganizationRef } from "./accounts";
import { presentPerson, type PersonRecord } from "./people";

/** Whether an open round's due date has passed (`now` given by the caller, one clock per response). */
export const isOverdue = (round: { status: string; dueAt: Date | null }, now: Date) => round.status === "open" && round.dueAt !== null && round.dueAt.getTime() < now.getTime();

function personOf(people: Map<string, PersonRecord>, id: string) {
  const person = people.get(id);
  if (!person) throw new Error(`review: person ${id} was not loaded`);
  return presentPerson(person);
}

/**
 * What this reader may do in the round: the participants they may answer for while it is open
 * (`answerable`, the domain's `answerableParticipants`), those still without a decision
 * (`pending`, `pendingFor`), and whether they may close it (owners, or its submitter while they may
 * still submit).
 */
function mineOf(record: ReviewRecord, reader: ReviewActor & Actor, standing: ReadonlyMap<string, unknown>) {
  const { round } = record;
  if (round.status !== "open") return { answerable: [] as string[], pending: [] as string[], canClose: false };
  const subject = { role: reader.role };
  return {
    answerable: answerableParticipants(reader, record.participants).map(participantKey),
    pending: pendingFor(reader, record.participants, standing).map(participantKey),
    canClose: can(reader, "review.closeAny", subject) || (round.createdBy === reader.userId && can(reader, "review.submit", subject)),
  };
}

/** The one API shape of a review round (see the contract in README «Reviews»). */
export function presentReview(record: ReviewRecord, listing: Pick<ReviewListing, "people" | "orgs"> & Partial<Pick<ReviewListing, "meetings">>, reader: ReviewActor & Actor, now: Date) {
  const { round, version, document } = record;
  const { people, orgs } = listing;
  const standing = standingDecisions(record.decisions);
  const standingIds = new Set([...standing.values()].map((d) => d.row.id));
  const orgOf = (id: string) => {
    const org = orgs.get(id);
    if (!org) throw new Error(`review ${round.id}: agency ${id} was not loaded`);
    return presentOrganizationRef(org);
  };
  const decisions = record.decisions.map((d) => ({
    id: d.row.id,
    participantKey: participantKey(d.participant),
    by: personOf(people, d.row.decidedBy),
    forOrg: d.row.orgId ? orgOf(d.row.orgId) : null,
    decision: d.decision,
    reason: d.row.reason,
    conditions: d.row.conditions,
    at: d.row.createdAt,
    standing: standingIds.has(d.row.id),
    /** The meeting the decision was taken in (issue 13). */
    meeting: d.row.meetingId ? (listing.meetings?.get(d.row.meetingId) ?? { id: d.row.meetingId, title: "" }) : null,
  }));
  const byId = new Map(decisions.map((d) => [d.id, d]));
  return {
    id: round.id,
    projectId: round.projectId,
    versionId: round.versionId,
    version: {
      id: version.id,
      number: version.number,
      name: version.name,
      documentId: document.id,
      documentTitle: document.title,
      documentKind: document.kind,
      sha256: version.sha256,
      createdAt: version.createdAt,
    },
    lastApproved: record.lastApproved,
    rule: round.rule,
    dueAt: round.dueAt,
    overdue: isOverdue(round, now),
    status: round.status,
    result: round.result,
    closeReason: round.closeReason,
    closedAt: round.closedAt,
    closedBy: round.closedBy ? personOf(people, round.closedBy) : null,
    supersededBy: round.supersededBy,
    createdAt: round.createdAt,
    createdBy: personOf(people, round.createdBy),
    participants: record.participants.map((p) => {
      const key = participantKey(p);
      const current = standing.get(key);
      const decision = current ? byId.get(current.row.id)! : null;
      return "userId" in p ? { key, userId: p.userId, person: personOf(people, p.userId), decision } : { key, orgId: p.orgId, org: orgOf(p.orgId), decision };
    }),
    decisions,
    mine: mineOf(record, reader, standing),
  };
}

export type ReviewView = ReturnType<typeof presentReview>;

/**
 * A project's rounds in the order the «Revisiones» view lists them: those pending for the reader
 * first (due date ascending, undated last), then the other open ones (the same), then the closed
 * ones (most recently closed first). Ties: newest first.
 */
export function orderReviews(reviews: ReviewView[]): ReviewView[] {
  const group = (r: ReviewView) => (r.status === "closed" ? 2 : r.mine.pending.length > 0 ? 0 : 1);
  const time = (d: Date | null) => (d === null ? Number.POSITIVE_INFINITY : d.getTime());
  return [...reviews].sort((a, b) => {
    const byGroup = group(a) - group(b);
    if (byGroup !== 0) return byGroup;
    if (group(a) === 2) {
      const byClose = time(b.closedAt) - time(a.closedAt);
      if (byClose !== 0 && Number.isFinite(byClose)) return byClose;
    } else {
      const ta = time(a.dueAt);
      const tb = time(b.dueAt);
      if (ta !== tb) return ta < tb ? -1 : 1;
    }
    return b.createdAt.getTime() - a.createdAt.getTime();
  });
}
