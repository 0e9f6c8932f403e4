// Typed endpoints of the Taller API, grouped by resource. Screens import `api` and never build
// URLs themselves, so a route change on the server is a one-line change here.
import { request } from "./client";
import type {
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
  },
};

export { ApiError, fieldErrorsOf, isAbortError, onUnauthenticated } from "./client";
export * from "./types";
