import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, events, notifications, reviewDecisions, reviewParticipants, reviewRounds } from "@taller/db";
import { and, asc, eq, sql } from "@taller/db/sql";
import { dbError } from "@taller/db/testing";
import type { ApiClient } from "../support/api-client";
import { makeOrg, startTestApp, type TestApp } from "../support/app";
import { projectWithRoles, ROLES, type ProjectWithRoles, type Role, type Someone } from "../support/project-roles";

/**
 * Review rounds through the real app (in process, real database): who may submit, decide, close,
 * read and list (every role, admins and outsiders), agencies answered by any of their members with
 * a project role, the history of changed decisions, the rules' results (`all`, `majority`, `any`),
 * superseding, notifications, events and audit, the due reminders, and the immutability the
 * database itself enforces.
 */

let t: TestApp;
let projectId: string;
let clients: ProjectWithRoles["clients"];
let ids: ProjectWithRoles["ids"];
let orgs: ProjectWithRoles["orgs"];

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Rows of every table a review request may write to. */
async function writes() {
  const count = async (table: typeof reviewRounds | typeof reviewParticipants | typeof reviewDecisions | typeof notifications | typeof auditLog | typeof events) =>
    Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);
  return {
    rounds: await count(reviewRounds),
    participants: await count(reviewParticipants),
    decisions: await count(reviewDecisions),
    notifications: await count(notifications),
    audit: await count(auditLog),
    events: await count(events),
  };
}

let docs = 0;
/** A new study with `n` frozen versions (v1…vn), oldest first. */
async function documentWithVersions(n: number): Promise<{ documentId: string; versions: { id: string; number: number; name: string }[] }> {
  const doc = await clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: `Estudio ${++docs}` });
  expect(doc.status).toBe(201);
  const versions = [];
  for (let i = 1; i <= n; i++) {
    const v = await clients.editor.post(`/api/documents/${doc.body.id}/versions`, { name: `Entrega ${i}` });
    expect(v.status).toBe(201);
    versions.push(v.body);
  }
  return { documentId: doc.body.id, versions };
}

