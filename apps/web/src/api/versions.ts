// Versions as TanStack Query sees them: a document's versions under ["versions", documentId] (the
// project event stream invalidates it when an event names the document: version.created,
// version.restored, review events), one version with its content under ["version", versionId]
// (immutable: never stale), and the mutations freeze and restore.
import { mutationOptions, queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { ClientResponse, InferResponseType } from "hono/client";
import type { ReviewResult } from "@taller/domain/reviews";
import { client } from "./endpoints";
import { queryKeys } from "./keys";

type Signal = { signal?: AbortSignal | undefined };

/** The parsed body of a 2xx answer (apiFetch has already thrown for any other). */
async function body<T>(call: Promise<ClientResponse<T>>): Promise<T> {
  return (await call).json() as Promise<T>;
}

/** The newest review round on a version (added to list items by the reviews work; absent before). */
export type VersionReviewStatus = {
  id: string;
  status: "open" | "closed";
  result: ReviewResult | null;
  closeReason: string | null;
};

/** A version in a document's list: number, name, note, hash, author (with agency), review status. */
export type Version = InferResponseType<(typeof client.documents)[":id"]["versions"]["$get"]>["versions"][number] & {
  latestReview?: VersionReviewStatus | null;
};
/** A version opened on its own: the summary plus its project, kind and content (ProseMirror JSON or tldraw records). */
export type VersionWithContent = InferResponseType<(typeof client.versions)[":id"]["$get"]> & { latestReview?: VersionReviewStatus | null };
export type RestoreResult = InferResponseType<(typeof client.versions)[":id"]["restore"]["$post"]>;

export const versionsApi = {
  list: (documentId: string, { signal }: Signal = {}) =>
    body(client.documents[":id"].versions.$get({ param: { id: documentId } }, { init: { signal: signal ?? null } })) as Promise<{ versions: Version[] }>,
  get: (versionId: string, { signal }: Signal = {}) =>
    body(client.versions[":id"].$get({ param: { id: versionId } }, { init: { signal: signal ?? null } })) as Promise<VersionWithContent>,
  freeze: (documentId: string, input: { name: string; note?: string | undefined }) =>
    body(client.documents[":id"].versions.$post({ param: { id: documentId }, json: input.note ? input : { name: input.name } })),
  restore: (versionId: string) => body(client.versions[":id"].restore.$post({ param: { id: versionId } })),
};

export const versionQueries = {
  /** A document's versions, newest first. */
  list: (documentId: string) => queryOptions({ queryKey: queryKeys.versions(documentId), queryFn: ({ signal }) => versionsApi.list(documentId, { signal }) }),
  /** One version with its content; a version never changes, so it is not fetched again. */
  one: (versionId: string) => queryOptions({ queryKey: queryKeys.version(versionId), queryFn: ({ signal }) => versionsApi.get(versionId, { signal }), staleTime: Infinity }),
};

export const versionMutations = {
  freeze: (queryClient: QueryClient, documentId: string) =>
    mutationOptions({
      mutationFn: (input: { name: string; note?: string | undefined }) => versionsApi.freeze(documentId, input),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.versions(documentId) }),
    }),
  restore: (queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (versionId: string) => versionsApi.restore(versionId),
      onSuccess: (result) => queryClient.invalidateQueries({ queryKey: queryKeys.versions(result.documentId) }),
    }),
};

export const useVersions = (documentId: string) => useQuery(versionQueries.list(documentId));
export const useVersion = (versionId: string) => useQuery(versionQueries.one(versionId));
export const useFreezeVersion = (documentId: string) => useMutation(versionMutations.freeze(useQueryClient(), documentId));
export const useRestoreVersion = () => useMutation(versionMutations.restore(useQueryClient()));
