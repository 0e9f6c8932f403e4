import { z } from "zod";
import type { ProjectRole } from "./vocabulary";

/**
 * Review rounds: an owner or editor submits a frozen version of a study or a canvas to
 * participants — named people and/or whole agencies (dependencias) — who each give a decision.
 * This module holds the vocabulary, the request shapes and the rules as pure functions: who may
 * answer for which participant, which decision of each participant stands, and what the round's
 * result is under its rule. The server applies them; nothing here touches the database.
 */

// ---------------------------------------------------------------------------------------------
// Vocabulary (codes are English and stable; the UI translates them)

/**
 * A participant's decision on the version, from the most to the least favourable:
 * - `favorable`: aprobado, nothing to add.
 * - `favorable_with_observations`: aprobado con observaciones — the version may go ahead, and the
 *   observations (the reason, and any conditions) are to be attended in the next one.
 * - `changes_requested`: cambios solicitados — not approved as it is; a corrected version is expected.
 * - `unfavorable`: rechazado — the participant opposes the version (for an agency, an unfavourable
 *   dictamen).
 * An agency's decision is its formal opinion (dictamen), signed by the member who gave it.
 */
export const REVIEW_DECISIONS = ["favorable", "favorable_with_observations", "changes_requested", "unfavorable"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/**
 * How the participants' decisions make the round's result:
 * - `all`: every participant must decide; each one can stop the version (the usual rule when each
 *   agency's dictamen is required — an unfavourable dictamen is never outvoted).
 * - `majority`: more than half of the participants decides (a mesa de trabajo, a comité).
 * - `any`: one answer is enough; the first participant to decide decides for the round (any one
 *   of several reviewers of the same area).
 */
export const REVIEW_RULES = ["all", "majority", "any"] as const;
export type ReviewRule = (typeof REVIEW_RULES)[number];

/**
 * The round's result, once it has one (null while undecided, and for a round closed without one):
 * - `approved`: aprobada.
 * - `approved_with_observations`: aprobada con observaciones (to be attended in the next version).
 * - `changes_requested`: se solicitan cambios; the version is not approved.
 * - `rejected`: rechazada.
 */
export const REVIEW_RESULTS = ["approved", "approved_with_observations", "changes_requested", "rejected"] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];

