import type { Actor } from "@taller/domain";
import type { CurrentUser } from "../auth/sessions";
import type { DocumentAccess, ProjectAccess } from "../queries/access";
import type { CommentAccess, ThreadAccess } from "../queries/threads";
import type { VersionAccess } from "../queries/versions";
import type { ReviewAccess } from "../queries/reviews";
import type { MeetingAccess } from "../queries/meetings";

/** Per-request values set by middleware and read by routes. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by `requireUser`; routes behind it can rely on it. */
    user: CurrentUser;
    /** The session user as the permission rules see them; set by `requireUser` with `user`. */
    actor: Actor;
  };
}

/** Routes behind `projectAccess(action)`: the project, the actor's role in it, and the action allowed. */
export interface ProjectEnv extends AppEnv {
  Variables: AppEnv["Variables"] & { access: ProjectAccess };
}

/** Routes behind `documentAccess(action)`: the document, its project and the actor's role there, the action allowed. */
export interface DocumentEnv extends AppEnv {
  Variables: AppEnv["Variables"] & { access: DocumentAccess };
}

/** Routes behind `threadAccess(action)`: the thread, its document and project, the actor's role there. */
export interface ThreadEnv extends AppEnv {
  Variables: AppEnv["Variables"] & { access: ThreadAccess };
}

/** Routes behind `commentAccess(action)`: the comment, its thread, document and project, the actor's role. */
export interface CommentEnv extends AppEnv {
  Variables: AppEnv["Variables"] & { access: CommentAccess };
}

/** Routes behind `versionAccess(action)`: the version, its document and project, the actor's role there. */
export interface VersionEnv extends AppEnv {
  Variables: AppEnv["Variables"] & { access: VersionAccess };
}

/** Routes behind `reviewAccess(action)`: the review round, its document and project, the actor's role there. */
export interface ReviewEnv extends AppEnv {
  Variables: AppEnv["Variables"] & { access: ReviewAccess };
}

/** Routes behind `meetingAccess(action)`: the meeting and what the actor may do with it. */
export interface MeetingEnv extends AppEnv {
  Variables: AppEnv["Variables"] & { access: MeetingAccess };
}
