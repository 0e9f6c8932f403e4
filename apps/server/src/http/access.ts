import { createMiddleware } from "hono/factory";
import { canGlobally, DomainError, type GlobalAction, type ProjectAction } from "@taller/domain";
import type { Database } from "@taller/db";
import { authorizeDocument, authorizeProject } from "../queries/access";
import { authorizeComment, authorizeThread } from "../queries/threads";
import { authorizeVersion } from "../queries/versions";
import { authorizeReview } from "../queries/reviews";
import { authorizeMeeting } from "../queries/meetings";
import type { AppEnv, CommentEnv, DocumentEnv, MeetingEnv, ProjectEnv, ReviewEnv, ThreadEnv, VersionEnv } from "./env";

/**
 * Authorization at the edge, declared once per route: each middleware resolves the subject from
 * the path (`:id`), the actor's role and the decision (the domain's `can`), and puts the access
 * on the context for the handler. It runs before the body is read, so a refused request is
 * refused whatever it sends. Projects the actor cannot see are 404 (their existence does not
 * leak), a visible project where the action is not allowed is 403 `forbidden`.
 */
export function accessGuards(db: Database) {
  return {
    /** For /projects/:id routes: `access` = the project and the actor's role in it. */
    projectAccess: (action: ProjectAction) =>
      createMiddleware<ProjectEnv>(async (c, next) => {
        c.set("access", await authorizeProject(db, c.get("actor"), c.req.param("id") ?? "", action));
        await next();
      }),
    /** For /documents/:id routes: `access` = the document, its project and the actor's role (404 `document_not_found`). */
    documentAccess: (action: ProjectAction) =>
      createMiddleware<DocumentEnv>(async (c, next) => {
        c.set("access", await authorizeDocument(db, c.get("actor"), c.req.param("id") ?? "", action));
        await next();
      }),
    /** For /threads/:id routes: `access` = the thread, its document and project, the actor's role (404 `thread_not_found`). */
    threadAccess: (action: ProjectAction) =>
      createMiddleware<ThreadEnv>(async (c, next) => {
        c.set("access", await authorizeThread(db, c.get("actor"), c.req.param("id") ?? "", action));
        await next();
      }),
    /** For /comments/:id routes: `access` = the comment and its thread's access (404 `comment_not_found`). */
    commentAccess: (action: ProjectAction) =>
      createMiddleware<CommentEnv>(async (c, next) => {
        c.set("access", await authorizeComment(db, c.get("actor"), c.req.param("id") ?? "", action));
        await next();
      }),
    /** For /versions/:id routes: `access` = the version, its document and project, the actor's role (404 `version_not_found`). */
    versionAccess: (action: ProjectAction) =>
      createMiddleware<VersionEnv>(async (c, next) => {
        c.set("access", await authorizeVersion(db, c.get("actor"), c.req.param("id") ?? "", action));
        await next();
      }),
    /** For /reviews/:id routes: `access` = the round, its document and project, the actor's role (404 `review_not_found`). */
    reviewAccess: (action: ProjectAction) =>
      createMiddleware<ReviewEnv>(async (c, next) => {
        c.set("access", await authorizeReview(db, c.get("actor"), c.req.param("id") ?? "", action));
        await next();
      }),
    /**
     * For /meetings/:id routes: `access` = the meeting and the actor's abilities. Readers: admin,
     * convener, account attendees, members of an agenda project; others 404 `meeting_not_found`;
     * `manage` by a reader who is not the convener or an admin is 403.
     */
    meetingAccess: (action: "read" | "manage") =>
      createMiddleware<MeetingEnv>(async (c, next) => {
        c.set("access", await authorizeMeeting(db, c.get("actor"), c.req.param("id") ?? "", action));
        await next();
      }),
  };
}

/** Refusals of global actions, in the words the people refused will read. */
const GLOBAL_REFUSALS: Record<GlobalAction, string> = {
  "organization.manage": "Solo la administración puede hacer esto.",
  "user.manage": "Solo la administración puede hacer esto.",
  "server.inspect": "Solo la administración puede hacer esto.",
  "territory.manage": "Solo la administración puede importar capas y editar la matriz de compatibilidad.",
  "organization.list": "Tu cuenta no permite consultar las dependencias.",
  "project.create": "Tu dependencia no tiene permiso para proponer proyectos. Pide a la administración que se lo otorgue.",
};

/** For actions outside any project (organizations, users, new projects): 403 `forbidden` unless allowed. */
export const globalAccess = (action: GlobalAction) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!canGlobally(c.get("actor"), action)) throw new DomainError("forbidden", GLOBAL_REFUSALS[action]);
    await next();
  });
