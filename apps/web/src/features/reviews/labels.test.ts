import { describe, expect, it } from "vitest";
import type { TFunction } from "i18next";
import { formattersFor } from "../../i18n/format";
import { closeReasonText, decidedCount, dueText, statusText } from "./labels";
import { reviewItemText } from "./inboxText";
import { candidates } from "./participants";

// The words come from the JSON files; these tests check which words are chosen (the key and its values).
const t = ((key: string, values?: Record<string, unknown>) => (values ? `${key} ${JSON.stringify(values)}` : key)) as unknown as TFunction<"reviews">;
const format = formattersFor("es-MX");
const person = { id: "u1", name: "Lucía Méndez Arriaga", org: { id: "o1", name: "Instituto Municipal de Planeación", shortName: "IMPLAN" } };

describe("a round in words", () => {
  it("never says approved unless the server's result does", () => {
    expect(statusText(t, { status: "open", result: null, closeReason: null })).toBe("status.open");
    expect(statusText(t, { status: "closed", result: null, closeReason: "closed_early" })).toBe("status.closedNoResult");
    expect(statusText(t, { status: "closed", result: null, closeReason: "superseded" })).toBe("status.superseded");
    expect(statusText(t, { status: "closed", result: "approved_with_observations", closeReason: "rule_met" })).toBe("result.approved_with_observations");
    expect(statusText(t, { status: "closed", result: "changes_requested", closeReason: "closed_early" })).toBe("result.changes_requested");
  });

  it("says why it closed and who closed it early", () => {
    expect(closeReasonText(t, { status: "open", closeReason: null, closedBy: null })).toBe("");
    expect(closeReasonText(t, { status: "closed", closeReason: "closed_early", closedBy: person })).toBe('closeReason.closed_early {"name":"Lucía Méndez Arriaga","org":"IMPLAN"}');
    expect(closeReasonText(t, { status: "closed", closeReason: "rule_met", closedBy: null })).toBe("closeReason.rule_met");
  });

  it("says an overdue round is overdue, in words", () => {
    expect(dueText(t, format, { dueAt: null, overdue: false })).toBe("due.none");
    expect(dueText(t, format, { dueAt: "2026-03-01T18:00:00Z", overdue: true })).toMatch(/^due\.overdue /);
    expect(dueText(t, format, { dueAt: "2026-03-01T18:00:00Z", overdue: false })).toMatch(/^due\.on /);
  });

  it("counts the participants with a standing decision", () => {
    expect(decidedCount({ participants: [{ decision: null }, { decision: {} }] } as never)).toEqual({ decided: 1, total: 2 });
  });
});

describe("review notifications in words", () => {
  const item = (kind: string, review: Record<string, unknown>) =>
    ({ kind, document: { id: "d", title: "Propuesta de estudio", kind: "text" }, review: { id: "r", versionNumber: 2, versionName: "Para revisión", ...review } }) as never;
  const now = new Date(2026, 10, 27, 12, 0);

  it("names the decision, the result and the due day", () => {
    expect(reviewItemText(t, format, item("review_decided", { decision: "favorable_with_observations" }), "Jorge (OP)", now)).toMatch(/^inbox\.review_decided .*inbox\.decisionWords\.favorable_with_observations/);
    expect(reviewItemText(t, format, item("review_closed", { result: null }), "x", now)).toMatch(/"result":"inbox\.noResult"/);
    expect(reviewItemText(t, format, item("review_due", { dueAt: new Date(2026, 10, 28, 9, 0).toISOString() }), "x", now)).toMatch(/"when":"inbox\.tomorrow"/);
    expect(reviewItemText(t, format, item("review_due", { dueAt: new Date(2026, 10, 27, 18, 0).toISOString() }), "x", now)).toMatch(/"when":"inbox\.today"/);
    expect(reviewItemText(t, format, item("review_due", { dueAt: new Date(2026, 10, 27, 9, 0).toISOString() }), "x", now)).toMatch(/^inbox\.review_overdue/);
    expect(reviewItemText(t, format, item("review_requested", { dueAt: null }), "Andrés (IMPLAN)", now)).toMatch(/^inbox\.review_requested .*"number":2/);
  });
});

describe("who may be asked for a review", () => {
  it("offers the reviewers by name and every agency with members, with how many", () => {
    const member = (userId: string, role: string, org: string) => ({ userId, role, name: userId, since: "", org: { id: org, name: org, shortName: org } });
    const { reviewers, orgs } = candidates([member("b", "reviewer", "MOV"), member("a", "editor", "IMPLAN"), member("c", "commenter", "OP"), member("d", "owner", "IMPLAN")] as never);
    expect(reviewers.map((m) => m.userId)).toEqual(["b"]);
    expect(orgs.map((o) => [o.org.id, o.count])).toEqual([
      ["IMPLAN", 2],
      ["MOV", 1],
      ["OP", 1],
    ]);
  });
});
