import type { ProjectRole } from "./vocabulary";

/**
 * Who may do what, as pure functions of (actor, action, subject). The server decides every
 * request (HTTP and WebSocket alike) with `can`; nothing here trusts the client.
 *
 * Global admins manage organizations and users. On projects they may see everything and manage
 * members (so a project whose owner left can be handed over), but they edit content only when
 * they are members with an editing role: administration is not authorship.
 */
export interface Actor {
  userId: string;
  isAdmin: boolean;
  /**
   * Whether the actor's agency may propose projects («Puede proponer proyectos»), as the server
   * loads it with the session. Absent counts as no: an actor built without it may not create
   * projects unless an administrator.
   */
  createsProjects?: boolean;
}

export type ProjectAction =
  | "project.read"
  | "project.update"
  | "project.changeStage"
  | "project.manageMembers"
  | "project.readAudit"
  | "document.read"
  | "document.create"
  | "document.rename"
  | "document.edit"
  /** Open a comment thread, reply to one, reopen a resolved one. */
  | "comment.create"
  /** Resolve any thread, not only one's own (owners and reviewers decide what was dealt with). */
  | "thread.resolveAny"
  /** Freeze a named, immutable version of a document (owners and editors). */
  | "version.create"
  /** Make the live document equal to a version, as an edit (owners and editors). */
  | "version.restore"
  /** Submit a version for review to reviewers and agencies (owners and editors). */
  | "review.submit"
  /**
   * Close any open round of the project before its rule is met (owners). The person who submitted
   * a round may also close that round while they may still submit: the server checks both.
   */
  | "review.closeAny"
  /**
   * Record the project's follow-up: milestones, the progress plan, progress reports and their
   * photos, indicators and measurements (owners and editors). Reading it is `project.read`.
   */
  | "followUp.edit"
  /** Archive a document (out of the list, its room read-only) and restore it (owners and editors). */
  | "document.archive"
  /** Delete a document that has no versions and no comment threads (owners). */
  | "document.delete"
  /** Archive a project (out of the portfolio by default) and restore it (owners). */
  | "project.archive";

/**
 * Actions outside any project. `server.inspect` is the operational view of the real-time core
 * (rooms, sockets, memory), for administrators; `territory.manage` imports territorial layers and
 * edits the compatibility matrix (administrators).
 */
export type GlobalAction = "organization.manage" | "user.manage" | "server.inspect" | "organization.list" | "project.create" | "territory.manage";

/** The subject of a project action: the actor's role in that project, or null for non-members. */
export interface ProjectSubject {
  role: ProjectRole | null;
}

const ROLE_RIGHTS: Record<ProjectRole, ReadonlySet<ProjectAction>> = {
  owner: new Set<ProjectAction>([
    "project.read",
    "project.update",
    "project.changeStage",
    "project.manageMembers",
    "project.readAudit",
    "document.read",
    "document.create",
    "document.rename",
    "document.edit",
    "comment.create",
    "thread.resolveAny",
    "version.create",
    "version.restore",
    "review.submit",
    "review.closeAny",
    "followUp.edit",
    "document.archive",
    "document.delete",
    "project.archive",
  ]),
  editor: new Set<ProjectAction>([
    "project.read",
    "project.update",
    "project.readAudit",
    "document.read",
    "document.create",
    "document.rename",
    "document.edit",
    "comment.create",
    "version.create",
    "version.restore",
    "review.submit",
    "followUp.edit",
    "document.archive",
  ]),
  commenter: new Set<ProjectAction>(["project.read", "document.read", "comment.create"]),
  reviewer: new Set<ProjectAction>(["project.read", "document.read", "project.readAudit", "comment.create", "thread.resolveAny"]),
  viewer: new Set<ProjectAction>(["project.read", "document.read"]),
};

const ADMIN_PROJECT_RIGHTS: ReadonlySet<ProjectAction> = new Set<ProjectAction>([
  "project.read",
  "project.manageMembers",
  "project.readAudit",
  "document.read",
]);

/** Decides a project action for an actor with the given membership. */
export function can(actor: Actor, action: ProjectAction, subject: ProjectSubject): boolean {
  if (subject.role && ROLE_RIGHTS[subject.role].has(action)) return true;
  return actor.isAdmin && ADMIN_PROJECT_RIGHTS.has(action);
}

