// What the administrators' territory page asks the server: every version of the layers (the
// current ones and those a later import superseded), a layer import, and the land-use
// compatibility matrix (read, replace, CSV in and out). Answers are typed by the server's routes
// (apps/server/src/routes/territory.ts); the matrix's body comes from the domain's schema. The
// map's own reading of the layers lives in ./territory.
import { mutationOptions, queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { ClientResponse, InferResponseType } from "hono/client";
import type { CompatibilityMatrixInput, LayerIssue } from "@taller/domain/territory";
import { client } from "./endpoints";
import { queryKeys } from "./keys";

/** A layer version as GET /api/layers?all=1 lists it (current versions first). */
export type LayerVersion = InferResponseType<typeof client.layers.$get>["layers"][number];
/** POST /api/layers's answer (201). */
export type ImportedLayer = InferResponseType<typeof client.layers.$post, 201>;
/** GET/PUT /api/compatibility and POST /api/compatibility/csv: the rules, the current zoning's zones, the uses. */
export type CompatibilityMatrix = InferResponseType<typeof client.compatibility.$get>;
export type CompatibilityRule = CompatibilityMatrix["rules"][number];

/** What a 400 invalid_geojson carries in `details.issues`. */
export type LayerImportIssue = LayerIssue;
/** What a 400 invalid_csv carries in `details.issues`. */
export interface CsvIssue {
  /** 1-based, the header being row 1; null for the matrix as a whole (shown by the page, never sent by the server). */
  row: number | null;
  column: string | null;
  message: string;
}

/**
 * The largest layer file the server takes (its MAX_LAYER_BYTES, the body limit of POST
 * /api/layers): a larger one is refused here before it is sent, since a browser whose upload is
 * cut off at the limit often reports a network failure instead of the server's 413.
 */
export const MAX_LAYER_FILE_BYTES = 25 * 1024 * 1024;

/** The most issues the server lists for one file (the domain's MAX_LAYER_ISSUES): with as many, there may be more. */
export const MAX_LAYER_ISSUES = 20;

type Signal = { signal?: AbortSignal | undefined };
const init = ({ signal }: Signal) => ({ init: { signal: signal ?? null } });
/** The parsed body of a 2xx answer (the client's fetch has already thrown ApiError for any other). */
async function body<T>(call: Promise<ClientResponse<T>>): Promise<T> {
  return (await call).json() as Promise<T>;
}

export const territoryAdminApi = {
  layerVersions: (signal: Signal = {}) => body(client.layers.$get({ query: { all: "1" } }, init(signal))),
  /** Where a layer import is POSTed (the page sends it with upload progress: features/admin/territory/upload.ts). */
  importUrl: () => `/api${client.layers.$path()}`,
  compatibility: (signal: Signal = {}) => body(client.compatibility.$get({}, init(signal))),
  saveCompatibility: (matrix: CompatibilityMatrixInput) => body(client.compatibility.$put({ json: matrix })),
  importCompatibilityCsv: (csv: string) =>
    body(client.compatibility.csv.$post({}, { init: { body: csv, headers: { "Content-Type": "text/csv" } } })),
  /** A download link (the browser follows it with the session cookie). */
  compatibilityCsvUrl: () => `/api${client["compatibility.csv"].$path()}`,
};

export const territoryAdminQueries = {
  layerVersions: () => queryOptions({ queryKey: queryKeys.layerVersions, queryFn: ({ signal }) => territoryAdminApi.layerVersions({ signal }) }),
  compatibility: () => queryOptions({ queryKey: queryKeys.compatibility, queryFn: ({ signal }) => territoryAdminApi.compatibility({ signal }) }),
};

/**
 * After a layer import: every layer list (the map's and this page's), and the matrix (a new
 * zoning brings other zones). Projects' territories were recomputed by the server: their records
 * and lists are fetched again when next shown.
 */
export function layerImported(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: queryKeys.layers });
  void client.invalidateQueries({ queryKey: queryKeys.compatibility });
  void client.invalidateQueries({ queryKey: ["project"] });
  void client.invalidateQueries({ queryKey: queryKeys.projectLists });
}

/** A matrix the server stored: shown as answered; projects' compatibility was recomputed. */
function matrixSaved(client: QueryClient, matrix: CompatibilityMatrix): void {
  client.setQueryData(queryKeys.compatibility, matrix);
  void client.invalidateQueries({ queryKey: ["project"] });
  void client.invalidateQueries({ queryKey: queryKeys.projectLists });
}

export const territoryAdminMutations = {
  saveCompatibility: (client: QueryClient) =>
    mutationOptions({ mutationFn: (matrix: CompatibilityMatrixInput) => territoryAdminApi.saveCompatibility(matrix), onSuccess: (matrix) => matrixSaved(client, matrix) }),
  importCompatibilityCsv: (client: QueryClient) =>
    mutationOptions({ mutationFn: (csv: string) => territoryAdminApi.importCompatibilityCsv(csv), onSuccess: (matrix) => matrixSaved(client, matrix) }),
};

export const useSaveCompatibility = () => useMutation(territoryAdminMutations.saveCompatibility(useQueryClient()));
export const useImportCompatibilityCsv = () => useMutation(territoryAdminMutations.importCompatibilityCsv(useQueryClient()));
