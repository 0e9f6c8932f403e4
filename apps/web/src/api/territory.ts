// Territorial layers as TanStack Query sees them: the current layers' list under ["layers"], and
// each layer's GeoJSON under ["layer", id]. A layer version never changes once imported (a new
// import supersedes it with a new id), so its GeoJSON is never stale; the list is reference data
// that changes only through the admin's imports (which invalidate ["layers"]).
//
// The shapes are the server's (apps/server/src/routes/territory.ts, through the typed client); a
// project's computed territory comes with the project itself (GET /api/projects/:id and the
// portfolio list, `territory`).
import { queryOptions } from "@tanstack/react-query";
import type { InferResponseType } from "hono/client";
import { client } from "./endpoints";
import { queryKeys } from "./keys";
import type { Project } from "./types";

export type { LandUse, LayerKind } from "@taller/domain/vocabulary";
export { LAND_USES as landUses, LAYER_KINDS as layerKinds, DEFAULT_LAND_USE_BY_KIND as defaultLandUseByKind } from "@taller/domain/vocabulary";

/** A layer as GET /api/layers lists it (current versions first). */
export type LayerSummary = InferResponseType<typeof client.layers.$get>["layers"][number];
/** The geometry types a layer or a project may have (EPSG:4326 longitude/latitude). */
export type Geometry = NonNullable<NonNullable<Project["location"]>["geometry"]>;
type WireLayerCollection = InferResponseType<(typeof client.layers)[":id"]["$get"], 200>;
/** A layer's feature; its geometry is one the domain validated on import (the wire types it as any JSON). */
export type LayerFeature = Omit<WireLayerCollection["features"][number], "geometry"> & { geometry: Geometry };
/** GET /api/layers/:id: the layer's features (imported properties plus `name`), in EPSG:4326. */
export type LayerCollection = Omit<WireLayerCollection, "features"> & { features: LayerFeature[] };
/** The territory the server computed for a project from its saved geometry (null without one). */
export type TerritoryResult = NonNullable<Project["territory"]>;
export type TerritoryZone = TerritoryResult["zones"][number];

type Signal = { signal?: AbortSignal | undefined };
const init = ({ signal }: Signal) => ({ init: { signal: signal ?? null } });

export const territoryApi = {
  layers: async (signal: Signal = {}) => (await client.layers.$get({ query: {} }, init(signal))).json(),
  layer: async (layerId: string, signal: Signal = {}) =>
    (await client.layers[":id"].$get({ param: { id: layerId } }, init(signal))).json() as Promise<LayerCollection>,
};

export const territoryQueries = {
  /** The current layers (reference data: a few minutes fresh; admins' imports invalidate it). */
  layers: () => queryOptions({ queryKey: queryKeys.layers, queryFn: ({ signal }) => territoryApi.layers({ signal }), staleTime: 5 * 60_000 }),
  /** One layer version's GeoJSON: immutable. */
  layer: (layerId: string) =>
    queryOptions({ queryKey: queryKeys.layer(layerId), queryFn: ({ signal }) => territoryApi.layer(layerId, { signal }), staleTime: Infinity }),
};
