import { Hono } from "hono";
import {
  activityQuerySchema,
  can,
  documentCreateSchema,
  documentListQuerySchema,
  memberAddSchema,
  memberRoleSchema,
  projectCreateSchema,
  projectListQuerySchema,
  projectPatchSchema,
  stageChangeSchema,
} from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { accessGuards, globalAccess } from "../http/access";
import { jsonBody, queryOf } from "../http/validate";
import { listProjects, loadProject } from "../queries/projects";
import { listMembers, loadMember } from "../queries/members";
import { listDocuments } from "../queries/documents";
import { listActivity } from "../queries/activity";
import { archiveProject, changeStage, createProject, restoreProject, updateProject } from "../commands/projects";
import { addMember, changeMemberRole, removeMember } from "../commands/members";
import { createDocument } from "../commands/documents";
import { presentProject } from "../presenters/projects";
import { presentMember } from "../presenters/members";
import { presentDocument } from "../presenters/documents";

/**
 * The portfolio and everything scoped to one project: fields, stage, members, documents,
 * activity. Each route declares its action (`projectAccess`), which is decided before the body
 * is read; the body or query is validated next (`jsonBody`, `queryOf`, with the domain's input
 * schemas), and the handler calls one command or query and presents the result.
 */
export function projectRoutes(deps: AppDeps) {
  const { db, events } = deps;
  const { projectAccess } = accessGuards(db);
  return new Hono<AppEnv>()
    .get("/", queryOf(projectListQuerySchema), async (c) => {
      const actor = c.get("actor");
      const projects = await listProjects(db, actor, c.req.valid("query"));
      return c.json({ projects: projects.map((record) => presentProject(actor, record)) });
    })
    .post("/", globalAccess("project.create"), jsonBody(projectCreateSchema), async (c) => {
      const actor = c.get("actor");
      const access = await createProject({ db, actor, input: c.req.valid("json") });
      return c.json(presentProject(actor, await loadProject(db, access)), 201);
    })
    .get("/:id", projectAccess("project.read"), async (c) => {
      return c.json(presentProject(c.get("actor"), await loadProject(db, c.get("access"))));
    })
    .patch("/:id", projectAccess("project.update"), jsonBody(projectPatchSchema), async (c) => {
      const actor = c.get("actor");
      const access = await updateProject({ db, actor, access: c.get("access"), input: c.req.valid("json") });
      return c.json(presentProject(actor, await loadProject(db, access)));
    })
    .post("/:id/stage", projectAccess("project.changeStage"), jsonBody(stageChangeSchema), async (c) => {
      const actor = c.get("actor");
      const access = await changeStage({ db, actor, access: c.get("access"), input: c.req.valid("json") });
      return c.json(presentProject(actor, await loadProject(db, access)));
    })
    .post("/:id/archive", projectAccess("project.archive"), async (c) => {
      const actor = c.get("actor");
      const access = await archiveProject({ db, actor, access: c.get("access"), input: undefined });
      return c.json(presentProject(actor, await loadProject(db, access)));
    })
    .post("/:id/restore", projectAccess("project.archive"), async (c) => {
      const actor = c.get("actor");
      const access = await restoreProject({ db, actor, access: c.get("access"), input: undefined });
      return c.json(presentProject(actor, await loadProject(db, access)));
    })
    .get("/:id/members", projectAccess("project.read"), async (c) => {
      const showEmail = can(c.get("actor"), "project.manageMembers", c.get("access"));
      const members = await listMembers(db, c.get("access").project.id);
      return c.json({ members: members.map((member) => presentMember(member, showEmail)) });
    })
    .post("/:id/members", projectAccess("project.manageMembers"), jsonBody(memberAddSchema), async (c) => {
      const access = c.get("access");
      const member = await addMember({ db, events, actor: c.get("actor"), access, input: c.req.valid("json") });
      return c.json(presentMember(await loadMember(db, access.project.id, member.userId), true), 201);
    })
    .patch("/:id/members/:userId", projectAccess("project.manageMembers"), jsonBody(memberRoleSchema), async (c) => {
      const access = c.get("access");
      const { role } = c.req.valid("json");
      const member = await changeMemberRole({ db, events, actor: c.get("actor"), access, input: { userId: c.req.param("userId"), role } });
      return c.json(presentMember(await loadMember(db, access.project.id, member.userId), true));
    })
    .delete("/:id/members/:userId", projectAccess("project.manageMembers"), async (c) => {
      await removeMember({ db, events, actor: c.get("actor"), access: c.get("access"), input: { userId: c.req.param("userId") } });
      return c.body(null, 204);
    })
    .get("/:id/documents", projectAccess("document.read"), queryOf(documentListQuerySchema), async (c) => {
      const documents = await listDocuments(db, c.get("access").project.id, { activeOnly: !c.req.valid("query").archived });
      return c.json({ documents: documents.map(presentDocument) });
    })
    .post("/:id/documents", projectAccess("document.create"), jsonBody(documentCreateSchema), async (c) => {
      const input = c.req.valid("json");
      const document = await createDocument({ db, actor: c.get("actor"), access: c.get("access"), input, rate: deps.documentCreation });
      return c.json(presentDocument(document), 201);
    })
    .get("/:id/activity", projectAccess("project.readAudit"), queryOf(activityQuerySchema), async (c) => {
      const { project, role } = c.get("access");
      // Edits are grouped from the update log: only for readers who may see the documents.
      const withEdits = can(c.get("actor"), "document.read", { role });
      return c.json(await listActivity(db, project.id, { ...c.req.valid("query"), withEdits }));
    });
}
