// Diffs between two versions of a document, or a version and the live document, as TanStack Query
// sees them: one query per pair under ["versionDiff", versionId, against]. A diff between two
// versions never changes (versions are immutable); one against "live" is read again when shown.
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { InferResponseType } from "hono/client";
import { client } from "./endpoints";
import { queryKeys } from "./keys";

type Signal = { signal?: AbortSignal | undefined };

/** The answer of GET /api/versions/:id/diff (see the README, "Diffs"). */
export type VersionDiff = InferResponseType<(typeof client.versions)[":id"]["diff"]["$get"]>;
export type TextVersionDiff = Extract<VersionDiff, { kind: "text" }>;
export type CanvasVersionDiff = Extract<VersionDiff, { kind: "canvas" }>;
export type DiffBlock = TextVersionDiff["blocks"][number];
export type DiffSection = TextVersionDiff["sections"][number];
export type ShapeChange = CanvasVersionDiff["shapes"][number];
export type DiffEnd = VersionDiff["from"];

export const diffsApi = {
  get: async (versionId: string, against: string, { signal }: Signal = {}): Promise<VersionDiff> => {
    const response = await client.versions[":id"].diff.$get({ param: { id: versionId }, query: { against } }, { init: { signal: signal ?? null } });
    return (await response.json()) as VersionDiff;
  },
};

export const diffQueries = {
  /** `against`: another version's id, or "live". */
  diff: (versionId: string, against: string) =>
    queryOptions({
      queryKey: queryKeys.versionDiff(versionId, against),
      queryFn: ({ signal }) => diffsApi.get(versionId, against, { signal }),
      staleTime: against === "live" ? 0 : Infinity,
    }),
};

export const useVersionDiff = (versionId: string, against: string) => useQuery(diffQueries.diff(versionId, against));
