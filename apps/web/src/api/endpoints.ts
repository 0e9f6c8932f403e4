// The Taller API as the web app calls it, typed by the server's own routes: `hc<ApiType>` reads
// paths, parameters, bodies and answers from apps/server/src/api.ts (a type-only import, erased
// from the bundle), so a route changed on the server no longer compiles here until the caller
// follows. Screens use `api` (or the cached queries built on it) and never build URLs.
import { hc, type ClientResponse } from "hono/client";
import type { ApiType } from "@taller/server/api-type";
import type { AnchorInput } from "@taller/domain";
import type { DocumentKind, NewOrg, NewProject, OrgPatch, NewUser, ProjectFilters, ProjectPatch, ProjectRole, ProjectStage } from "./types";
import { apiFetch } from "./client";
import i18next from "i18next";

/** The UI language as the API names it (templates of new studies). */
const uiLanguage = (): "es-MX" | "en" => (i18next.language?.startsWith("en") ? "en" : "es-MX");

/** Every call but the few below: a 401 means the session was lost. */
export const client = hc<ApiType>("/api", { fetch: apiFetch() });
/** Calls for which 401 is an answer, not a lost session: the login, the session probe, logout. */
const sessionClient = hc<ApiType>("/api", { fetch: apiFetch({ expectUnauthenticated: true }) });

type Signal = { signal?: AbortSignal | undefined };
const init = ({ signal }: Signal) => ({ init: { signal: signal ?? null } });

/** The parsed body of a 2xx answer (apiFetch has already thrown for any other). */
async function body<T>(call: Promise<ClientResponse<T>>): Promise<T> {
  return (await call).json() as Promise<T>;
}

/** For answers without a body (204). */
async function done(call: Promise<unknown>): Promise<void> {
  await call;
}

