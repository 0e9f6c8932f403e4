// The server's data as TanStack Query sees it: what each key loads (queryOptions, used by screens
// with useQuery) and what each change updates afterwards (mutation hooks). A mutation writes the
// server's answer into the cache where it has one, and invalidates only what it changed.
import { infiniteQueryOptions, keepPreviousData, mutationOptions, QueryClient, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { ApiError } from "./client";
import { api } from "./endpoints";
import { queryKeys } from "./keys";
import type { AdminUser, DocumentKind, NewOrg, NewProject, NewUser, Organization, OrgPatch, Project, ProjectDocument, ProjectFilters, ProjectMember, ProjectPatch, ProjectRole, ProjectStage, SessionUser } from "./types";

/** A 4xx answer says the request itself is wrong (or not allowed): asking again cannot help. */
function isClientError(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Network failures and 5xx are retried twice (with backoff); 401/403/404/409 at once.
        retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
        // Documents open and edit offline (their copy lives in IndexedDB): a request made while
        // offline fails and says so, instead of waiting, paused, for the network to return.
        networkMode: "always",
      },
    },
  });
}

/**
 * Marks everything known about one project as out of date: its record, members, documents,
 * activity, the portfolio lists that show it and the documents opened from it. What is on screen
 * is fetched again at once; the rest when it is next shown. For the project event stream.
 */
export function invalidateProject(client: QueryClient, projectId: string): Promise<unknown> {
  return Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.project(projectId) }),
    client.invalidateQueries({ queryKey: queryKeys.projectLists }),
    client.invalidateQueries({
      queryKey: ["document"],
      predicate: (query) => (query.state.data as { projectId?: string } | undefined)?.projectId === projectId,
    }),
  ]);
}

/** `invalidateProject` bound to the app's client (stable, so an event subscription can depend on it). */
export function useInvalidateProject(): (projectId: string) => Promise<unknown> {
  const client = useQueryClient();
  return useCallback((projectId: string) => invalidateProject(client, projectId), [client]);
}

/** Entries per page of the activity trail. */
export const ACTIVITY_PAGE_SIZE = 50;

// Reference data changes only through the admin page (whose mutations update it here).
const REFERENCE_STALE_MS = 5 * 60_000;

