// What the maps draw and in which colours, without the map library itself (types only), so the
// legends, the list and the tests share the same palette as the map. The default map is a plain
// background with our own GeoJSON sources: no tiles, no glyphs, no sprites — nothing fetched from
// another host (the closed network has none). With MAP_STYLE_URL the institute's own style is the
// base and these layers go on top.
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from "maplibre-gl";
import type { LayerKind, LayerSummary } from "../../api/territory";
import type { Project } from "../../api";
import { stagePhase } from "../projects/ProjectLabels";

export const BACKGROUND = "#eef1f4";

/** Each layer kind's colours: the legend's swatch uses the same (fill, line, dashed). */
export const LAYER_STYLE: Record<LayerKind, { line: string; fill: string | null; fillOpacity: number; dashed: boolean; width: number }> = {
  microregion: { line: "#5b3a8c", fill: null, fillOpacity: 0, dashed: true, width: 2.2 },
  zoning: { line: "#8a5d0c", fill: "#e0b24f", fillOpacity: 0.22, dashed: false, width: 1.2 },
  reserve: { line: "#1d6b40", fill: "#3f9b63", fillOpacity: 0.28, dashed: false, width: 1.5 },
  infrastructure: { line: "#56606b", fill: null, fillOpacity: 0, dashed: true, width: 2 },
};

/** Drawing order, bottom to top (areas under outlines, networks on top). */
export const LAYER_ORDER: readonly LayerKind[] = ["zoning", "reserve", "microregion", "infrastructure"];

export type StagePhase = ReturnType<typeof stagePhase>;
export type PriorityLevel = "high" | "medium" | "low" | "unrated";
export type ColourBy = "stage" | "priority";

// Darker than the background and the layers' fills (3:1 or more against #eef1f4), with a white
// outline, so each symbol stands out; the legend and the list also name them in words.
export const PHASE_COLOURS: Record<StagePhase, string> = {
  pre: "#1f5fbf",
  investment: "#a34d00",
  operation: "#17703c",
  closed: "#30343b",
};
export const PHASES: readonly StagePhase[] = ["pre", "investment", "operation", "closed"];

export const PRIORITY_COLOURS: Record<PriorityLevel, string> = {
  high: "#0b4450",
  medium: "#2c8595",
  low: "#b0570b",
  unrated: "#5f6670",
};
export const PRIORITY_LEVELS: readonly PriorityLevel[] = ["high", "medium", "low", "unrated"];

/**
 * The same thresholds as the portfolio's priority meter. A project nobody has rated for impact is
 * «Sin evaluar», as the meter says, not "low": its score then holds only the alignment factors.
 */
export function priorityLevel(priority: Pick<Project["priority"], "score" | "evaluated">): PriorityLevel {
  if (!priority.evaluated) return "unrated";
  return priority.score >= 70 ? "high" : priority.score >= 40 ? "medium" : "low";
}

/** The colour of the project being edited in its own territory tab. */
export const PROJECT_HIGHLIGHT = "#c2185b";
export const CLUSTER_COLOUR = "#0a3a45";

export const PROJECT_POINTS = "projects-points";
export const PROJECT_SHAPES = "projects-shapes";

export interface ProjectFeatureProperties {
  id: string;
  clave: string;
  name: string;
  phase: StagePhase;
  level: PriorityLevel;
}

type Feature = { type: "Feature"; id?: number; geometry: NonNullable<NonNullable<Project["location"]>["geometry"]>; properties: ProjectFeatureProperties };
export type ProjectCollection = { type: "FeatureCollection"; features: Feature[] };

/**
 * The projects with a geometry as two collections: points (clustered; a MultiPoint becomes one
 * point per part, all naming the project) and shapes (lines and polygons, never clustered).
 */
export function projectCollections(projects: readonly Project[]): { points: ProjectCollection; shapes: ProjectCollection } {
  const points: Feature[] = [];
  const shapes: Feature[] = [];
  for (const project of projects) {
    const geometry = project.location?.geometry;
    if (!geometry) continue;
    const properties: ProjectFeatureProperties = {
      id: project.id,
      clave: project.clave,
      name: project.name,
      phase: stagePhase(project.stage),
      level: priorityLevel(project.priority),
    };
    if (geometry.type === "Point") points.push({ type: "Feature", geometry, properties });
    else if (geometry.type === "MultiPoint") {
      for (const coordinates of geometry.coordinates) points.push({ type: "Feature", geometry: { type: "Point", coordinates }, properties });
    } else shapes.push({ type: "Feature", geometry, properties });
  }
  return { points: { type: "FeatureCollection", features: points }, shapes: { type: "FeatureCollection", features: shapes } };
}

