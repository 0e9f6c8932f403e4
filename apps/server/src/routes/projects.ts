import { Hono } from "hono";
import { z } from "zod";
import { and, asc, desc, eq, lt } from "@taller/db/sql";
import {
  can,
  DOCUMENT_KINDS,
  PROJECT_KINDS,
  PROJECT_ROLES,
  projectCreateSchema,
  projectPatchSchema,
  STAGES,
  stageChangeSchema,
} from "@taller/domain";
import { auditLog, documents, organizations, projectMembers, users } from "@taller/db";
import type { AppEnv } from "../http/env";
import { readJson, validate } from "../http/validate";
import { actorOf, authorizeProject } from "../queries/access";
import { listProjects, loadProjectView } from "../queries/projects";
import { changeStage, createProject, updateProject } from "../commands/projects";
import { addMember, changeMemberRole, removeMember } from "../commands/members";
import { createDocument } from "../commands/documents";
import { documentView } from "./documents";
import type { AppDeps } from "../app";

const listQuery = z.object({
  stage: z.enum(STAGES).optional(),
  kind: z.enum(PROJECT_KINDS).optional(),
  org: z.uuid().optional(),
  text: z.string().trim().max(200).optional(),
});

const memberSchema = z.strictObject({ userId: z.uuid(), role: z.enum(PROJECT_ROLES) });
const roleSchema = z.strictObject({ role: z.enum(PROJECT_ROLES) });
const documentSchema = z.strictObject({ kind: z.enum(DOCUMENT_KINDS), title: z.string().trim().min(1).max(200) });
const auditQuery = z.object({ before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

/** The portfolio and everything scoped to one project: fields, stage, members, documents, activity. */
export function projectRoutes(deps: AppDeps) {
  const { db, events } = deps;
  return new Hono<AppEnv>()
    .get("/", async (c) => {
      const filters = validate(listQuery, c.req.query());
      return c.json({ projects: await listProjects(db, actorOf(c.get("user")), filters) });
    })
    .post("/", async (c) => {
      const input = await readJson(c, projectCreateSchema);
      const project = await createProject(db, actorOf(c.get("user")), input);
      return c.json(await loadProjectView(db, project, "owner"), 201);
    })
    .get("/:id", async (c) => {
      const { project, role } = await authorizeProject(db, actorOf(c.get("user")), c.req.param("id"), "project.read");
      return c.json(await loadProjectView(db, project, role));
    })
    .patch("/:id", async (c) => {
      const actor = actorOf(c.get("user"));
      // Authorize before reading the body: a commenter gets 403 whatever they send.
      await authorizeProject(db, actor, c.req.param("id"), "project.update");
      const patch = await readJson(c, projectPatchSchema);
      const { project, role } = await updateProject(db, actor, c.req.param("id"), patch);
      return c.json(await loadProjectView(db, project, role));
    })
    .post("/:id/stage", async (c) => {
      const actor = actorOf(c.get("user"));
      await authorizeProject(db, actor, c.req.param("id"), "project.changeStage");
      const { to, reason } = await readJson(c, stageChangeSchema);
      const { project, role } = await changeStage(db, actor, c.req.param("id"), to, reason);
      return c.json(await loadProjectView(db, project, role));
    })
    .get("/:id/members", async (c) => {
      const actor = actorOf(c.get("user"));
      const access = await authorizeProject(db, actor, c.req.param("id"), "project.read");
      // Emails are personal data: only those who manage membership see them.
      const showEmail = can(actor, "project.manageMembers", access);
      const rows = await db
        .select({
          userId: projectMembers.userId,
          role: projectMembers.role,
          since: projectMembers.createdAt,
          name: users.name,
          email: users.email,
          org: { id: organizations.id, name: organizations.name, shortName: organizations.shortName },
        })
        .from(projectMembers)
        .innerJoin(users, eq(users.id, projectMembers.userId))
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(eq(projectMembers.projectId, access.project.id))
        .orderBy(asc(users.name));
      return c.json({ members: rows.map(({ email, ...m }) => (showEmail ? { ...m, email } : m)) });
    })
    .post("/:id/members", async (c) => {
      const actor = actorOf(c.get("user"));
      await authorizeProject(db, actor, c.req.param("id"), "project.manageMembers");
      const input = await readJson(c, memberSchema);
      const member = await addMember(db, events, actor, c.req.param("id"), input);
      return c.json({ userId: member.userId, role: member.role, since: member.createdAt }, 201);
    })
    .patch("/:id/members/:userId", async (c) => {
      const actor = actorOf(c.get("user"));
      await authorizeProject(db, actor, c.req.param("id"), "project.manageMembers");
      const { role } = await readJson(c, roleSchema);
      const member = await changeMemberRole(db, events, actor, c.req.param("id"), c.req.param("userId"), role);
      return c.json({ userId: member.userId, role: member.role, since: member.createdAt });
    })
    .delete("/:id/members/:userId", async (c) => {
      await removeMember(db, events, actorOf(c.get("user")), c.req.param("id"), c.req.param("userId"));
      return c.body(null, 204);
    })
    .get("/:id/documents", async (c) => {
      const { project } = await authorizeProject(db, actorOf(c.get("user")), c.req.param("id"), "document.read");
      const rows = await db.select().from(documents).where(eq(documents.projectId, project.id)).orderBy(asc(documents.createdAt));
      return c.json({ documents: rows.map(documentView) });
    })
    .post("/:id/documents", async (c) => {
      const actor = actorOf(c.get("user"));
      await authorizeProject(db, actor, c.req.param("id"), "document.create");
      const input = await readJson(c, documentSchema);
      // Reserved before the insert (simultaneous requests cannot all pass), refunded if it fails.
      const slot = await deps.documentCreation.reserve(actor.userId);
      try {
        return c.json(documentView(await createDocument(db, actor, c.req.param("id"), input)), 201);
      } catch (error) {
        await slot.refund();
        throw error;
      }
    })
    .get("/:id/activity", async (c) => {
      const { project } = await authorizeProject(db, actorOf(c.get("user")), c.req.param("id"), "project.readAudit");
      const { before, limit } = validate(auditQuery, c.req.query());
      const rows = await db
        .select({
          id: auditLog.id,
          at: auditLog.at,
          action: auditLog.action,
          subjectType: auditLog.subjectType,
          subjectId: auditLog.subjectId,
          details: auditLog.details,
          actor: { id: users.id, name: users.name },
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorId))
        .where(and(eq(auditLog.projectId, project.id), before ? lt(auditLog.id, before) : undefined))
        .orderBy(desc(auditLog.id))
        .limit(limit);
      return c.json({ activity: rows });
    });
}
