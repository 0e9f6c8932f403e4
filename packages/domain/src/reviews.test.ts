import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  answerableParticipants,
  canBeNamedReviewer,
  canDecide,
  decisionTarget,
  earlyCloseResult,
  isRoundMet,
  participantKey,
  pendingFor,
  type RecordedDecision,
  REVIEW_DECISIONS,
  REVIEW_MAX_PARTICIPANTS,
  reviewCreateSchema,
  reviewDecisionSchema,
  type ReviewActor,
  type ReviewDecision,
  type ReviewParticipant,
  type ReviewResult,
  type ReviewRule,
  roundResult,
  standingDecisions,
} from "./reviews";
import { inputIssues, parseOptions } from "./validation";
import { PROJECT_ROLES } from "./vocabulary";

function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value, parseOptions);
  return result.success ? [] : inputIssues(result.error);
}

// ---------------------------------------------------------------------------------------------
// The result table

/** Participants p1…pN; a decision string lists each one's decision in order ("-" = not yet). */
const CODE: Record<string, ReviewDecision | null> = {
  F: "favorable",
  O: "favorable_with_observations",
  C: "changes_requested",
  U: "unfavorable",
  "-": null,
};
const people = (n: number): ReviewParticipant[] => Array.from({ length: n }, (_, i) => ({ userId: `p${i + 1}` }));

/** History from a string like "F-CU": one decision per participant, p1 first in time. */
function historyOf(decisions: string): RecordedDecision[] {
  return [...decisions].flatMap((c, i) => {
    const decision = CODE[c];
    return decision ? [{ participant: { userId: `p${i + 1}` }, decision, at: new Date(Date.UTC(2026, 0, 1, 10, i)) }] : [];
  });
}

type Row = [rule: ReviewRule, decisions: string, result: ReviewResult | null, early: ReviewResult | null, note: string];

/** [rule, decisions of p1…pN, result (null = not met, stays open), result if closed early now]. */
const TABLE: Row[] = [
  // all: everyone decides; the most severe decision is the result; nothing is outvoted.
  ["all", "---", null, null, "no decisions"],
  ["all", "FF-", null, null, "partial, all favourable: not approved by closing"],
  ["all", "F-U", null, "rejected", "partial with an unfavourable dictamen: closing rejects"],
  ["all", "C--", null, "changes_requested", "partial with changes requested"],
  ["all", "FFF", "approved", "approved", "all favourable"],
  ["all", "FOF", "approved_with_observations", "approved_with_observations", "one with observations"],
  ["all", "FOC", "changes_requested", "changes_requested", "changes requested beats observations"],
  ["all", "FFU", "rejected", "rejected", "one unfavourable dictamen is not outvoted"],
  ["all", "UCO", "rejected", "rejected", "unfavourable beats changes"],
  ["all", "O", "approved_with_observations", "approved_with_observations", "a single participant"],
  // majority: more than half of the PARTICIPANTS (not of those who answered).
  ["majority", "-----", null, null, "no decisions"],
  ["majority", "FF---", null, null, "2 of 5 favourable: no majority yet"],
  ["majority", "FFF--", "approved", "approved", "3 of 5 favourable"],
  ["majority", "FOF--", "approved_with_observations", "approved_with_observations", "majority, one with observations"],
  ["majority", "FFFUU", "approved", "approved", "an unfavourable minority is outvoted"],
  ["majority", "CU-", "changes_requested", "changes_requested", "majority against, not for rejecting"],
  ["majority", "UU-", "rejected", "rejected", "majority for rejecting"],
  ["majority", "UUUFF", "rejected", "rejected", "3 of 5 unfavourable"],
  ["majority", "UUCFF", "changes_requested", "changes_requested", "3 against, only 2 unfavourable"],
  ["majority", "FF--", null, null, "even n: 2 of 4 favourable is not a majority"],
  ["majority", "FFU-", null, "changes_requested", "even n: undecided; closing keeps the objection"],
  ["majority", "FOCU", "changes_requested", "changes_requested", "even n, everyone decided, 2–2 tie: never approved"],
  ["majority", "FU", "changes_requested", "changes_requested", "two participants split"],
  ["majority", "FF", "approved", "approved", "two participants agree"],
  ["majority", "F", "approved", "approved", "a single participant"],
  // any: the first decision decides.
  ["any", "---", null, null, "no decisions"],
  ["any", "-O-", "approved_with_observations", "approved_with_observations", "one decided"],
  ["any", "U-F", "rejected", "rejected", "the first decided (p1 before p3)"],
  ["any", "CF", "changes_requested", "changes_requested", "the first decided, not the most favourable"],
];