/** The paint colour of a project symbol, by stage phase or by priority level. */
export function projectColour(by: ColourBy): ExpressionSpecification {
  return by === "stage"
    ? ["match", ["get", "phase"], "pre", PHASE_COLOURS.pre, "investment", PHASE_COLOURS.investment, "operation", PHASE_COLOURS.operation, PHASE_COLOURS.closed]
    : ["match", ["get", "level"], "high", PRIORITY_COLOURS.high, "medium", PRIORITY_COLOURS.medium, "low", PRIORITY_COLOURS.low, PRIORITY_COLOURS.unrated];
}

/** The default base: a plain background, nothing else (no glyphs, no sprite, no tiles). */
export function plainStyle(): StyleSpecification {
  return { version: 8, sources: {}, layers: [{ id: "background", type: "background", paint: { "background-color": BACKGROUND } }] };
}

export const layerSourceId = (layer: Pick<LayerSummary, "id">) => `layer-${layer.id}`;

/** The map layers of one territorial layer (its source is `layerSourceId`). */
export function layerLayers(layer: Pick<LayerSummary, "id" | "kind">): LayerSpecification[] {
  const source = layerSourceId(layer);
  const style = LAYER_STYLE[layer.kind];
  const result: LayerSpecification[] = [];
  if (style.fill) {
    result.push({
      id: `${source}-fill`,
      type: "fill",
      source,
      filter: ["match", ["geometry-type"], ["Polygon", "MultiPolygon"], true, false],
      paint: { "fill-color": style.fill, "fill-opacity": style.fillOpacity },
    });
  }
  result.push({
    id: `${source}-line`,
    type: "line",
    source,
    filter: ["match", ["geometry-type"], ["Point", "MultiPoint"], false, true],
    layout: { "line-join": "round", "line-cap": "round" },
    paint: { "line-color": style.line, "line-width": style.width, ...(style.dashed ? { "line-dasharray": layer.kind === "infrastructure" ? [1.5, 1] : [3, 2] } : {}) },
  });
  // Infrastructure may hold points (wells, tanks).
  result.push({
    id: `${source}-circle`,
    type: "circle",
    source,
    filter: ["match", ["geometry-type"], ["Point", "MultiPoint"], true, false],
    paint: { "circle-color": style.line, "circle-radius": 4, "circle-stroke-color": "#ffffff", "circle-stroke-width": 1 },
  });
  return result;
}

/** The projects' map layers: shapes (fill, outline), clusters and single points. */
export function projectLayers(by: ColourBy): LayerSpecification[] {
  const colour = projectColour(by);
  return [
    {
      id: `${PROJECT_SHAPES}-fill`,
      type: "fill",
      source: PROJECT_SHAPES,
      filter: ["match", ["geometry-type"], ["Polygon", "MultiPolygon"], true, false],
      paint: { "fill-color": colour, "fill-opacity": 0.35 },
    },
    {
      id: `${PROJECT_SHAPES}-casing`,
      type: "line",
      source: PROJECT_SHAPES,
      layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": "#ffffff", "line-width": 6 },
    },
    {
      id: `${PROJECT_SHAPES}-line`,
      type: "line",
      source: PROJECT_SHAPES,
      layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": colour, "line-width": 3.5 },
    },
    {
      id: `${PROJECT_POINTS}-clusters`,
      type: "circle",
      source: PROJECT_POINTS,
      filter: ["has", "point_count"],
      // White discs with a dark ring and a dark count: unlike any project symbol, whatever colours them.
      paint: {
        "circle-color": "#ffffff",
        "circle-radius": ["step", ["get", "point_count"], 15, 5, 19, 15, 24],
        "circle-stroke-color": CLUSTER_COLOUR,
        "circle-stroke-width": 3,
      },
    },
    {
      id: `${PROJECT_POINTS}-points`,
      type: "circle",
      source: PROJECT_POINTS,
      filter: ["!", ["has", "point_count"]],
      paint: { "circle-color": colour, "circle-radius": 8, "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 },
    },
  ];
}

/** The map layers a project click can hit. */
export const PROJECT_HIT_LAYERS = [`${PROJECT_POINTS}-points`, `${PROJECT_SHAPES}-fill`, `${PROJECT_SHAPES}-line`];
export const CLUSTER_LAYER = `${PROJECT_POINTS}-clusters`;