export const queries = {
  /** Who is signed in: null (not an error) when nobody is. Only login, logout and a 401 change it. */
  session: () =>
    queryOptions({
      queryKey: queryKeys.session,
      queryFn: ({ signal }) =>
        api.auth.me({ signal }).then(
          ({ user }): SessionUser | null => user,
          (error: unknown) => {
            if (error instanceof ApiError && error.status === 401) return null;
            throw error;
          },
        ),
      staleTime: Infinity,
      retry: false,
    }),
  clientConfig: () =>
    // Not retried: the canvas waits for it (a license key or none) and must open offline at once.
    queryOptions({ queryKey: queryKeys.clientConfig, queryFn: ({ signal }) => api.clientConfig({ signal }), staleTime: Infinity, retry: false }),
  orgs: () => queryOptions({ queryKey: queryKeys.orgs, queryFn: ({ signal }) => api.orgs.list({ signal }), staleTime: REFERENCE_STALE_MS }),
  users: () => queryOptions({ queryKey: queryKeys.users, queryFn: ({ signal }) => api.users.list({ signal }), staleTime: REFERENCE_STALE_MS }),
  people: (q: string) =>
    queryOptions({
      queryKey: queryKeys.people(q),
      queryFn: ({ signal }) => api.people.search(q, { signal }),
      // The previous results stay while the next search runs, so the list does not jump.
      placeholderData: keepPreviousData,
    }),
  projects: (filters: ProjectFilters) =>
    queryOptions({
      queryKey: queryKeys.projects(filters),
      queryFn: ({ signal }) => api.projects.list(filters, { signal }),
      // The table keeps the previous filters' rows (marked busy) until the new ones arrive.
      placeholderData: keepPreviousData,
    }),
  project: (projectId: string) => queryOptions({ queryKey: queryKeys.project(projectId), queryFn: ({ signal }) => api.projects.get(projectId, { signal }) }),
  members: (projectId: string) =>
    queryOptions({ queryKey: queryKeys.members(projectId), queryFn: ({ signal }) => api.projects.members(projectId, { signal }) }),
  documents: (projectId: string) =>
    queryOptions({ queryKey: queryKeys.documents(projectId), queryFn: ({ signal }) => api.projects.documents(projectId, { signal }) }),
  /** The feed in pages, each next page older than the last (the server's cursor); null: no more. */
  activity: (projectId: string) =>
    infiniteQueryOptions({
      queryKey: queryKeys.activity(projectId),
      queryFn: ({ pageParam, signal }) => api.projects.activity(projectId, { before: pageParam, limit: ACTIVITY_PAGE_SIZE }, { signal }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  document: (documentId: string) =>
    queryOptions({ queryKey: queryKeys.document(documentId), queryFn: ({ signal }) => api.documents.get(documentId, { signal }) }),
};

type Members = { members: ProjectMember[] };
type Documents = { documents: ProjectDocument[] };

/** A project record the server answered with after a change: the workspace shows it as is. */
function projectSaved(client: QueryClient, project: Project): void {
  client.setQueryData(queryKeys.project(project.id), project);
  void client.invalidateQueries({ queryKey: queryKeys.projectLists });
  void client.invalidateQueries({ queryKey: queryKeys.activity(project.id) });
}

/** A membership change: the members list, the trail, and (when it is one's own) one's abilities. */
function membershipChanged(client: QueryClient, projectId: string, userId: string): void {
  void client.invalidateQueries({ queryKey: queryKeys.activity(projectId) });
  if (client.getQueryData<SessionUser | null>(queryKeys.session)?.id === userId) void invalidateProject(client, projectId);
}

/** What each change sends and how the cache follows it; the hooks below bind them to the app's client. */
export const mutations = {
  createProject: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (project: NewProject) => api.projects.create(project),
      onSuccess: (project) => {
        client.setQueryData(queryKeys.project(project.id), project);
        // The new row shows at once at the top of the unfiltered list (where the portfolio goes
        // after a create); every list is fetched again when next shown.
        client.setQueryData<{ projects: Project[] }>(queryKeys.projects({}), (current) =>
          current ? { projects: [project, ...current.projects.filter((p) => p.id !== project.id)] } : current,
        );
        void client.invalidateQueries({ queryKey: queryKeys.projectLists, refetchType: "none" });
      },
    }),
  updateProject: (client: QueryClient, projectId: string) =>
    mutationOptions({
      mutationFn: (patch: ProjectPatch) => api.projects.update(projectId, patch),
      onSuccess: (project) => projectSaved(client, project),
    }),
  changeStage: (client: QueryClient, projectId: string) =>
    mutationOptions({
      mutationFn: ({ to, reason }: { to: ProjectStage; reason?: string | undefined }) => api.projects.changeStage(projectId, to, reason),
      onSuccess: (project) => projectSaved(client, project),
      onError: (error) => {
        // The stage changed elsewhere: show the current one at once, with its own two options.
        if (error instanceof ApiError && error.code === "invalid_stage_transition") {
          void client.invalidateQueries({ queryKey: queryKeys.project(projectId), exact: true });
        }
      },
    }),
  addMember: (client: QueryClient, projectId: string) =>
    mutationOptions({
      mutationFn: (member: { userId: string; role: ProjectRole }) => api.projects.addMember(projectId, member),
      onSuccess: (added) => {
        // In the list's order (by name, as the server sorts it).
        client.setQueryData<Members>(queryKeys.members(projectId), (current) =>
          current
            ? { members: [...current.members.filter((m) => m.userId !== added.userId), added].sort((a, b) => a.name.localeCompare(b.name, "es")) }
            : current,
        );
        membershipChanged(client, projectId, added.userId);
      },
    }),
  changeMemberRole: (client: QueryClient, projectId: string) =>
    mutationOptions({
      mutationFn: ({ userId, role }: { userId: string; role: ProjectRole }) => api.projects.changeMemberRole(projectId, userId, role),
      onSuccess: (changed) => {
        client.setQueryData<Members>(queryKeys.members(projectId), (current) =>
          current ? { members: current.members.map((m) => (m.userId === changed.userId ? changed : m)) } : current,
        );
        membershipChanged(client, projectId, changed.userId);
      },
    }),
  removeMember: (client: QueryClient, projectId: string) =>
    mutationOptions({
      mutationFn: (userId: string) => api.projects.removeMember(projectId, userId),
      onSuccess: (_answer, userId) => {
        client.setQueryData<Members>(queryKeys.members(projectId), (current) =>
          current ? { members: current.members.filter((m) => m.userId !== userId) } : current,
        );
        membershipChanged(client, projectId, userId);
      },
    }),
  createDocument: (client: QueryClient, projectId: string) =>
    mutationOptions({
      mutationFn: (document: { kind: DocumentKind; title: string; confirmDuplicate?: boolean }) => api.projects.createDocument(projectId, document),
      onSuccess: (document) => {
        client.setQueryData<Documents>(queryKeys.documents(projectId), (current) =>
          current ? { documents: [...current.documents.filter((d) => d.id !== document.id), document] } : current,
        );
        void client.invalidateQueries({ queryKey: queryKeys.activity(projectId) });
      },
    }),
  renameDocument: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ documentId, title, confirmDuplicate }: { documentId: string; title: string; confirmDuplicate?: boolean }) =>
        api.documents.rename(documentId, title, confirmDuplicate),
      onSuccess: (document) => {
        client.setQueryData<Documents>(queryKeys.documents(document.projectId), (current) =>
          current ? { documents: current.documents.map((d) => (d.id === document.id ? { ...d, ...document } : d)) } : current,
        );
        // An opened document keeps the caller's role and abilities; only its own fields change.
        client.setQueryData<ProjectDocument>(queryKeys.document(document.id), (current) => (current ? { ...current, ...document } : current));
        void client.invalidateQueries({ queryKey: queryKeys.activity(document.projectId) });
      },
    }),
  createOrg: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (org: NewOrg) => api.orgs.create(org),
      onSuccess: (org) => client.setQueryData<{ orgs: Organization[] }>(queryKeys.orgs, (current) => (current ? { orgs: [...current.orgs, org] } : current)),
    }),
  /** An agency's settings («Puede proponer proyectos»); the lists show the server's answer. */
  updateOrg: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ orgId, patch }: { orgId: string; patch: OrgPatch }) => api.orgs.update(orgId, patch),
      onSuccess: (org) =>
        client.setQueryData<{ orgs: Organization[] }>(queryKeys.orgs, (current) =>
          current ? { orgs: current.orgs.map((candidate) => (candidate.id === org.id ? org : candidate)) } : current,
        ),
    }),
  createUser: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (user: NewUser) => api.users.create(user),
      onSuccess: (user) =>
        client.setQueryData<{ users: AdminUser[] }>(queryKeys.users, (current) => (current ? { users: [...current.users, user] } : current)),
    }),
};

export const useCreateProject = () => useMutation(mutations.createProject(useQueryClient()));
export const useUpdateProject = (projectId: string) => useMutation(mutations.updateProject(useQueryClient(), projectId));
export const useChangeStage = (projectId: string) => useMutation(mutations.changeStage(useQueryClient(), projectId));
export const useAddMember = (projectId: string) => useMutation(mutations.addMember(useQueryClient(), projectId));
export const useChangeMemberRole = (projectId: string) => useMutation(mutations.changeMemberRole(useQueryClient(), projectId));
export const useRemoveMember = (projectId: string) => useMutation(mutations.removeMember(useQueryClient(), projectId));
export const useCreateDocument = (projectId: string) => useMutation(mutations.createDocument(useQueryClient(), projectId));
export const useRenameDocument = () => useMutation(mutations.renameDocument(useQueryClient()));
export const useCreateOrg = () => useMutation(mutations.createOrg(useQueryClient()));
export const useUpdateOrg = () => useMutation(mutations.updateOrg(useQueryClient()));
export const useCreateUser = () => useMutation(mutations.createUser(useQueryClient()));