describe("roundResult / isRoundMet / earlyCloseResult (the table)", () => {
  it.each(TABLE)("%s %s → %s (early close: %s) — %s", (rule, decisions, result, early) => {
    const participants = people(decisions.length);
    const standing = standingDecisions(historyOf(decisions));
    expect(roundResult(rule, participants, standing)).toBe(result);
    expect(isRoundMet(rule, participants, standing)).toBe(result !== null);
    expect(earlyCloseResult(rule, participants, standing)).toBe(early);
  });

  it("counts the standing decision after a change of mind, not the first one", () => {
    const participants = people(3);
    const history: RecordedDecision[] = [
      ...historyOf("UFF"),
      { participant: { userId: "p1" }, decision: "favorable_with_observations", at: "2026-01-01T11:00:00Z" },
    ];
    expect(roundResult("all", participants, standingDecisions(history))).toBe("approved_with_observations");
    // …and the other way: a favourable decision replaced by an unfavourable one.
    const worse = [...historyOf("FFF"), { participant: { userId: "p2" }, decision: "unfavorable" as const, at: "2026-01-01T11:00:00Z" }];
    expect(roundResult("all", participants, standingDecisions(worse))).toBe("rejected");
    expect(roundResult("majority", participants, standingDecisions(worse))).toBe("approved");
  });

  it("ignores decisions of people who are not participants, and an empty round has no result", () => {
    const standing = standingDecisions([{ participant: { userId: "stranger" }, decision: "unfavorable", at: "2026-01-01T10:00:00Z" }, ...historyOf("FF")]);
    expect(roundResult("all", people(2), standing)).toBe("approved");
    expect(roundResult("any", [], standing)).toBeNull();
    expect(earlyCloseResult("majority", [], standing)).toBeNull();
  });

  it("mixes people and agencies as participants", () => {
    const participants: ReviewParticipant[] = [{ userId: "r1" }, { orgId: "agency" }];
    const standing = standingDecisions([
      { participant: { orgId: "agency" }, decision: "favorable_with_observations", at: "2026-01-01T10:00:00Z" },
      { participant: { userId: "r1" }, decision: "favorable", at: "2026-01-01T10:05:00Z" },
    ]);
    expect(roundResult("all", participants, standing)).toBe("approved_with_observations");
  });
});

describe("standingDecisions", () => {
  it("keeps the newest decision per participant, whatever the order of the history", () => {
    const history: RecordedDecision[] = [
      { participant: { userId: "a" }, decision: "unfavorable", at: "2026-01-02T00:00:00Z" },
      { participant: { userId: "a" }, decision: "favorable", at: "2026-01-01T00:00:00Z" },
      { participant: { orgId: "a" }, decision: "changes_requested", at: "2026-01-01T00:00:00Z" },
    ];
    const standing = standingDecisions(history);
    expect(standing.size).toBe(2);
    expect(standing.get("user:a")?.decision).toBe("unfavorable");
    expect(standing.get("org:a")?.decision).toBe("changes_requested");
  });

  it("at the same moment, the later entry of the history wins", () => {
    const at = "2026-01-01T00:00:00Z";
    const standing = standingDecisions<RecordedDecision>([
      { participant: { userId: "a" }, decision: "favorable", at },
      { participant: { userId: "a" }, decision: "changes_requested", at },
    ]);
    expect(standing.get(participantKey({ userId: "a" }))?.decision).toBe("changes_requested");
  });
});