/** Decides an action that is not about one project. */
export function canGlobally(actor: Actor, action: GlobalAction): boolean {
  switch (action) {
    case "organization.manage":
    case "user.manage":
    case "server.inspect":
    case "territory.manage":
      return actor.isAdmin;
    case "organization.list":
      return true;
    case "project.create":
      return mayCreateProjects(actor);
  }
}

/**
 * Who may create projects: administrators always; anyone else only when their agency has
 * «Puede proponer proyectos» (the institute's staff by default, other agencies when an
 * administrator turns it on). A new project's creator becomes its owner, so this is who may open
 * workspaces in the portfolio, not who may work in one.
 */
export function mayCreateProjects(actor: Pick<Actor, "isAdmin" | "createsProjects">): boolean {
  return actor.isAdmin || actor.createsProjects === true;
}

/**
 * Whether the project exists for this actor at all. Non-members get "not found" rather than
 * "forbidden", so that project ids and names do not leak to other agencies.
 */
export function canSeeProject(actor: Actor, subject: ProjectSubject): boolean {
  return can(actor, "project.read", subject);
}

/** Whether a live collaboration connection with this role may change document content. */
export function canEditContent(actor: Actor, subject: ProjectSubject): boolean {
  return can(actor, "document.edit", subject);
}

/**
 * What the actor may do in one project, as the server sends it with every project and document
 * response (`abilities`). The web app shows controls from these and never re-states the table
 * above; the server still decides every request.
 */
export interface ProjectAbilities {
  read: boolean;
  update: boolean;
  changeStage: boolean;
  manageMembers: boolean;
  readAudit: boolean;
  readDocuments: boolean;
  createDocument: boolean;
  renameDocument: boolean;
  editDocument: boolean;
  /** Open threads and reply (per-thread and per-comment abilities come with each thread). */
  comment: boolean;
  /** Freeze a version of a document. */
  createVersion: boolean;
  /** Restore a version into the live document. */
  restoreVersion: boolean;
  /** Submit a version for review (deciding is per round: see each round's `mine`). */
  submitReview: boolean;
  /** Close any open round of the project early. */
  closeAnyReview: boolean;
  /** Record follow-up: milestones, progress plan and reports, indicators and measurements. */
  editFollowUp: boolean;
  /** Archive and restore documents. */
  archiveDocument: boolean;
  /** Delete documents without versions or comment threads. */
  deleteDocument: boolean;
  /** Archive and restore the project. */
  archiveProject: boolean;
}

const ABILITY_ACTIONS: Record<keyof ProjectAbilities, ProjectAction> = {
  read: "project.read",
  update: "project.update",
  changeStage: "project.changeStage",
  manageMembers: "project.manageMembers",
  readAudit: "project.readAudit",
  readDocuments: "document.read",
  createDocument: "document.create",
  renameDocument: "document.rename",
  editDocument: "document.edit",
  comment: "comment.create",
  createVersion: "version.create",
  restoreVersion: "version.restore",
  submitReview: "review.submit",
  closeAnyReview: "review.closeAny",
  editFollowUp: "followUp.edit",
  archiveDocument: "document.archive",
  deleteDocument: "document.delete",
  archiveProject: "project.archive",
};

/** Every project ability of an actor with the given membership, decided by `can`. */
export function projectAbilities(actor: Actor, subject: ProjectSubject): ProjectAbilities {
  const entries = Object.entries(ABILITY_ACTIONS).map(([ability, action]) => [ability, can(actor, action, subject)]);
  return Object.fromEntries(entries) as unknown as ProjectAbilities;
}

/** What the signed-in person may do outside any project (sent with the session's user). */
export interface GlobalAbilities {
  createProject: boolean;
  manageOrganizations: boolean;
  manageUsers: boolean;
  manageTerritory: boolean;
}

export function globalAbilities(actor: Actor): GlobalAbilities {
  return {
    createProject: canGlobally(actor, "project.create"),
    manageOrganizations: canGlobally(actor, "organization.manage"),
    manageUsers: canGlobally(actor, "user.manage"),
    manageTerritory: canGlobally(actor, "territory.manage"),
  };
}
