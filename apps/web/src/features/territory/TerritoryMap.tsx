// The one map of the app (MapLibre GL JS): the territorial layers over a plain background — or
// over the institute's own style when MAP_STYLE_URL is set — and, on top, the portfolio's
// projects (points clustered, lines and polygons drawn, coloured by stage or priority) or one
// project's location. Loaded only by the screens that show a map (its chunk carries MapLibre and
// its CSS). Everything it draws is also written as text by the screen around it (legend, list,
// territory), so keyboard and screen-reader users get the same information.
import "maplibre-gl/dist/maplibre-gl.css";
import { Map as MapLibreMap, Marker, NavigationControl, setWorkerUrl, type GeoJSONSource, type LayerSpecification, type MapGeoJSONFeature } from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Geometry, LayerKind } from "../../api/territory";
import type { Bounds } from "./geometry";
import {
  CLUSTER_LAYER,
  layerLayers,
  layerSourceId,
  plainStyle,
  PROJECT_HIGHLIGHT,
  PROJECT_HIT_LAYERS,
  PROJECT_POINTS,
  PROJECT_SHAPES,
  projectColour,
  projectLayers,
  type ColourBy,
  type ProjectCollection,
} from "./mapStyle";
import type { LoadedLayer } from "./useLayers";

// The worker is its own file of the build (same origin: the CSP allows workers from 'self').
setWorkerUrl(workerUrl);

const HIGHLIGHT = "project-highlight";
const EMPTY: ProjectCollection = { type: "FeatureCollection", features: [] };

/** The map element as tests reach it: the MapLibre map, once created. */
export type MapElement = HTMLDivElement & { __tallerMap?: MapLibreMap };

export interface TerritoryMapProps {
  /** What the map shows, for its accessible name. */
  description: string;
  layers: readonly LoadedLayer[];
  /** The layer kinds shown (all when omitted). */
  visibleKinds?: ReadonlySet<LayerKind>;
  /** The portfolio's projects, and what colours them. */
  projects?: { points: ProjectCollection; shapes: ProjectCollection } | undefined;
  colourBy?: ColourBy;
  /** One project's saved location, drawn in the highlight colour (the territory tab). */
  highlight?: Geometry | null;
  /** Where to look; the map moves there again whenever `fitKey` changes. */
  bounds: Bounds | null;
  fitKey: string;
  /** Room kept around the bounds when moving there (a card over the map's left side needs more on the left). */
  fitPadding?: number | { top: number; right: number; bottom: number; left: number };
  /** The base style (MAP_STYLE_URL) or null for the plain background. */
  styleUrl: string | null;
  onProjectClick?: (projectId: string) => void;
  /** Called once the style has loaded (drawing tools attach here), and with null when it goes. */
  onMap?: (map: MapLibreMap | null) => void;
  className?: string;
  children?: ReactNode;
}

type MapState = "loading" | "ready" | "no-webgl";

let webgl: boolean | undefined;
/** Whether this browser can draw the map at all (WebGL 2, as MapLibre needs). */
function webglAvailable(): boolean {
  webgl ??= (() => {
    try {
      return document.createElement("canvas").getContext("webgl2") !== null;
    } catch {
      return false;
    }
  })();
  return webgl;
}

function setData(map: MapLibreMap, sourceId: string, data: unknown): void {
  const source = map.getSource<GeoJSONSource>(sourceId);
  if (source) void source.setData(data as Parameters<GeoJSONSource["setData"]>[0]);
}