/** `open`: participants may still decide (and change their decision). `closed`: final, immutable. */
export const REVIEW_STATUSES = ["open", "closed"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * Why a round closed: its rule was met by the decisions, its owner (or an editor) closed it before
 * that, or a newer version of the document was submitted and superseded it explicitly.
 */
export const REVIEW_CLOSE_REASONS = ["rule_met", "closed_early", "superseded"] as const;
export type ReviewCloseReason = (typeof REVIEW_CLOSE_REASONS)[number];

/** A round has at least one and at most this many participants. */
export const REVIEW_MAX_PARTICIPANTS = 50;
/** Reasons and conditions are plain text up to this long. */
export const REVIEW_TEXT_MAX_LENGTH = 2000;

// ---------------------------------------------------------------------------------------------
// Requests

/** A participant: a named person, or a whole agency (organization). */
export type ReviewParticipant = { userId: string } | { orgId: string };

const participantSchema = z.union([z.strictObject({ userId: z.uuid() }), z.strictObject({ orgId: z.uuid() })]);

/** A stable key per participant (`user:<id>`, `org:<id>`), for maps and for the duplicates check. */
export function participantKey(participant: ReviewParticipant): string {
  return "userId" in participant ? `user:${participant.userId}` : `org:${participant.orgId}`;
}

const distinctParticipants = (participants: ReviewParticipant[]) => new Set(participants.map(participantKey)).size === participants.length;

/**
 * `POST /api/versions/:id/reviews`. Whether `dueAt` lies in the future, and whether each named
 * person and agency may take part in the project, are the server's questions (they need the clock
 * and the database). `supersede: true` says, explicitly, that the round replaces the open round of
 * an earlier version of the same document (which closes as `superseded`); without it, a document
 * with an open round answers 409 `review_open`.
 */
export const reviewCreateSchema = z.strictObject({
  participants: z.array(participantSchema).min(1).max(REVIEW_MAX_PARTICIPANTS).refine(distinctParticipants, { error: "duplicates" }),
  rule: z.enum(REVIEW_RULES),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  supersede: z.boolean().optional(),
});
export type ReviewCreateInput = z.infer<typeof reviewCreateSchema>;

const reviewText = z.string().trim().max(REVIEW_TEXT_MAX_LENGTH);

/**
 * `POST /api/reviews/:id/decisions`. A reason is required for every decision except a plain
 * `favorable` (observations, requested changes and an opposition must say why). `forOrgId` says
 * the decision is the dictamen of that agency when the actor could also answer as a named person
 * (see `decisionTarget`). `meetingId` marks the decision as taken in that meeting (which must be in
 * progress, with the round on its agenda).
 */
export const reviewDecisionSchema = z
  .strictObject({
    decision: z.enum(REVIEW_DECISIONS),
    reason: reviewText.optional(),
    conditions: reviewText.optional(),
    forOrgId: z.uuid().optional(),
    meetingId: z.uuid().optional(),
  })
  .refine((d) => d.decision === "favorable" || (d.reason !== undefined && d.reason.length > 0), { error: "required", path: ["reason"] });
export type ReviewDecisionInput = z.infer<typeof reviewDecisionSchema>;

// ---------------------------------------------------------------------------------------------
// Who answers for whom

/** What the rules need to know of the person deciding: who they are, their agency, their project role. */
export interface ReviewActor {
  userId: string;
  orgId: string;
  /** Their role in the round's project; null for people who are not members. */
  role: ProjectRole | null;
}

/**
 * May this person decide in this round at all? The rule (issue 12): deciding needs a project role
 * AND (the reviewer role OR membership of a participating agency). So:
 * - a non-member never decides, whatever their agency (not even an admin: administration is not
 *   review);
 * - a reviewer of the project decides if they are a participant (named, or member of a
 *   participating agency);
 * - any other member (owner, editor, commenter, viewer) decides only as a member of a participating
 *   agency — naming them personally is not enough, which is why the server should only name people
 *   for whom `canBeNamedReviewer` holds.
 */
export function canDecide(actor: ReviewActor, participants: readonly ReviewParticipant[]): boolean {
  return answerableParticipants(actor, participants).length > 0;
}

/**
 * The participants this person may answer for (in the round's order, at most two: themselves if
 * named, and their agency if it participates):
 * - a named person answers for themselves, when they hold the reviewer role or belong to a
 *   participating agency;
 * - any member of a participating agency with a project role answers for that agency (its dictamen,
 *   signed by them).
 */
export function answerableParticipants(actor: ReviewActor, participants: readonly ReviewParticipant[]): ReviewParticipant[] {
  if (actor.role === null) return [];
  const agencyParticipates = participants.some((p) => "orgId" in p && p.orgId === actor.orgId);
  const mayDecide = actor.role === "reviewer" || agencyParticipates;
  if (!mayDecide) return [];
  return participants.filter((p) => ("userId" in p ? p.userId === actor.userId : p.orgId === actor.orgId));
}

/** A person may be named in a round when, once it exists, they can answer for themselves. */
export function canBeNamedReviewer(person: ReviewActor, participants: readonly ReviewParticipant[]): boolean {
  return answerableParticipants(person, [...participants, { userId: person.userId }]).some((p) => "userId" in p && p.userId === person.userId);
}

/**
 * Which participant a decision request is for: the agency given in `forOrgId` (if the actor may
 * answer for it); otherwise the actor as a named person, else the actor's agency. `null` when the
 * actor answers for no participant (the server answers 403) or for not the agency asked for.
 */
export function decisionTarget(actor: ReviewActor, participants: readonly ReviewParticipant[], forOrgId?: string): ReviewParticipant | null {
  const answerable = answerableParticipants(actor, participants);
  if (forOrgId !== undefined) return answerable.find((p) => "orgId" in p && p.orgId === forOrgId) ?? null;
  return answerable.find((p) => "userId" in p) ?? answerable[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Standing decisions

/** One decision as recorded (the history keeps every one, including those later replaced). */
export interface RecordedDecision {
  participant: ReviewParticipant;
  decision: ReviewDecision;
  /** When it was given (ISO date-time or Date); orders the history. */
  at: string | Date;
}

const time = (at: string | Date) => (at instanceof Date ? at.getTime() : Date.parse(at));

/**
 * The standing decision of each participant: the newest of theirs in the history (a participant
 * may change their mind while the round is open; the earlier decisions stay in the history, they
 * just no longer count). Equal times: the later one in the list wins (the order of insertion).
 * Keyed by `participantKey`.
 */
export function standingDecisions<D extends RecordedDecision>(history: readonly D[]): Map<string, D> {
  const standing = new Map<string, D>();
  for (const entry of history) {
    const key = participantKey(entry.participant);
    const current = standing.get(key);
    if (current === undefined || time(entry.at) >= time(current.at)) standing.set(key, entry);
  }
  return standing;
}

/**
 * The participants this person answers for that have not decided yet: what makes an open round
 * «pendiente para mí» (empty when nothing is pending for them).
 */
export function pendingFor(actor: ReviewActor, participants: readonly ReviewParticipant[], standing: ReadonlyMap<string, unknown>): ReviewParticipant[] {
  return answerableParticipants(actor, participants).filter((p) => !standing.has(participantKey(p)));
}

// ---------------------------------------------------------------------------------------------
// The round's result

const FAVOURABLE: ReadonlySet<ReviewDecision> = new Set(["favorable", "favorable_with_observations"]);

/** From the least to the most severe; also the order of REVIEW_DECISIONS. */
const SEVERITY: Record<ReviewDecision, number> = { favorable: 0, favorable_with_observations: 1, changes_requested: 2, unfavorable: 3 };

const RESULT_OF: Record<ReviewDecision, ReviewResult> = {
  favorable: "approved",
  favorable_with_observations: "approved_with_observations",
  changes_requested: "changes_requested",
  unfavorable: "rejected",
};

type Standing = ReadonlyMap<string, Pick<RecordedDecision, "decision" | "at">>;

/** The standing decisions of the round's participants, in the round's order (others are ignored). */
function decidedOf(participants: readonly ReviewParticipant[], standing: Standing) {
  return participants.flatMap((p) => {
    const s = standing.get(participantKey(p));
    return s ? [s] : [];
  });
}

const worst = (decisions: readonly ReviewDecision[]): ReviewDecision =>
  decisions.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a));

/**
 * The result the rule gives, or null while it has none. THE TABLE (n participants, f = favourable
 * decisions (favorable or with observations), c = changes_requested, u = unfavorable, m = the
 * majority = ⌊n/2⌋ + 1):
 *
 * | rule     | met when                          | result                                               |
 * |----------|-----------------------------------|------------------------------------------------------|
 * | all      | every participant decided         | any u → rejected; else any c → changes_requested;    |
 * |          |                                   | else any with observations → approved_with_obs.;     |
 * |          |                                   | else approved                                        |
 * | majority | f ≥ m                             | approved (with observations if any of the f had them)|
 * | majority | c + u ≥ m                         | u ≥ m → rejected; else changes_requested             |
 * | majority | everyone decided, neither side m  | changes_requested (a tie: nobody approved it by      |
 * |          | (ties, only possible for even n)  | majority, nobody rejected it by majority)            |
 * | any      | one participant decided           | the first decision (earliest `at`) gives the result  |
 *
 * Reasoning, as the office would have it:
 * - Under `all` each dictamen is required, and the result is the most severe one: an unfavourable
 *   dictamen of one agency cannot be outvoted by the favourable ones of the others. The round stays
 *   open until everyone answered even after an unfavourable one (the result cannot improve, but each
 *   agency's dictamen and observations are part of the record the next version must answer).
 * - Under `majority` the majority is of the participants, not of those who answered so far: two
 *   favourable answers of five participants approve nothing. Approval and rejection each need their
 *   own majority; when the majority is against the version but not a majority for rejecting it
 *   (some asked for changes, some opposed), the result is the milder outcome that whole majority
 *   supports: changes requested. A tie never approves: a version is approved by a majority or not
 *   at all, so a tied, fully answered round asks for changes.
 * - Under `any` one answer is enough, so the first one closes the round; later ones (given at the
 *   same moment, before the server closed it) do not change the result.
 */
export function roundResult(rule: ReviewRule, participants: readonly ReviewParticipant[], standing: Standing): ReviewResult | null {
  const decided = decidedOf(participants, standing);
  const n = participants.length;
  if (n === 0 || decided.length === 0) return null;
  const decisions = decided.map((d) => d.decision);
  switch (rule) {
    case "all":
      return decided.length === n ? RESULT_OF[worst(decisions)] : null;
    case "majority": {
      const majority = Math.floor(n / 2) + 1;
      const favourable = decisions.filter((d) => FAVOURABLE.has(d));
      const unfavorable = decisions.filter((d) => d === "unfavorable").length;
      const against = decisions.length - favourable.length;
      if (favourable.length >= majority) return RESULT_OF[worst(favourable)];
      if (against >= majority) return unfavorable >= majority ? "rejected" : "changes_requested";
      return decided.length === n ? "changes_requested" : null;
    }
    case "any": {
      const first = decided.reduce((a, b) => (time(b.at) < time(a.at) ? b : a));
      return RESULT_OF[first.decision];
    }
  }
}

/** Whether the round closes by itself: its rule gives a result (see the table of `roundResult`). */
export function isRoundMet(rule: ReviewRule, participants: readonly ReviewParticipant[], standing: Standing): boolean {
  return roundResult(rule, participants, standing) !== null;
}

/**
 * The result of a round closed before its rule was met (by its owner, or superseded by a newer
 * version). If the rule is met, its result. Otherwise closing never makes an approval the rule did
 * not reach, and never erases an objection on record:
 * - nothing decided, or only favourable decisions → null (closed without a result: not everyone
 *   needed answered, so the version is not approved);
 * - some changes_requested / unfavorable standing → under `all` the most severe of them (each
 *   objection stands on its own under `all`: an unfavourable dictamen rejects); under `majority`
 *   changes_requested (rejecting needs a majority of unfavourable decisions, which was not reached).
 *   (Under `any` a round with a decision is always met.)
 */
export function earlyCloseResult(rule: ReviewRule, participants: readonly ReviewParticipant[], standing: Standing): ReviewResult | null {
  const met = roundResult(rule, participants, standing);
  if (met !== null) return met;
  const against = decidedOf(participants, standing)
    .map((d) => d.decision)
    .filter((d) => !FAVOURABLE.has(d));
  if (against.length === 0) return null;
  return rule === "all" ? RESULT_OF[worst(against)] : "changes_requested";
}

/** Whether a participant's decision approves (for lists and summaries). */
export const isFavourable = (decision: ReviewDecision): boolean => FAVOURABLE.has(decision);
