import { LAND_USES } from "@taller/domain";
import type { CompatibilityRule, TerritoryFeature, TerritoryLayer } from "@taller/db";
import type { LayerRow } from "../queries/territory";

/** A layer as the list shows it (GET /api/layers). */
export function presentLayer({ layer, importedBy }: LayerRow) {
  return {
    id: layer.id,
    kind: layer.kind,
    name: layer.name,
    features: layer.featureCount,
    sourceCrs: layer.sourceCrs,
    importedAt: layer.importedAt,
    importedBy,
    current: layer.supersededAt === null,
    supersededAt: layer.supersededAt,
  };
}

/** The answer to an import (POST /api/layers). */
export function presentImportedLayer(layer: TerritoryLayer, supersedes: string | null) {
  return {
    id: layer.id,
    kind: layer.kind,
    name: layer.name,
    features: layer.featureCount,
    sourceCrs: layer.sourceCrs,
    importedAt: layer.importedAt,
    supersedes,
  };
}

/** A layer as a GeoJSON FeatureCollection (GET /api/layers/:id): each feature's id is its row id, its properties the imported ones and its name. */
export function layerGeoJson(layer: TerritoryLayer, features: TerritoryFeature[]) {
  return {
    type: "FeatureCollection" as const,
    layer: { id: layer.id, kind: layer.kind, name: layer.name, current: layer.supersededAt === null },
    features: features.map((f) => ({
      type: "Feature" as const,
      id: f.id,
      properties: { ...f.properties, name: f.name },
      geometry: f.geometry,
      bbox: [f.minLon, f.minLat, f.maxLon, f.maxLat],
    })),
  };
}

export function presentRule(rule: CompatibilityRule) {
  return {
    zone: rule.zone,
    use: rule.use,
    compatibility: rule.compatibility,
    cos: rule.cos,
    cus: rule.cus,
    cas: rule.cas,
    note: rule.note,
  };
}

/** GET /api/compatibility: the rules, the zones of the current zoning layers, the uses. */
export function presentMatrix(rules: CompatibilityRule[], zones: string[]) {
  return { rules: rules.map(presentRule), zones, uses: LAND_USES };
}