function addLayers(map: MapLibreMap, layers: LayerSpecification[]): void {
  for (const layer of layers) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

export function TerritoryMap({
  description,
  layers,
  visibleKinds,
  projects,
  colourBy = "stage",
  highlight = null,
  bounds,
  fitKey,
  fitPadding = 48,
  styleUrl,
  onProjectClick,
  onMap,
  className,
  children,
}: TerritoryMapProps) {
  const { t } = useTranslation("territory");
  const container = useRef<MapElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [state, setState] = useState<MapState>(() => (webglAvailable() ? "loading" : "no-webgl"));
  // Callbacks and the view asked for are read from refs, so the map is created once.
  const clickRef = useRef(onProjectClick);
  const onMapRef = useRef(onMap);
  const boundsRef = useRef(bounds);
  const paddingRef = useRef(fitPadding);
  useEffect(() => {
    clickRef.current = onProjectClick;
    onMapRef.current = onMap;
    boundsRef.current = bounds;
    paddingRef.current = fitPadding;
  });
  const labels = useRef({ zoomIn: t("map.zoomIn"), zoomOut: t("map.zoomOut") });

  // Create the map once per base style.
  useEffect(() => {
    const element = container.current;
    if (!element || !webglAvailable()) return;
    let created: MapLibreMap;
    const initial = boundsRef.current;
    try {
      created = new MapLibreMap({
        container: element,
        style: styleUrl ?? plainStyle(),
        ...(initial ? { bounds: initial, fitBoundsOptions: { padding: 48, maxZoom: 15 } } : { center: [-102.3, 23.6], zoom: 4 }),
        attributionControl: styleUrl ? { compact: true } : false,
        maplibreLogo: false,
        dragRotate: false,
        pitchWithRotate: false,
        locale: { "NavigationControl.ZoomIn": labels.current.zoomIn, "NavigationControl.ZoomOut": labels.current.zoomOut },
      });
    } catch (error) {
      // WebGL refused after all: the screen's list and text carry the same information.
      console.warn("[map]", error);
      void Promise.resolve().then(() => setState("no-webgl"));
      return;
    }
    created.touchZoomRotate.disableRotation();
    created.addControl(new NavigationControl({ showCompass: false }), "top-right");
    element.__tallerMap = created;
    const markers = new Map<number, Marker>();

    created.on("load", () => {
      // Project sources exist from the start (empty), so layers can be added in any order.
      created.addSource(PROJECT_SHAPES, { type: "geojson", data: EMPTY });
      created.addSource(PROJECT_POINTS, { type: "geojson", data: EMPTY, cluster: true, clusterRadius: 44, clusterMaxZoom: 15 });
      created.addSource(HIGHLIGHT, { type: "geojson", data: EMPTY });
      setState("ready");
      setMap(created);
      onMapRef.current?.(created);
    });
    let fellBack = false;
    created.on("error", (event) => {
      // A layer's bad feature or an unreachable base style: logged; the map keeps what it can draw.
      console.warn("[map]", event.error?.message ?? event);
      // MAP_STYLE_URL that does not answer: our layers on the plain background rather than no map.
      if (styleUrl && !fellBack && !created.isStyleLoaded()) {
        fellBack = true;
        created.setStyle(plainStyle());
      }
    });

    // Clusters: a click zooms in until they separate; their counts are HTML (no glyphs needed).
    created.on("click", CLUSTER_LAYER, (event) => {
      const feature = event.features?.[0];
      const clusterId = feature?.properties?.cluster_id as number | undefined;
      if (feature === undefined || clusterId === undefined || feature.geometry.type !== "Point") return;
      const center = feature.geometry.coordinates as [number, number];
      void created
        .getSource<GeoJSONSource>(PROJECT_POINTS)
        ?.getClusterExpansionZoom(clusterId)
        .then((zoom) => created.easeTo({ center, zoom }));
    });
    created.on("click", (event) => {
      const hits = created.queryRenderedFeatures(event.point, { layers: PROJECT_HIT_LAYERS.filter((id) => created.getLayer(id)) });
      const id = (hits[0] as MapGeoJSONFeature | undefined)?.properties?.id as string | undefined;
      if (id) clickRef.current?.(id);
    });
    for (const layer of [CLUSTER_LAYER, ...PROJECT_HIT_LAYERS]) {
      created.on("mouseenter", layer, () => (created.getCanvas().style.cursor = "pointer"));
      created.on("mouseleave", layer, () => (created.getCanvas().style.cursor = ""));
    }
    const updateClusterCounts = () => {
      if (!created.getSource(PROJECT_POINTS) || !created.getLayer(CLUSTER_LAYER)) return;
      const seen = new Set<number>();
      for (const feature of created.querySourceFeatures(PROJECT_POINTS)) {
        const props = feature.properties as { cluster?: boolean; cluster_id?: number; point_count?: number } | null;
        if (!props?.cluster || props.cluster_id === undefined || feature.geometry.type !== "Point") continue;
        seen.add(props.cluster_id);
        let marker = markers.get(props.cluster_id);
        if (!marker) {
          const label = document.createElement("span");
          label.className = "map-cluster-count";
          label.setAttribute("aria-hidden", "true");
          label.textContent = String(props.point_count ?? "");
          marker = new Marker({ element: label }).setLngLat(feature.geometry.coordinates as [number, number]);
          markers.set(props.cluster_id, marker);
        }
        marker.addTo(created);
      }
      for (const [id, marker] of markers) {
        if (!seen.has(id)) {
          marker.remove();
          markers.delete(id);
        }
      }
    };
    created.on("render", () => {
      if (created.getSource(PROJECT_POINTS) && created.isSourceLoaded(PROJECT_POINTS)) updateClusterCounts();
    });

    return () => {
      onMapRef.current?.(null);
      for (const marker of markers.values()) marker.remove();
      delete element.__tallerMap;
      setMap(null);
      setState("loading");
      created.remove();
    };
  }, [styleUrl]);

  // The map's accessible name follows the language and what it shows.
  useEffect(() => {
    const region = map?.getCanvasContainer();
    if (!map || !region) return;
    map.getCanvas().setAttribute("aria-label", t("map.label", { description }));
    region.removeAttribute("aria-label");
    // The zoom buttons were named in the language of the moment the map was created.
    for (const [selector, label] of [
      [".maplibregl-ctrl-zoom-in", t("map.zoomIn")],
      [".maplibregl-ctrl-zoom-out", t("map.zoomOut")],
    ] as const) {
      const button = map.getContainer().querySelector(selector);
      button?.setAttribute("aria-label", label);
      button?.setAttribute("title", label);
    }
  }, [map, t, description]);

  // Territorial layers: a source per layer version, its map layers under the projects'.
  useEffect(() => {
    if (!map) return;
    const wanted = new Set(layers.map(({ layer }) => layerSourceId(layer)));
    for (const { layer, data } of layers) {
      const sourceId = layerSourceId(layer);
      if (!map.getSource(sourceId)) map.addSource(sourceId, { type: "geojson", data: data as never });
      const before = map.getLayer(`${PROJECT_SHAPES}-fill`) ? `${PROJECT_SHAPES}-fill` : map.getLayer(`${HIGHLIGHT}-fill`) ? `${HIGHLIGHT}-fill` : undefined;
      for (const spec of layerLayers(layer)) if (!map.getLayer(spec.id)) map.addLayer(spec, before);
    }
    // Layers superseded since (a new import): their map layers and sources go.
    for (const layer of map.getStyle().layers) {
      if (typeof (layer as { source?: unknown }).source === "string" && (layer as { source: string }).source.startsWith("layer-") && !wanted.has((layer as { source: string }).source)) {
        map.removeLayer(layer.id);
      }
    }
    for (const sourceId of Object.keys(map.getStyle().sources)) {
      if (sourceId.startsWith("layer-") && !wanted.has(sourceId)) map.removeSource(sourceId);
    }
  }, [map, layers]);

  // Which kinds are shown.
  useEffect(() => {
    if (!map) return;
    for (const { layer } of layers) {
      const visible = !visibleKinds || visibleKinds.has(layer.kind);
      for (const spec of layerLayers(layer)) if (map.getLayer(spec.id)) map.setLayoutProperty(spec.id, "visibility", visible ? "visible" : "none");
    }
  }, [map, layers, visibleKinds]);

  // The portfolio's projects.
  useEffect(() => {
    if (!map) return;
    setData(map, PROJECT_POINTS, projects?.points ?? EMPTY);
    setData(map, PROJECT_SHAPES, projects?.shapes ?? EMPTY);
    if (projects) addLayers(map, projectLayers(colourBy));
  }, [map, projects, colourBy]);

  useEffect(() => {
    if (!map) return;
    const colour = projectColour(colourBy);
    for (const id of [`${PROJECT_SHAPES}-fill`, `${PROJECT_SHAPES}-line`, `${PROJECT_POINTS}-points`]) {
      if (!map.getLayer(id)) continue;
      map.setPaintProperty(id, id.endsWith("-fill") ? "fill-color" : id.endsWith("-line") ? "line-color" : "circle-color", colour);
    }
  }, [map, colourBy]);

  // One project's saved location.
  useEffect(() => {
    if (!map) return;
    setData(map, HIGHLIGHT, highlight ? { type: "FeatureCollection", features: [{ type: "Feature", geometry: highlight, properties: {} }] } : EMPTY);
    addLayers(map, [
      {
        id: `${HIGHLIGHT}-fill`,
        type: "fill",
        source: HIGHLIGHT,
        filter: ["match", ["geometry-type"], ["Polygon", "MultiPolygon"], true, false],
        paint: { "fill-color": PROJECT_HIGHLIGHT, "fill-opacity": 0.25 },
      },
      { id: `${HIGHLIGHT}-line`, type: "line", source: HIGHLIGHT, filter: ["match", ["geometry-type"], ["Point", "MultiPoint"], false, true], paint: { "line-color": PROJECT_HIGHLIGHT, "line-width": 3.5 } },
      {
        id: `${HIGHLIGHT}-circle`,
        type: "circle",
        source: HIGHLIGHT,
        filter: ["match", ["geometry-type"], ["Point", "MultiPoint"], true, false],
        paint: { "circle-color": PROJECT_HIGHLIGHT, "circle-radius": 8, "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 },
      },
    ]);
  }, [map, highlight]);

  // Move to what the screen asks for, when it asks for something new.
  useEffect(() => {
    if (!map || !boundsRef.current) return;
    map.fitBounds(boundsRef.current, { padding: paddingRef.current, maxZoom: 15, duration: 0 });
  }, [map, fitKey]);

  return (
    <div className={`territory-map ${className ?? ""}`} data-map-state={state}>
      <div ref={container} className="territory-map-canvas" />
      {state === "loading" ? <p className="territory-map-status">{t("map.loading")}</p> : null}
      {state === "no-webgl" ? (
        <p className="territory-map-status" role="status">
          {t("map.noWebgl")}
        </p>
      ) : null}
      {children}
    </div>
  );
}