export const api = {
  clientConfig: (signal: Signal = {}) => body(sessionClient["client-config"].$get({}, init(signal))),
  auth: {
    login: (credentials: { email: string; password: string }) => body(sessionClient.auth.login.$post({ json: credentials })),
    logout: () => done(sessionClient.auth.logout.$post()),
    me: (signal: Signal = {}) => body(sessionClient.auth.me.$get({}, init(signal))),
  },
  orgs: {
    list: (signal: Signal = {}) => body(client.orgs.$get({}, init(signal))),
    create: (org: NewOrg) => body(client.orgs.$post({ json: org })),
    update: (orgId: string, patch: OrgPatch) => body(client.orgs[":id"].$patch({ param: { id: orgId }, json: patch })),
  },
  users: {
    list: (signal: Signal = {}) => body(client.users.$get({}, init(signal))),
    create: (user: NewUser) => body(client.users.$post({ json: user })),
  },
  projects: {
    list: (filters: ProjectFilters, signal: Signal = {}) => body(client.projects.$get({ query: filters }, init(signal))),
    get: (projectId: string, signal: Signal = {}) => body(client.projects[":id"].$get({ param: { id: projectId } }, init(signal))),
    create: (project: NewProject) => body(client.projects.$post({ json: project })),
    update: (projectId: string, patch: ProjectPatch) => body(client.projects[":id"].$patch({ param: { id: projectId }, json: patch })),
    changeStage: (projectId: string, to: ProjectStage, reason?: string) =>
      body(client.projects[":id"].stage.$post({ param: { id: projectId }, json: reason ? { to, reason } : { to } })),
    members: (projectId: string, signal: Signal = {}) => body(client.projects[":id"].members.$get({ param: { id: projectId } }, init(signal))),
    addMember: (projectId: string, member: { userId: string; role: ProjectRole }) =>
      body(client.projects[":id"].members.$post({ param: { id: projectId }, json: member })),
    changeMemberRole: (projectId: string, userId: string, role: ProjectRole) =>
      body(client.projects[":id"].members[":userId"].$patch({ param: { id: projectId, userId }, json: { role } })),
    removeMember: (projectId: string, userId: string) =>
      done(client.projects[":id"].members[":userId"].$delete({ param: { id: projectId, userId } })),
    /** Archived ones included (each with `archivedAt`): the documents panel shows them under «Archivados». */
    documents: (projectId: string, signal: Signal = {}) =>
      body(client.projects[":id"].documents.$get({ param: { id: projectId }, query: { archived: "1" } }, init(signal))),
    /** A study's template headings follow the creator's UI language (sent as `language`). */
    createDocument: (projectId: string, document: { kind: DocumentKind; title: string; confirmDuplicate?: boolean }) =>
      body(client.projects[":id"].documents.$post({ param: { id: projectId }, json: { ...document, language: uiLanguage() } })),
    /** One page of the feed, newest first: `limit` entries older than `before` (a page's `nextCursor`), or the latest. */
    activity: (projectId: string, page: { before?: string | undefined; limit: number }, signal: Signal = {}) =>
      body(
        client.projects[":id"].activity.$get(
          { param: { id: projectId }, query: { limit: String(page.limit), ...(page.before === undefined ? {} : { before: page.before }) } },
          init(signal),
        ),
      ),
  },
  people: {
    search: (q: string, signal: Signal = {}) => body(client.people.$get({ query: { q } }, init(signal))),
  },
  documents: {
    get: (documentId: string, signal: Signal = {}) => body(client.documents[":id"].$get({ param: { id: documentId } }, init(signal))),
    rename: (documentId: string, title: string, confirmDuplicate = false) =>
      body(client.documents[":id"].$patch({ param: { id: documentId }, json: confirmDuplicate ? { title, confirmDuplicate } : { title } })),
    /**
     * Uploads an image for a document, its bytes as the body (fetch sends the file's own type);
     * the returned URL is what the document stores.
     */
    uploadAsset: (documentId: string, file: Blob) => body(client.documents[":id"].assets.$post({ param: { id: documentId } }, { init: { body: file } })),
  },
  /** The signed-in person's inbox and email preference. */
  notifications: {
    list: (signal: Signal = {}) => body(client.notifications.$get({}, init(signal))),
    /** Marks the given notifications read, or all of them; answers the unread count left. */
    markRead: (input: { ids: string[] } | { all: true }) => body(client.notifications.read.$post({ json: input })),
    preferences: (signal: Signal = {}) => body(client.me.preferences.$get({}, init(signal))),
    setPreferences: (preferences: { emailNotifications: boolean }) => body(client.me.preferences.$patch({ json: preferences })),
  },
  /** Download links for the server's exports (the browser follows them with the session cookie; `$path` leaves ids as given, so they are encoded here). */
  exports: {
    /** A text document, live or one of its versions: pdf, docx, html or md. */
    document: (documentId: string, format: "pdf" | "docx" | "html" | "md", versionId?: string) =>
      `/api${client.documents[":id"].export.$path({ param: { id: encodeURIComponent(documentId) }, query: versionId ? { format, version: versionId } : { format } })}`,
    /** A review round's decisions. */
    review: (reviewId: string, format: "csv" | "json") => `/api${client.reviews[":id"].export.$path({ param: { id: encodeURIComponent(reviewId) }, query: { format } })}`,
    /** The project's dossier (expediente) as a ZIP with its manifest. */
    dossier: (projectId: string) => `/api${client.projects[":id"]["dossier.zip"].$path({ param: { id: encodeURIComponent(projectId) } })}`,
  },
  /** Live event streams (Server-Sent Events) as URLs for an EventSource, which sends the cookie. */
  events: {
    project: (projectId: string) => `/api${client.projects[":id"].events.$path({ param: { id: projectId } })}`,
    mine: () => `/api${client.notifications.events.$path()}`,
  },
  /** Coordination comments: a document's threads, their comments, resolution and export. */
  threads: {
    list: (documentId: string, signal: Signal = {}) => body(client.documents[":id"].threads.$get({ param: { id: documentId }, query: {} }, init(signal))),
    create: (documentId: string, thread: { anchor: AnchorInput; body: string }) =>
      body(client.documents[":id"].threads.$post({ param: { id: documentId }, json: thread })),
    reply: (threadId: string, text: string) => body(client.threads[":id"].comments.$post({ param: { id: threadId }, json: { body: text } })),
    resolve: (threadId: string, note?: string) =>
      body(client.threads[":id"].resolve.$post({ param: { id: threadId }, json: note ? { note } : {} })),
    reopen: (threadId: string) => body(client.threads[":id"].reopen.$post({ param: { id: threadId } })),
    editComment: (commentId: string, text: string) => body(client.comments[":id"].$patch({ param: { id: commentId }, json: { body: text } })),
    deleteComment: (commentId: string) => body(client.comments[":id"].$delete({ param: { id: commentId } })),
    revisions: (commentId: string, signal: Signal = {}) => body(client.comments[":id"].revisions.$get({ param: { id: commentId } }, init(signal))),
    /** A download link (the browser fetches it with the session cookie). */
    exportUrl: (documentId: string, format: "csv" | "json" | "md") =>
      `/api${client.documents[":id"].threads.export.$path({ param: { id: documentId }, query: { format } })}`,
  },
};