// ---------------------------------------------------------------------------------------------
// Who answers for whom

describe("answerableParticipants / canDecide / decisionTarget", () => {
  const round: ReviewParticipant[] = [{ userId: "named" }, { orgId: "agency" }];
  const actor = (userId: string, orgId: string, role: ReviewActor["role"]): ReviewActor => ({ userId, orgId, role });

  it.each<[string, ReviewActor, ReviewParticipant[]]>([
    ["a named reviewer answers for themselves", actor("named", "other", "reviewer"), [{ userId: "named" }]],
    ["a named reviewer who belongs to a participating agency answers for both", actor("named", "agency", "reviewer"), round],
    ["a named person who is not a reviewer nor in a participating agency cannot decide", actor("named", "other", "editor"), []],
    ["a named person in a participating agency decides whatever their role", actor("named", "agency", "viewer"), round],
    ["a named person without a project role cannot decide", actor("named", "agency", null), []],
    ["an agency member with any project role answers for the agency", actor("x", "agency", "commenter"), [{ orgId: "agency" }]],
    ["an agency's owner-member answers for the agency", actor("x", "agency", "owner"), [{ orgId: "agency" }]],
    ["an agency member who is not in the project cannot", actor("x", "agency", null), []],
    ["a reviewer who is not a participant cannot", actor("x", "other", "reviewer"), []],
    ["an owner outside the participants cannot", actor("x", "other", "owner"), []],
  ])("%s", (_, who, expected) => {
    expect(answerableParticipants(who, round)).toEqual(expected);
    expect(canDecide(who, round)).toBe(expected.length > 0);
  });

  it("only reviewers can decide if the round names people only", () => {
    const named: ReviewParticipant[] = [{ userId: "x" }];
    for (const role of PROJECT_ROLES) expect(canDecide(actor("x", "o", role), named)).toBe(role === "reviewer");
  });

  it("targets the named person first, the agency when asked or when not named", () => {
    const both = actor("named", "agency", "reviewer");
    expect(decisionTarget(both, round)).toEqual({ userId: "named" });
    expect(decisionTarget(both, round, "agency")).toEqual({ orgId: "agency" });
    expect(decisionTarget(actor("x", "agency", "editor"), round)).toEqual({ orgId: "agency" });
    expect(decisionTarget(actor("x", "agency", "editor"), round, "another")).toBeNull();
    expect(decisionTarget(actor("x", "other", "reviewer"), round)).toBeNull();
  });

  it("is pending for a person while a participant they answer for has not decided", () => {
    const both = actor("named", "agency", "reviewer");
    expect(pendingFor(both, round, new Map())).toEqual(round);
    const agencyAnswered = standingDecisions([{ participant: { orgId: "agency" }, decision: "favorable", at: "2026-01-01T00:00:00Z" }]);
    expect(pendingFor(both, round, agencyAnswered)).toEqual([{ userId: "named" }]);
    expect(pendingFor(actor("x", "agency", "editor"), round, agencyAnswered)).toEqual([]);
    expect(pendingFor(actor("x", "other", "owner"), round, new Map())).toEqual([]);
  });

  it("names only people who could then decide", () => {
    expect(canBeNamedReviewer(actor("r", "o", "reviewer"), [])).toBe(true);
    expect(canBeNamedReviewer(actor("e", "o", "editor"), [])).toBe(false);
    expect(canBeNamedReviewer(actor("e", "agency", "editor"), [{ orgId: "agency" }])).toBe(true);
    expect(canBeNamedReviewer(actor("n", "agency", null), [{ orgId: "agency" }])).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Requests

describe("reviewCreateSchema", () => {
  const u1 = "0b4bd1a2-58b1-4c6f-9d5f-3b2f1f5b8a01";
  const u2 = "0b4bd1a2-58b1-4c6f-9d5f-3b2f1f5b8a02";

  it("accepts people and agencies, a rule and an optional due date", () => {
    expect(issuesOf(reviewCreateSchema, { participants: [{ userId: u1 }, { orgId: u1 }], rule: "all" })).toEqual([]);
    expect(issuesOf(reviewCreateSchema, { participants: [{ orgId: u2 }], rule: "any", dueAt: "2026-12-01T17:00:00-06:00" })).toEqual([]);
    expect(issuesOf(reviewCreateSchema, { participants: [{ orgId: u2 }], rule: "any", supersede: true })).toEqual([]);
    expect(issuesOf(reviewCreateSchema, { participants: [{ orgId: u2 }], rule: "any", supersede: "sí" })).toEqual([{ path: "supersede", code: "invalid_type" }]);
  });

  it.each<[string, unknown, { path: string; code: string }[]]>([
    ["no participants", { participants: [], rule: "all" }, [{ path: "participants", code: "too_few" }]],
    ["the same person twice", { participants: [{ userId: u1 }, { userId: u1 }], rule: "all" }, [{ path: "participants", code: "duplicates" }]],
    ["an unknown rule", { participants: [{ userId: u1 }], rule: "unanimous" }, [{ path: "rule", code: "invalid_option" }]],
    ["a missing rule", { participants: [{ userId: u1 }] }, [{ path: "rule", code: "required" }]],
    ["a date without time", { participants: [{ userId: u1 }], rule: "all", dueAt: "2026-12-01" }, [{ path: "dueAt", code: "invalid_format" }]],
    ["a participant that is not an id", { participants: [{ userId: "ana" }], rule: "all" }, [{ path: "participants.0.userId", code: "invalid_id" }]],
    ["a participant that is both", { participants: [{ userId: u1, orgId: u2 }], rule: "all" }, [{ path: "participants.0", code: "invalid_option" }]],
  ])("refuses %s", (_, value, expected) => {
    expect(issuesOf(reviewCreateSchema, value)).toEqual(expected);
  });

  it("refuses more than the maximum of participants", () => {
    const participants = Array.from({ length: REVIEW_MAX_PARTICIPANTS + 1 }, (_, i) => ({ userId: `0b4bd1a2-58b1-4c6f-9d5f-${String(i).padStart(12, "0")}` }));
    expect(issuesOf(reviewCreateSchema, { participants, rule: "majority" })).toEqual([{ path: "participants", code: "too_many" }]);
  });
});

describe("reviewDecisionSchema", () => {
  it("needs a reason for everything but a plain favorable", () => {
    expect(issuesOf(reviewDecisionSchema, { decision: "favorable" })).toEqual([]);
    for (const decision of REVIEW_DECISIONS.filter((d) => d !== "favorable")) {
      expect(issuesOf(reviewDecisionSchema, { decision })).toEqual([{ path: "reason", code: "required" }]);
      expect(issuesOf(reviewDecisionSchema, { decision, reason: "   " })).toEqual([{ path: "reason", code: "required" }]);
      expect(issuesOf(reviewDecisionSchema, { decision, reason: "Falta el estudio de impacto vial." })).toEqual([]);
    }
  });

  it("bounds conditions, checks ids and refuses unknown fields", () => {
    expect(issuesOf(reviewDecisionSchema, { decision: "favorable", conditions: "x".repeat(2001) })).toEqual([{ path: "conditions", code: "too_long" }]);
    expect(issuesOf(reviewDecisionSchema, { decision: "favorable", forOrgId: "obras-publicas" })).toEqual([{ path: "forOrgId", code: "invalid_id" }]);
    expect(issuesOf(reviewDecisionSchema, { decision: "approved" })).toEqual([{ path: "decision", code: "invalid_option" }]);
    expect(issuesOf(reviewDecisionSchema, { decision: "favorable", signedBy: "x" })).toEqual([{ path: "", code: "unknown_field" }]);
  });
});
