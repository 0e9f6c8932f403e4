import { afterEach, describe, expect, it, vi } from "vitest";
import { hashKey, MutationObserver, QueryClient, type MutationOptions, type QueryKey } from "@tanstack/react-query";
import { projectAbilities } from "@taller/domain/permissions";
import { api } from "./endpoints";
import { queryKeys } from "./keys";
import { invalidateProject, mutations, queries } from "./queries";
import type { OpenedDocument, Project, ProjectDocument, ProjectMember } from "./types";

// The cache's contract with the screens: which keys one change reaches, and which it leaves alone.
// Nothing here talks HTTP: the endpoints a mutation calls are stubbed with the server's answer.

const owner = projectAbilities({ userId: "u1", isAdmin: false }, { role: "owner" });
const textDocument = (id: string, projectId: string, title: string): ProjectDocument => ({
  id,
  projectId,
  kind: "text",
  title,
  collabName: `doc.${id}`,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  archivedAt: null,
});
const member = (userId: string, role: ProjectMember["role"]): ProjectMember => ({
  userId,
  name: userId,
  role,
  since: "2026-01-01T00:00:00Z",
  org: { id: "o1", name: "Instituto Municipal de Planeación", shortName: "IMPLAN" },
});

/** A cache as a person has it after visiting two projects, their documents and the portfolio. */
function filledCache(): QueryClient {
  const client = new QueryClient();
  const set = (key: QueryKey, data: unknown) => client.setQueryData(key, data);
  set(queryKeys.session, { id: "me", name: "Yo" });
  set(queryKeys.orgs, { orgs: [] });
  set(queryKeys.projects({}), { projects: [{ id: "p1" }, { id: "p2" }] });
  set(queryKeys.projects({ stage: "idea" }), { projects: [{ id: "p1" }] });
  for (const projectId of ["p1", "p2"]) {
    set(queryKeys.project(projectId), { id: projectId });
    set(queryKeys.members(projectId), { members: [member("me", "owner"), member("ana", "editor")] });
    set(queryKeys.documents(projectId), { documents: [textDocument(`d-${projectId}`, projectId, "Estudio")] });
    set(queryKeys.activity(projectId), { activity: [] });
    set(queryKeys.document(`d-${projectId}`), { ...textDocument(`d-${projectId}`, projectId, "Estudio"), myRole: "owner", abilities: owner });
  }
  return client;
}

/** The keys whose data the cache now considers out of date. */
function invalidated(client: QueryClient): string[] {
  return client
    .getQueryCache()
    .getAll()
    .filter((query) => query.state.isInvalidated)
    .map((query) => hashKey(query.queryKey))
    .sort();
}

const hashes = (...keys: QueryKey[]) => keys.map((key) => hashKey(key)).sort();
/** What the filled cache holds about project p1, its opened document and the lists that show it. */
const everythingAboutP1 = hashes(
  queryKeys.project("p1"),
  queryKeys.members("p1"),
  queryKeys.documents("p1"),
  queryKeys.activity("p1"),
  queryKeys.document("d-p1"),
  queryKeys.projects({}),
  queryKeys.projects({ stage: "idea" }),
);