async function submit(as: ApiClient, versionId: string, body: Record<string, unknown>) {
  const res = await as.post(`/api/versions/${versionId}/reviews`, body);
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A fresh round on a fresh document's v1. */
async function round(body: Record<string, unknown>, as: ApiClient = clients.editor) {
  const { versions } = await documentWithVersions(1);
  return submit(as, versions[0]!.id, body);
}

async function decide(as: ApiClient, reviewId: string, body: Record<string, unknown>) {
  const res = await as.post(`/api/reviews/${reviewId}/decisions`, body);
  if (res.status !== 201) throw new Error(`decide: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The notifications about a round: who, which kind (sorted). */
async function notified(reviewId: string) {
  const rows = await t.database.db.select({ userId: notifications.userId, kind: notifications.kind }).from(notifications).where(eq(notifications.reviewId, reviewId));
  return rows.map((r) => `${r.kind}:${r.userId}`).sort();
}
const note = (kind: string, ...who: Someone[]) => who.map((w) => `${kind}:${ids[w]}`);

beforeAll(async () => {
  t = await startTestApp();
  ({ projectId, clients, ids, orgs } = await projectWithRoles(t));
});

afterAll(async () => {
  await t?.close();
});

describe("who may submit, read and list", () => {
  it("lets owners and editors submit; other members and admins 403; non-members 404; refusals write nothing", async () => {
    const expected: Record<Role, number> = { owner: 201, editor: 201, commenter: 403, reviewer: 403, viewer: 403, admin: 403, outsider: 404 };
    for (const role of ROLES) {
      const { versions } = await documentWithVersions(1);
      const before = await writes();
      const res = await clients[role].post(`/api/versions/${versions[0]!.id}/reviews`, { participants: [{ userId: ids.reviewer }], rule: "all" });
      expect(res.status, role).toBe(expected[role]);
      if (res.status === 403) expect(res.body.error.code).toBe("forbidden");
      if (res.status === 404) expect(res.body.error.code).toBe("version_not_found");
      if (res.status !== 201) expect(await writes(), role).toEqual(before);
    }
  });

  it("lets every member and admins read a round and the project's rounds; non-members 404", async () => {
    const review = await round({ participants: [{ userId: ids.reviewer }], rule: "all" });
    for (const role of ROLES) {
      const one = await clients[role].get(`/api/reviews/${review.id}`);
      const list = await clients[role].get(`/api/projects/${projectId}/reviews`);
      if (role === "outsider") {
        expect([one.status, one.body.error.code]).toEqual([404, "review_not_found"]);
        expect([list.status, list.body.error.code]).toEqual([404, "project_not_found"]);
      } else {
        expect(one.status, role).toBe(200);
        expect(one.body.id).toBe(review.id);
        expect(list.status, role).toBe(200);
        expect(list.body.reviews.map((r: { id: string }) => r.id), role).toContain(review.id);
      }
    }
    expect((await clients.owner.get("/api/reviews/00000000-0000-4000-8000-000000000000")).body.error.code).toBe("review_not_found");
    expect((await clients.owner.get("/api/reviews/no-es-uuid")).status).toBe(404);
  });
});

describe("the issue's round: a reviewer and an agency under `all`", () => {
  it("answers the round's shape, asks the right people, refuses everyone else, and closes approved_with_observations", async () => {
    const { documentId, versions } = await documentWithVersions(2);
    const v2 = versions[1]!;
    const dueAt = inDays(5);
    const created = await clients.editor.post(`/api/versions/${v2.id}/reviews`, { participants: [{ userId: ids.reviewer }, { orgId: orgs.op.id }], rule: "all", dueAt });
    expect(created.status).toBe(201);
    const reviewId: string = created.body.id;
    const implan = { id: orgs.implan.id, name: "Instituto Municipal de Planeación", shortName: "IMPLAN" };
    const op = { id: orgs.op.id, name: "Dirección de Obra Pública", shortName: "OP" };
    expect(created.body).toEqual({
      id: expect.any(String),
      projectId,
      versionId: v2.id,
      version: { id: v2.id, number: 2, name: "Entrega 2", documentId, documentTitle: expect.stringMatching(/^Estudio /), documentKind: "text", sha256: expect.stringMatching(/^[0-9a-f]{64}$/), createdAt: expect.any(String) },
      lastApproved: null,
      rule: "all",
      dueAt: new Date(dueAt).toISOString(),
      overdue: false,
      status: "open",
      result: null,
      closeReason: null,
      closedAt: null,
      closedBy: null,
      supersededBy: null,
      createdAt: expect.any(String),
      createdBy: { id: ids.editor, name: "Andrés Solís", org: implan },
      participants: [
        { key: `user:${ids.reviewer}`, userId: ids.reviewer, person: { id: ids.reviewer, name: "Rosa Vega", org: implan }, decision: null },
        { key: `org:${orgs.op.id}`, orgId: orgs.op.id, org: op, decision: null },
      ],
      decisions: [],
      // The editor submitted it: they may close it, and answer for nobody.
      mine: { answerable: [], pending: [], canClose: true },
    });
    // Asked: the named reviewer and the agency's member with a role (not the outsider from OP, who is no member).
    expect(await notified(reviewId)).toEqual([...note("review_requested", "reviewer", "agency")].sort());
    expect((await clients.reviewer.get(`/api/reviews/${reviewId}`)).body.mine).toEqual({ answerable: [`user:${ids.reviewer}`], pending: [`user:${ids.reviewer}`], canClose: false });
    expect((await clients.agency.get(`/api/reviews/${reviewId}`)).body.mine).toEqual({ answerable: [`org:${orgs.op.id}`], pending: [`org:${orgs.op.id}`], canClose: false });
    expect((await clients.owner.get(`/api/reviews/${reviewId}`)).body.mine).toEqual({ answerable: [], pending: [], canClose: true });

    // Everyone who answers for no participant: 403 (admins too), non-members 404, nothing written.
    const refusals: Record<string, number> = { owner: 403, editor: 403, commenter: 403, viewer: 403, admin: 403, outsider: 404 };
    for (const [role, status] of Object.entries(refusals)) {
      const before = await writes();
      const res = await clients[role as Role].post(`/api/reviews/${reviewId}/decisions`, { decision: "favorable" });
      expect([res.status, res.body.error.code], role).toEqual([status, status === 403 ? "forbidden" : "review_not_found"]);
      expect(await writes(), role).toEqual(before);
    }
    // A reviewer may not answer for an agency they do not belong to.
    const notTheirs = await clients.reviewer.post(`/api/reviews/${reviewId}/decisions`, { decision: "favorable", forOrgId: orgs.op.id });
    expect([notTheirs.status, notTheirs.body.error.code]).toEqual([403, "forbidden"]);

    // The agency's dictamen, signed by its member.
    const first = await decide(clients.agency, reviewId, { decision: "favorable_with_observations", reason: "Falta el aforo vehicular.", conditions: "Entregar el aforo antes de la licitación." });
    expect(first).toMatchObject({ status: "open", result: null });
    expect(first.decisions).toEqual([
      {
        id: expect.any(String),
        participantKey: `org:${orgs.op.id}`,
        by: { id: ids.agency, name: "Jorge Ibarra", org: op },
        forOrg: op,
        decision: "favorable_with_observations",
        reason: "Falta el aforo vehicular.",
        conditions: "Entregar el aforo antes de la licitación.",
        at: expect.any(String),
        standing: true,
        // Not taken in a meeting (issue 13).
        meeting: null,
      },
    ]);
    expect(first.participants[1].decision).toEqual(first.decisions[0]);
    expect(first.mine).toEqual({ answerable: [`org:${orgs.op.id}`], pending: [], canClose: false });
    // The submitter and the owner hear of it.
    expect(await notified(reviewId)).toEqual([...note("review_requested", "reviewer", "agency"), ...note("review_decided", "editor", "owner")].sort());

    const closed = await decide(clients.reviewer, reviewId, { decision: "favorable" });
    expect(closed).toMatchObject({
      status: "closed",
      result: "approved_with_observations",
      closeReason: "rule_met",
      closedBy: { id: ids.reviewer },
      closedAt: expect.any(String),
      mine: { answerable: [], pending: [], canClose: false },
    });
    expect(closed.decisions.map((d: { by: { id: string }; forOrg: unknown; standing: boolean }) => [d.by.id, d.forOrg !== null, d.standing])).toEqual([
      [ids.agency, true, true],
      [ids.reviewer, false, true],
    ]);
    // The close reaches the submitter and the people who answer (not the decider); the owner heard of the decision.
    expect(await notified(reviewId)).toEqual(
      [...note("review_requested", "reviewer", "agency"), ...note("review_decided", "editor", "owner"), ...note("review_decided", "owner"), ...note("review_closed", "editor", "agency")].sort(),
    );

    // Closed: no more decisions, no second close, nothing written.
    const before = await writes();
    const late = await clients.agency.post(`/api/reviews/${reviewId}/decisions`, { decision: "unfavorable", reason: "Cambio de opinión." });
    expect([late.status, late.body.error.code]).toEqual([409, "review_closed"]);
    const again = await clients.owner.post(`/api/reviews/${reviewId}/close`, {});
    expect([again.status, again.body.error.code]).toEqual([409, "review_closed"]);
    expect(await writes()).toEqual(before);

    // Audited, and on the project's stream with the ids the web app refreshes by (never the reason).
    const audited = await t.database.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.subjectId, reviewId)).orderBy(asc(auditLog.id));
    expect(audited.map((a) => a.action)).toEqual(["review.submitted", "review.decided", "review.decided", "review.closed"]);
    const streamed = await t.database.db
      .select({ type: events.type, data: events.data })
      .from(events)
      .where(and(eq(events.stream, `project:${projectId}`), sql`${events.data}->>'reviewId' = ${reviewId}`))
      .orderBy(asc(events.seq));
    expect(streamed.map((e) => e.type)).toEqual(["review.submitted", "review.decided", "review.decided", "review.closed"]);
    for (const e of streamed) expect(e.data).toMatchObject({ reviewId, versionId: v2.id, documentId, subjectType: "review" });
    expect(JSON.stringify(streamed)).not.toContain("aforo");

    // The version list shows the round's outcome.
    const { versions: listed } = (await clients.viewer.get(`/api/documents/${documentId}/versions`)).body;
    expect(listed.map((v: { number: number; latestReview: unknown }) => [v.number, v.latestReview])).toEqual([
      [2, { id: reviewId, status: "closed", result: "approved_with_observations", closeReason: "rule_met" }],
      [1, null],
    ]);
    expect((await clients.viewer.get(`/api/versions/${v2.id}`)).body.latestReview).toMatchObject({ id: reviewId, status: "closed" });
  });
});

describe("agencies, changes of mind and the rules", () => {
  it("lets any member of an agency with a project role answer for it, keeps the history of a change of mind, and closes a tied `majority` as changes_requested", async () => {
    const review = await round({ participants: [{ orgId: orgs.ma.id }, { orgId: orgs.op.id }], rule: "majority" });
    const ma = `org:${orgs.ma.id}`;
    // The viewer of MA answers for MA…
    const first = await decide(clients.viewer, review.id, { decision: "favorable" });
    expect(first.decisions[0]).toMatchObject({ participantKey: ma, by: { id: ids.viewer, name: "Iván Ruiz" }, forOrg: { shortName: "MA" }, decision: "favorable", standing: true });
    // …and MA's commenter changes the agency's mind: a new decision, the earlier one kept, no longer standing.
    const second = await decide(clients.commenter, review.id, { decision: "changes_requested", reason: "Falta el estudio de arbolado." });
    expect(second.status).toBe("open");
    expect(second.decisions.map((d: { by: { id: string }; decision: string; standing: boolean }) => [d.by.id, d.decision, d.standing])).toEqual([
      [ids.viewer, "favorable", false],
      [ids.commenter, "changes_requested", true],
    ]);
    expect(second.participants[0].decision).toMatchObject({ by: { id: ids.commenter }, decision: "changes_requested" });
    // OP favourable: one for, one against, everyone answered, no majority either way → changes requested.
    const closed = await decide(clients.agency, review.id, { decision: "favorable" });
    expect(closed).toMatchObject({ status: "closed", result: "changes_requested", closeReason: "rule_met" });
    expect(closed.decisions).toHaveLength(3);
  });

  it("closes an `any` round with its first decision; a simultaneous second one finds it closed", async () => {
    const review = await round({ participants: [{ userId: ids.reviewer }, { orgId: orgs.op.id }], rule: "any" });
    const [a, b] = await Promise.all([
      clients.reviewer.post(`/api/reviews/${review.id}/decisions`, { decision: "unfavorable", reason: "El trazo invade el área natural." }),
      clients.agency.post(`/api/reviews/${review.id}/decisions`, { decision: "favorable" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const now = (await clients.owner.get(`/api/reviews/${review.id}`)).body;
    expect(now.status).toBe("closed");
    expect(now.decisions).toHaveLength(1);
    expect(now.result).toBe(now.decisions[0].decision === "favorable" ? "approved" : "rejected");
  });

  it("answers for the agency when asked (forOrgId) and approves a `majority` once most are favourable", async () => {
    const review = await round({ participants: [{ userId: ids.reviewer }, { orgId: orgs.implan.id }, { orgId: orgs.op.id }], rule: "majority" });
    expect((await clients.reviewer.get(`/api/reviews/${review.id}`)).body.mine.answerable).toEqual([`user:${ids.reviewer}`, `org:${orgs.implan.id}`]);
    const own = await decide(clients.reviewer, review.id, { decision: "favorable" });
    expect(own.decisions[0]).toMatchObject({ participantKey: `user:${ids.reviewer}`, forOrg: null });
    const forImplan = await decide(clients.reviewer, review.id, { decision: "favorable_with_observations", reason: "Ajustar la sección.", forOrgId: orgs.implan.id });
    expect(forImplan.decisions[1]).toMatchObject({ participantKey: `org:${orgs.implan.id}`, by: { id: ids.reviewer }, forOrg: { shortName: "IMPLAN" } });
    expect(forImplan).toMatchObject({ status: "closed", result: "approved_with_observations", closeReason: "rule_met" });
  });
});

describe("closing early", () => {
  it("lets the submitter (while they may submit) and owners close; everyone else 403, non-members 404", async () => {
    const byEditor = await round({ participants: [{ userId: ids.reviewer }, { orgId: orgs.op.id }], rule: "all" });
    await decide(clients.agency, byEditor.id, { decision: "changes_requested", reason: "Falta el drenaje pluvial." });
    for (const [role, status] of [["commenter", 403], ["reviewer", 403], ["viewer", 403], ["admin", 403], ["outsider", 404]] as const) {
      const before = await writes();
      const res = await clients[role].post(`/api/reviews/${byEditor.id}/close`, {});
      expect(res.status, role).toBe(status);
      expect(await writes(), role).toEqual(before);
    }
    const closed = await clients.editor.post(`/api/reviews/${byEditor.id}/close`, {});
    expect(closed.status).toBe(200);
    // Under `all` an objection on record stands: the early close keeps it.
    expect(closed.body).toMatchObject({ status: "closed", closeReason: "closed_early", result: "changes_requested", closedBy: { id: ids.editor } });
    expect(await notified(byEditor.id)).toEqual(
      [...note("review_requested", "reviewer", "agency"), ...note("review_decided", "editor", "owner"), ...note("review_closed", "reviewer", "agency")].sort(),
    );

    const byOwner = await round({ participants: [{ userId: ids.reviewer }], rule: "all" }, clients.owner);
    const notSubmitter = await clients.editor.post(`/api/reviews/${byOwner.id}/close`, {});
    expect([notSubmitter.status, notSubmitter.body.error.code]).toEqual([403, "forbidden"]);
    const unanswered = await clients.editor.post(`/api/reviews/${byEditor.id}/close`, {});
    expect(unanswered.status).toBe(409);
    const owner = await round({ participants: [{ userId: ids.reviewer }], rule: "any" });
    const res = await clients.owner.post(`/api/reviews/${owner.id}/close`, {});
    // Nothing decided: closed without a result (never «aprobada» by closing).
    expect(res.body).toMatchObject({ status: "closed", closeReason: "closed_early", result: null });
  });
});

describe("versions of one document", () => {
  it("refuses a second open round unless the newer version supersedes it explicitly; an older version is outdated", async () => {
    const { versions } = await documentWithVersions(3);
    const [v1, v2, v3] = [versions[0]!, versions[1]!, versions[2]!];
    const first = await submit(clients.editor, v1.id, { participants: [{ userId: ids.reviewer }], rule: "all" });
    const body = { participants: [{ userId: ids.reviewer }], rule: "all" };

    let before = await writes();
    const same = await clients.editor.post(`/api/versions/${v1.id}/reviews`, { ...body, supersede: true });
    expect([same.status, same.body.error.code, same.body.error.details.reviewId]).toEqual([409, "review_open", first.id]);
    const implicit = await clients.editor.post(`/api/versions/${v2.id}/reviews`, body);
    expect([implicit.status, implicit.body.error.code, implicit.body.error.details.reviewId]).toEqual([409, "review_open", first.id]);
    expect(await writes()).toEqual(before);

    const second = await submit(clients.editor, v2.id, { ...body, supersede: true });
    const old = (await clients.viewer.get(`/api/reviews/${first.id}`)).body;
    expect(old).toMatchObject({ status: "closed", closeReason: "superseded", supersededBy: second.id, result: null, closedBy: { id: ids.editor } });
    expect(second).toMatchObject({ status: "open", supersededBy: null });

    before = await writes();
    const outdated = await clients.owner.post(`/api/versions/${v1.id}/reviews`, { ...body, supersede: true });
    expect([outdated.status, outdated.body.error.code, outdated.body.error.details.reviewId]).toEqual([409, "version_outdated", second.id]);
    expect(await writes()).toEqual(before);

    // v2 approved → a round on v3 names it as the last approved version.
    await decide(clients.reviewer, second.id, { decision: "favorable" });
    const third = await submit(clients.editor, v3.id, body);
    expect(third.lastApproved).toEqual({ id: v2.id, number: 2, name: "Entrega 2" });
  });
});

describe("bad input", () => {
  it("refuses invalid participants, rules, dates and decisions with 400 and writes nothing", async () => {
    const { versions } = await documentWithVersions(1);
    const noMembers = await makeOrg(t, "SIN", "Dirección sin miembros");
    const unknown = "00000000-0000-4000-8000-000000000000";
    const cases: [Record<string, unknown>, string, unknown?][] = [
      [{ participants: [], rule: "all" }, "validation_failed"],
      [{ participants: [{ userId: ids.reviewer }, { userId: ids.reviewer }], rule: "all" }, "validation_failed"],
      [{ participants: [{ userId: ids.reviewer }], rule: "unanimous" }, "validation_failed"],
      [{ participants: [{ userId: ids.reviewer, orgId: orgs.op.id }], rule: "all" }, "validation_failed"],
      [{ participants: [{ userId: ids.reviewer }], rule: "all", dueAt: inDays(-1) }, "validation_failed", { issues: [{ path: "dueAt", code: "too_small" }] }],
      [{ participants: [{ userId: unknown }], rule: "all" }, "invalid_participant", { participants: [{ key: `user:${unknown}`, reason: "unknown" }] }],
      [{ participants: [{ orgId: unknown }], rule: "all" }, "invalid_participant", { participants: [{ key: `org:${unknown}`, reason: "unknown" }] }],
      // A viewer of an agency that does not take part could never answer; an outsider has no role.
      [{ participants: [{ userId: ids.viewer }, { userId: ids.outsider }], rule: "all" }, "invalid_participant", {
        participants: [
          { key: `user:${ids.viewer}`, reason: "cannot_answer" },
          { key: `user:${ids.outsider}`, reason: "cannot_answer" },
        ],
      }],
      [{ participants: [{ orgId: noMembers.id }], rule: "all" }, "invalid_participant", { participants: [{ key: `org:${noMembers.id}`, reason: "no_member" }] }],
    ];
    for (const [body, code, details] of cases) {
      const before = await writes();
      const res = await clients.editor.post(`/api/versions/${versions[0]!.id}/reviews`, body);
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([400, code]);
      if (details) expect(res.body.error.details).toEqual(details);
      expect(await writes()).toEqual(before);
    }
    // A viewer of a participating agency may be named (they answer for their agency).
    expect((await clients.editor.post(`/api/versions/${versions[0]!.id}/reviews`, { participants: [{ userId: ids.viewer }, { orgId: orgs.ma.id }], rule: "any" })).status).toBe(201);

    const review = await round({ participants: [{ userId: ids.reviewer }], rule: "all" });
    for (const body of [{ decision: "changes_requested" }, { decision: "unfavorable", reason: "   " }, { decision: "maybe" }, { decision: "favorable", extra: 1 }, { decision: "favorable", reason: "x".repeat(2001) }]) {
      const before = await writes();
      const res = await clients.reviewer.post(`/api/reviews/${review.id}/decisions`, body);
      expect([res.status, res.body.error.code], JSON.stringify(body).slice(0, 60)).toEqual([400, "validation_failed"]);
      expect(await writes()).toEqual(before);
    }
  });
});

describe("«pendiente para mí»", () => {
  it("lists open rounds pending for the reader across projects, and orders the project's rounds pending first", async () => {
    const later = await round({ participants: [{ userId: ids.reviewer }], rule: "all", dueAt: inDays(9) });
    const sooner = await round({ participants: [{ userId: ids.reviewer }, { orgId: orgs.op.id }], rule: "all", dueAt: inDays(2) });
    const mine = (await clients.reviewer.get("/api/me/pending-reviews")).body.reviews;
    const ours = mine.filter((r: { id: string }) => r.id === later.id || r.id === sooner.id);
    expect(ours.map((r: { id: string }) => r.id)).toEqual([sooner.id, later.id]);
    expect(ours[0]).toEqual({
      id: sooner.id,
      projectId,
      projectName: "Libramiento norte",
      version: { id: sooner.versionId, number: 1, name: "Entrega 1", documentId: sooner.version.documentId, documentTitle: sooner.version.documentTitle, documentKind: "text" },
      dueAt: sooner.dueAt,
      overdue: false,
      pending: [`user:${ids.reviewer}`],
    });
    await decide(clients.reviewer, sooner.id, { decision: "favorable" });
    const after = (await clients.reviewer.get("/api/me/pending-reviews")).body.reviews.map((r: { id: string }) => r.id);
    expect(after).toContain(later.id);
    expect(after).not.toContain(sooner.id);
    expect((await clients.agency.get("/api/me/pending-reviews")).body.reviews.map((r: { id: string }) => r.id)).toContain(sooner.id);
    expect((await clients.outsider.get("/api/me/pending-reviews")).body.reviews).toEqual([]);

    const listed = (await clients.reviewer.get(`/api/projects/${projectId}/reviews`)).body.reviews as {
      id: string;
      status: string;
      dueAt: string | null;
      closedAt: string | null;
      mine: { pending: string[] };
    }[];
    const group = (r: (typeof listed)[number]) => (r.status === "closed" ? 2 : r.mine.pending.length > 0 ? 0 : 1);
    const groups = listed.map(group);
    expect(groups).toEqual([...groups].sort());
    const due = (r: (typeof listed)[number]) => (r.dueAt ? Date.parse(r.dueAt) : Infinity);
    for (let i = 1; i < listed.length; i++) {
      const [a, b] = [listed[i - 1]!, listed[i]!];
      if (group(a) !== group(b)) continue;
      if (group(a) < 2) expect(due(a)).toBeLessThanOrEqual(due(b));
      else expect(Date.parse(a.closedAt!)).toBeGreaterThanOrEqual(Date.parse(b.closedAt!));
    }
    expect(listed.findIndex((r) => r.id === later.id)).toBeLessThan(listed.findIndex((r) => r.id === sooner.id));
  });
});

describe("due reminders", () => {
  it("notifies the people still pending once, when the round is due within a day", async () => {
    const soon = await round({ participants: [{ userId: ids.reviewer }, { orgId: orgs.op.id }, { orgId: orgs.ma.id }], rule: "all", dueAt: new Date(Date.now() + 3_600_000).toISOString() });
    const far = await round({ participants: [{ userId: ids.reviewer }], rule: "all", dueAt: inDays(3) });
    await decide(clients.agency, soon.id, { decision: "favorable" });
    await t.deps.dueReminders.sweep();
    const dueOf = async (reviewId: string) => (await notified(reviewId)).filter((n) => n.startsWith("review_due:"));
    // OP answered; the reviewer and both members of MA have not.
    expect(await dueOf(soon.id)).toEqual(note("review_due", "reviewer", "commenter", "viewer").sort());
    expect(await dueOf(far.id)).toEqual([]);
    await t.deps.dueReminders.sweep();
    expect(await dueOf(soon.id)).toHaveLength(3);
    // Two days later the far round is due within a day too (the sweep is given its clock).
    await t.deps.dueReminders.sweep(new Date(Date.now() + 2.5 * 86_400_000));
    expect(await dueOf(far.id)).toEqual(note("review_due", "reviewer"));

    const inbox = (await clients.viewer.get("/api/notifications")).body.items.find((n: { kind: string; review: { id: string } | null }) => n.kind === "review_due" && n.review?.id === soon.id);
    expect(inbox).toEqual({
      id: expect.any(String),
      kind: "review_due",
      createdAt: expect.any(String),
      readAt: null,
      project: { id: projectId, name: "Libramiento norte" },
      document: { id: soon.version.documentId, title: soon.version.documentTitle, kind: "text" },
      thread: null,
      review: { id: soon.id, versionNumber: 1, versionName: "Entrega 1", dueAt: soon.dueAt },
      meeting: null,
      actor: null,
      link: `/projects/${projectId}/reviews/${soon.id}`,
    });
    const requested = (await clients.reviewer.get("/api/notifications")).body.items.find((n: { kind: string; review: { id: string } | null }) => n.kind === "review_requested" && n.review?.id === soon.id);
    expect(requested).toMatchObject({ thread: null, review: { id: soon.id, dueAt: soon.dueAt }, actor: { id: ids.editor } });
    const decided = (await clients.editor.get("/api/notifications")).body.items.find((n: { kind: string; review: { id: string } | null }) => n.kind === "review_decided" && n.review?.id === soon.id);
    expect(decided).toMatchObject({ review: { id: soon.id, versionNumber: 1, decision: "favorable" }, actor: { id: ids.agency } });
  });
});

describe("immutability in the database", () => {
  it("refuses decisions into a closed round, changes to a closed round, and removing rounds, participants or decisions", async () => {
    const review = await round({ participants: [{ userId: ids.reviewer }], rule: "any" });
    await decide(clients.reviewer, review.id, { decision: "favorable" });
    const insert = await dbError(() =>
      t.database.db.execute(sql`INSERT INTO review_decisions (round_id, user_id, decided_by, decision) VALUES (${review.id}, ${ids.reviewer}, ${ids.reviewer}, 'unfavorable')`),
    );
    expect([insert.code, insert.message]).toEqual(["42501", `review_decisions: review round ${review.id} is closed`]);
    const update = await dbError(() => t.database.db.execute(sql`UPDATE review_rounds SET result = 'rejected' WHERE id = ${review.id}`));
    expect([update.code, update.message]).toEqual(["42501", `review_rounds: round ${review.id} is closed and cannot change`]);
    for (const statement of [
      sql`DELETE FROM review_rounds WHERE id = ${review.id}`,
      sql`DELETE FROM review_decisions WHERE round_id = ${review.id}`,
      sql`UPDATE review_decisions SET decision = 'unfavorable' WHERE round_id = ${review.id}`,
      sql`DELETE FROM review_participants WHERE round_id = ${review.id}`,
      sql`TRUNCATE review_decisions CASCADE`,
      sql`TRUNCATE review_rounds CASCADE`,
    ]) {
      expect((await dbError(() => t.database.db.execute(statement))).code).toBe("42501");
    }
    // An open round: what it asked never changes; it may only be closed or reminded.
    const open = await round({ participants: [{ userId: ids.reviewer }], rule: "all" });
    const rule = await dbError(() => t.database.db.execute(sql`UPDATE review_rounds SET rule = 'any' WHERE id = ${open.id}`));
    expect([rule.code, rule.message]).toEqual(["42501", "review_rounds: only closing a round or noting its due reminder is allowed"]);
    const after = (await clients.owner.get(`/api/reviews/${review.id}`)).body;
    expect(after).toMatchObject({ status: "closed", result: "approved", decisions: [{ decision: "favorable" }] });
    expect((await clients.owner.get(`/api/reviews/${open.id}`)).body.rule).toBe("all");
  });
});
