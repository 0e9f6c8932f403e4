// Typed endpoints of the Taller API, grouped by resource. Screens import `api` and never build
// URLs themselves, so a route change on the server is a one-line change here.
import { request } from "./client";
import type {
  ActivityEntry,
  DocumentKind,
  OpenedDocument,
  Person,
  ProjectPatch,
  ProjectRole,
  ProjectStage,
  UploadedAsset,
  AdminUser,
  NewOrg,
  NewProject,
  NewUser,
  OrgRef,
  Project,
  ProjectDocument,
  ProjectFilters,
  ProjectMember,
  SessionUser,
} from "./types";

type Signal = { signal?: AbortSignal | undefined };

export const api = {
  clientConfig: ({ signal }: Signal = {}) =>
    request<{ tldrawLicenseKey: string | null }>("/api/client-config", { signal, expectUnauthenticated: true }),
  auth: {
    login: (credentials: { email: string; password: string }) =>
      request<{ user: SessionUser }>("/api/auth/login", {
        method: "POST",
        body: credentials,
        expectUnauthenticated: true,
      }),
    logout: () => request<void>("/api/auth/logout", { method: "POST", expectUnauthenticated: true }),
    me: ({ signal }: Signal = {}) =>
      request<{ user: SessionUser }>("/api/auth/me", { signal, expectUnauthenticated: true }),
  },
  orgs: {
    list: ({ signal }: Signal = {}) => request<{ orgs: OrgRef[] }>("/api/orgs", { signal }),
    create: (org: NewOrg) => request<OrgRef>("/api/orgs", { method: "POST", body: org }),
  },
  users: {
    list: ({ signal }: Signal = {}) => request<{ users: AdminUser[] }>("/api/users", { signal }),
    create: (user: NewUser) => request<AdminUser>("/api/users", { method: "POST", body: user }),
  },
  projects: {
    list: (filters: ProjectFilters, { signal }: Signal = {}) =>
      request<{ projects: Project[] }>("/api/projects", {
        signal,
        query: { stage: filters.stage, kind: filters.kind, org: filters.org, text: filters.text },
      }),
    get: (projectId: string, { signal }: Signal = {}) =>
      request<Project>(`/api/projects/${encodeURIComponent(projectId)}`, { signal }),
    create: (project: NewProject) => request<Project>("/api/projects", { method: "POST", body: project }),
    members: (projectId: string, { signal }: Signal = {}) =>
      request<{ members: ProjectMember[] }>(`/api/projects/${encodeURIComponent(projectId)}/members`, { signal }),
    documents: (projectId: string, { signal }: Signal = {}) =>
      request<{ documents: ProjectDocument[] }>(`/api/projects/${encodeURIComponent(projectId)}/documents`, {
        signal,
      }),
    update: (projectId: string, patch: ProjectPatch) =>
      request<Project>(`/api/projects/${encodeURIComponent(projectId)}`, { method: "PATCH", body: patch }),
    changeStage: (projectId: string, to: ProjectStage, reason?: string) =>
      request<Project>(`/api/projects/${encodeURIComponent(projectId)}/stage`, {
        method: "POST",
        body: reason ? { to, reason } : { to },
      }),
    addMember: (projectId: string, member: { userId: string; role: ProjectRole }) =>
      request<{ userId: string; role: ProjectRole }>(`/api/projects/${encodeURIComponent(projectId)}/members`, {
        method: "POST",
        body: member,
      }),
    changeMemberRole: (projectId: string, userId: string, role: ProjectRole) =>
      request<{ userId: string; role: ProjectRole }>(
        `/api/projects/${encodeURIComponent(projectId)}/members/${encodeURIComponent(userId)}`,
        { method: "PATCH", body: { role } },
      ),
    removeMember: (projectId: string, userId: string) =>
      request<void>(`/api/projects/${encodeURIComponent(projectId)}/members/${encodeURIComponent(userId)}`, {
        method: "DELETE",
      }),
    createDocument: (projectId: string, document: { kind: DocumentKind; title: string }) =>
      request<ProjectDocument>(`/api/projects/${encodeURIComponent(projectId)}/documents`, {
        method: "POST",
        body: document,
      }),
    activity: (projectId: string, { signal }: Signal = {}) =>
      request<{ activity: ActivityEntry[] }>(`/api/projects/${encodeURIComponent(projectId)}/activity`, { signal }),
  },
  people: {
    search: (q: string, { signal }: Signal = {}) => request<{ people: Person[] }>("/api/people", { signal, query: { q } }),
  },
  documents: {
    get: (documentId: string, { signal }: Signal = {}) =>
      request<OpenedDocument>(`/api/documents/${encodeURIComponent(documentId)}`, { signal }),
    rename: (documentId: string, title: string) =>
      request<ProjectDocument>(`/api/documents/${encodeURIComponent(documentId)}`, { method: "PATCH", body: { title } }),
    /** Uploads an image for a document; the returned URL is what the document stores. */
    uploadAsset: (documentId: string, file: Blob) =>
      request<UploadedAsset>(`/api/documents/${encodeURIComponent(documentId)}/assets`, { method: "POST", rawBody: file }),
  },
};

