import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { canDecide, DomainError, pendingFor, participantKey, reviewCreateSchema, reviewDecisionSchema, standingDecisions, type Actor } from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv, ReviewEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { jsonBody } from "../http/validate";
import { closeRound, decide, submitRound } from "../commands/reviews";
import { loadReviews, openRoundsAsking, reviewActor, roundDecisions, roundParticipants } from "../queries/reviews";
import { isOverdue, orderReviews, presentReview } from "../presenters/reviews";
import type { Database } from "@taller/db";

/** One round as the reader sees it now. */
async function currentReview(db: Database, actor: Actor, roundId: string) {
  const listing = await loadReviews(db, { roundIds: [roundId] });
  const record = listing.records[0];
  if (!record) throw new Error(`review ${roundId} vanished`);
  const reader = { ...(await reviewActor(db, actor.userId, record.round.projectId)), isAdmin: actor.isAdmin };
  return presentReview(record, listing, reader, new Date());
}

/**
 * Review rounds: an owner or editor submits a version to named reviewers and/or whole agencies
 * under a rule; participants decide (a person for themselves, any member of a participating agency
 * for it); the round closes when its rule is met, when its owner closes it, or when a newer version
 * supersedes it. Every answer is the whole round as the reader sees it (`mine`: what they may do).
 */
export function reviewRoutes(deps: AppDeps) {
  const { db } = deps;
  const { versionAccess, reviewAccess, projectAccess } = accessGuards(db);

  /**
   * Deciding needs the reviewer role or membership of a participating agency (the domain's
   * `canDecide`): refused with 403 before the body is read, like every other refusal at the edge.
   * The command decides again under the round's lock.
   */
  const mayDecide = createMiddleware<ReviewEnv>(async (c, next) => {
    const { round } = c.get("access");
    const me = await reviewActor(db, c.get("actor").userId, round.projectId);
    if (!canDecide(me, await roundParticipants(db, round.id))) {
      throw new DomainError("forbidden", "Solo quien revisa el proyecto o un miembro de una dependencia participante puede decidir en esta revisión.", { reviewId: round.id });
    }
    await next();
  });

  return new Hono<AppEnv>()
    .post("/versions/:id/reviews", versionAccess("review.submit"), jsonBody(reviewCreateSchema), async (c) => {
      const round = await submitRound({ db, actor: c.get("actor"), access: c.get("access"), input: c.req.valid("json") });
      return c.json(await currentReview(db, c.get("actor"), round.id), 201);
    })
    .post("/reviews/:id/decisions", reviewAccess("document.read"), mayDecide, jsonBody(reviewDecisionSchema), async (c) => {
      const { round } = await decide({ db, actor: c.get("actor"), access: c.get("access"), input: c.req.valid("json") });
      return c.json(await currentReview(db, c.get("actor"), round.id), 201);
    })
    // No body is read (like reopening a thread): closing takes nothing but the round.
    .post("/reviews/:id/close", reviewAccess("document.read"), async (c) => {
      const round = await closeRound({ db, actor: c.get("actor"), access: c.get("access"), input: {} });
      return c.json(await currentReview(db, c.get("actor"), round.id));
    })
    .get("/reviews/:id", reviewAccess("document.read"), async (c) => {
      return c.json(await currentReview(db, c.get("actor"), c.get("access").round.id));
    })
    .get("/projects/:id/reviews", projectAccess("document.read"), async (c) => {
      const actor = c.get("actor");
      const { project } = c.get("access");
      const listing = await loadReviews(db, { projectId: project.id });
      const reader = { ...(await reviewActor(db, actor.userId, project.id)), isAdmin: actor.isAdmin };
      const now = new Date();
      return c.json({ reviews: orderReviews(listing.records.map((r) => presentReview(r, listing, reader, now))) });
    })
    // «Pendiente para mí» across the reader's projects: open rounds with a participant they answer
    // for that has not decided, due date ascending (undated last).
    .get("/me/pending-reviews", async (c) => {
      const actor = c.get("actor");
      const now = new Date();
      const rows = await openRoundsAsking(db, actor.userId);
      const reviews = [];
      for (const row of rows) {
        const participants = await roundParticipants(db, row.round.id);
        const standing = standingDecisions(await roundDecisions(db, row.round.id));
        const pending = pendingFor({ userId: actor.userId, orgId: row.orgId, role: row.role }, participants, standing).map(participantKey);
        if (pending.length === 0) continue;
        reviews.push({
          id: row.round.id,
          projectId: row.round.projectId,
          projectName: row.projectName,
          version: { ...row.version, documentTitle: row.document.title, documentKind: row.document.kind },
          dueAt: row.round.dueAt,
          overdue: isOverdue(row.round, now),
          pending,
        });
      }
      const time = (d: Date | null) => (d === null ? Number.POSITIVE_INFINITY : d.getTime());
      reviews.sort((a, b) => time(a.dueAt) - time(b.dueAt) || (a.id < b.id ? -1 : 1));
      return c.json({ reviews });
    });
}