/** Runs a mutation as useMutation would, outside React. */
function run<TData, TVariables>(client: QueryClient, options: MutationOptions<TData, Error, TVariables>, variables: TVariables): Promise<TData> {
  return new MutationObserver(client, options).mutate(variables);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("query keys", () => {
  it("give unset filters and no filters the same portfolio list", () => {
    expect(hashKey(queryKeys.projects({ stage: undefined, text: "" }))).toBe(hashKey(queryKeys.projects({})));
    expect(hashKey(queryKeys.projects({ stage: "idea" }))).not.toBe(hashKey(queryKeys.projects({})));
  });
});

describe("the activity feed's pages", () => {
  const { getNextPageParam } = queries.activity("p1");

  it("ask for the entries older than the server's cursor, until a page comes back without one", () => {
    const full = { activity: [], nextCursor: "1795840000000000.a.00000000000000000451" };
    expect(getNextPageParam(full, [full], undefined, [undefined])).toBe("1795840000000000.a.00000000000000000451");
    const last = { activity: [], nextCursor: null };
    expect(getNextPageParam(last, [full, last], full.nextCursor, [undefined, full.nextCursor])).toBeUndefined();
  });
});

describe("invalidateProject", () => {
  it("reaches everything about that project, its documents and the portfolio lists, and nothing of another project", async () => {
    const client = filledCache();
    await invalidateProject(client, "p1");
    expect(invalidated(client)).toEqual(everythingAboutP1);
  });
});

describe("mutations", () => {
  it("a rename writes the server's title into the list and the opened document (keeping its abilities) and invalidates only the trail", async () => {
    const client = filledCache();
    vi.spyOn(api.documents, "rename").mockResolvedValue({ ...textDocument("d-p1", "p1", "Estudio de movilidad"), updatedAt: "2026-02-01T00:00:00Z" });
    await run(client, mutations.renameDocument(client), { documentId: "d-p1", title: "Estudio de movilidad" });

    expect(client.getQueryData<{ documents: ProjectDocument[] }>(queryKeys.documents("p1"))?.documents[0]?.title).toBe("Estudio de movilidad");
    const opened = client.getQueryData<OpenedDocument>(queryKeys.document("d-p1"));
    expect(opened).toMatchObject({ title: "Estudio de movilidad", updatedAt: "2026-02-01T00:00:00Z", myRole: "owner", abilities: owner });
    expect(client.getQueryData<{ documents: ProjectDocument[] }>(queryKeys.documents("p2"))?.documents[0]?.title).toBe("Estudio");
    expect(invalidated(client)).toEqual(hashes(queryKeys.activity("p1")));
  });

  it("a saved project goes into the cache as the server answered; lists and the trail are marked out of date", async () => {
    const client = filledCache();
    const saved = { id: "p1", name: "Parque lineal", abilities: owner } as Project;
    vi.spyOn(api.projects, "update").mockResolvedValue(saved);
    await run(client, mutations.updateProject(client, "p1"), { name: "Parque lineal" });

    expect(client.getQueryData(queryKeys.project("p1"))).toEqual(saved);
    expect(invalidated(client)).toEqual(hashes(queryKeys.activity("p1"), queryKeys.projects({}), queryKeys.projects({ stage: "idea" })));
  });

  it("someone else's new role changes the members list and the trail; one's own also the project's abilities", async () => {
    const client = filledCache();
    vi.spyOn(api.projects, "changeMemberRole").mockImplementation(async (_projectId, userId, role) => member(userId, role));
    await run(client, mutations.changeMemberRole(client, "p1"), { userId: "ana", role: "viewer" });

    expect(client.getQueryData<{ members: ProjectMember[] }>(queryKeys.members("p1"))?.members.map((m) => m.role)).toEqual(["owner", "viewer"]);
    expect(invalidated(client)).toEqual(hashes(queryKeys.activity("p1")));

    await run(client, mutations.changeMemberRole(client, "p1"), { userId: "me", role: "editor" });
    expect(invalidated(client)).toEqual(everythingAboutP1);
  });

  it("a new project is shown at the top of the unfiltered list; every list is out of date but none is fetched", async () => {
    const client = filledCache();
    const list = vi.spyOn(api.projects, "list");
    const created = { id: "p3", name: "Ciclovía" } as Project;
    vi.spyOn(api.projects, "create").mockResolvedValue(created);
    await run(client, mutations.createProject(client), { name: "Ciclovía", kind: "study" });

    expect(client.getQueryData<{ projects: Project[] }>(queryKeys.projects({}))?.projects.map((p) => p.id)).toEqual(["p3", "p1", "p2"]);
    expect(client.getQueryData(queryKeys.project("p3"))).toEqual(created);
    expect(invalidated(client)).toEqual(hashes(queryKeys.projects({}), queryKeys.projects({ stage: "idea" })));
    expect(list).not.toHaveBeenCalled();
  });
});
