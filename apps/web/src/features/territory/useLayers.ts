// The current territorial layers with their GeoJSON, for the maps (portfolio and project). Each
// layer's GeoJSON is its own cached query (immutable per version), fetched in parallel.
import { useQueries, useQuery } from "@tanstack/react-query";
import { queries } from "../../api";
import { territoryQueries, type LayerCollection, type LayerSummary } from "../../api/territory";
import { LAYER_ORDER } from "./mapStyle";

export interface LoadedLayer {
  layer: LayerSummary;
  data: LayerCollection;
}

export function useCurrentLayers(): { layers: LoadedLayer[]; summaries: LayerSummary[]; pending: boolean; error: unknown } {
  const list = useQuery(territoryQueries.layers());
  const summaries = (list.data?.layers ?? [])
    .filter((layer) => layer.current)
    .sort((a, b) => LAYER_ORDER.indexOf(a.kind) - LAYER_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name, "es"));
  const data = useQueries({ queries: summaries.map((layer) => territoryQueries.layer(layer.id)) });
  const layers: LoadedLayer[] = [];
  summaries.forEach((layer, index) => {
    const collection = data[index]?.data;
    if (collection) layers.push({ layer, data: collection });
  });
  return {
    layers,
    summaries,
    pending: list.isPending || data.some((query) => query.isPending),
    error: list.error ?? data.find((query) => query.error)?.error ?? null,
  };
}

/** MAP_STYLE_URL as /api/client-config hands it (null: the plain background). */
export function useMapStyleUrl(): { url: string | null; ready: boolean } {
  const config = useQuery(queries.clientConfig());
  const url = (config.data as { mapStyleUrl?: string | null } | undefined)?.mapStyleUrl ?? null;
  return { url, ready: !config.isPending };
}
