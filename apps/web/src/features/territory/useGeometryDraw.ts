// Drawing a project's location on the map with terra-draw (its MapLibre adapter): point, line
// and polygon modes, and a select mode to drag the vertices of what is there. The project has one
// geometry: a new drawing replaces the previous one. The drawn geometry goes to the screen
// (`onChange`), which saves it through the API; what the server answers is what it shows as saved.
import type { Map as MapLibreMap } from "maplibre-gl";
import { useEffect, useRef, useState } from "react";
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  ValidateNotSelfIntersecting,
  type GeoJSONStoreFeatures,
} from "terra-draw";
import { TerraDrawMapLibreGLAdapter } from "terra-draw-maplibre-gl-adapter";
import type { Geometry } from "../../api/territory";
import { sameGeometry } from "./geometry";
import { PROJECT_HIGHLIGHT } from "./mapStyle";

export type DrawMode = "static" | "point" | "linestring" | "polygon" | "select";

/** Geometries terra-draw edits (its store holds Point, LineString and Polygon). */
export type DrawableGeometry = Extract<Geometry, { type: "Point" | "LineString" | "Polygon" }>;

export function isDrawable(geometry: Geometry | null): geometry is DrawableGeometry {
  return geometry !== null && (geometry.type === "Point" || geometry.type === "LineString" || geometry.type === "Polygon");
}

const COLOUR = PROJECT_HIGHLIGHT as `#${string}`;
const WHITE = "#ffffff" as const;

const modeOf: Record<DrawableGeometry["type"], Exclude<DrawMode, "static" | "select">> = { Point: "point", LineString: "linestring", Polygon: "polygon" };

function featureOf(geometry: DrawableGeometry): GeoJSONStoreFeatures {
  return { type: "Feature", geometry: geometry as GeoJSONStoreFeatures["geometry"], properties: { mode: modeOf[geometry.type] } } as GeoJSONStoreFeatures;
}

/** Plain [lon, lat] positions (terra-draw's precision is already limited to 9 decimals). */
function geometryOf(feature: GeoJSONStoreFeatures): DrawableGeometry {
  return JSON.parse(JSON.stringify(feature.geometry)) as DrawableGeometry;
}

// A polygon may not cross itself (the server refuses it too); checked when it is closed.
const notSelfIntersecting = (feature: GeoJSONStoreFeatures, context: { updateType: string }) =>
  context.updateType === "finish" || context.updateType === "commit" ? ValidateNotSelfIntersecting(feature) : { valid: true };

/**
 * Attaches terra-draw to `map` while `enabled`; keeps its store showing `geometry` (when it is
 * drawable) and reports every finished drawing or edit through `onChange`.
 */
export function useGeometryDraw({
  map,
  enabled,
  geometry,
  onChange,
}: {
  map: MapLibreMap | null;
  enabled: boolean;
  geometry: Geometry | null;
  onChange: (geometry: Geometry | null) => void;
}): { mode: DrawMode; setMode: (mode: DrawMode) => void; ready: boolean } {
  const [draw, setDraw] = useState<TerraDraw | null>(null);
  const [mode, setModeState] = useState<DrawMode>("static");
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  // The geometry the store holds, to tell the screen's changes from the drawing's own.
  const shown = useRef<Geometry | null>(null);
  // True while the screen's geometry is being written into the store (its events are not the person's).
  const syncing = useRef(false);

  useEffect(() => {
    if (!map || !enabled) return;
    const instance = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 7 }),
      modes: [
        new TerraDrawPointMode({ styles: { pointColor: COLOUR, pointWidth: 7, pointOutlineColor: WHITE, pointOutlineWidth: 2 } }),
        new TerraDrawLineStringMode({ styles: { lineStringColor: COLOUR, lineStringWidth: 3.5, closingPointColor: COLOUR, closingPointOutlineColor: WHITE } }),
        new TerraDrawPolygonMode({
          validation: notSelfIntersecting,
          styles: { fillColor: COLOUR, fillOpacity: 0.25, outlineColor: COLOUR, outlineWidth: 3, closingPointColor: COLOUR, closingPointOutlineColor: WHITE },
        }),
        new TerraDrawSelectMode({
          flags: {
            point: { feature: { draggable: true } },
            linestring: { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } } },
            polygon: { feature: { draggable: true, validation: notSelfIntersecting, coordinates: { draggable: true, midpoints: true, deletable: true } } },
          },
          styles: {
            selectedPolygonColor: COLOUR,
            selectedPolygonOutlineColor: COLOUR,
            selectedPolygonFillOpacity: 0.3,
            selectedLineStringColor: COLOUR,
            selectedPointColor: COLOUR,
            selectionPointColor: WHITE,
            selectionPointOutlineColor: COLOUR,
            midPointColor: WHITE,
            midPointOutlineColor: COLOUR,
          },
        }),
      ],
    });
    instance.start();
    instance.on("finish", (id, context) => {
      const feature = instance.getSnapshotFeature(id);
      if (!feature) return;
      const drawn = geometryOf(feature);
      if (context.action === "draw") {
        // One location per project: the new drawing replaces what was there.
        const others = instance.getSnapshot().filter((f) => f.id !== id).map((f) => f.id!);
        if (others.length > 0) instance.removeFeatures(others);
        instance.setMode("select");
        instance.selectFeature(id);
        setModeState("select");
      }
      shown.current = drawn;
      onChangeRef.current(drawn);
    });
    instance.on("change", (_ids, type) => {
      // A feature deleted in select mode (its Delete key) leaves the project without a location.
      if (!syncing.current && type === "delete" && instance.getSnapshot().length === 0 && shown.current !== null) {
        shown.current = null;
        onChangeRef.current(null);
      }
    });
    shown.current = null;
    setDraw(instance);
    return () => {
      setDraw(null);
      setModeState("static");
      try {
        instance.stop();
      } catch {
        // The map may already be gone (its own cleanup ran first).
      }
    };
  }, [map, enabled]);

  // The screen's geometry (saved, typed, discarded) into the store, unless it came from it.
  useEffect(() => {
    if (!draw || sameGeometry(shown.current, geometry)) return;
    syncing.current = true;
    try {
      draw.clear();
      shown.current = geometry;
      if (isDrawable(geometry)) {
        const results = draw.addFeatures([featureOf(geometry)]);
        if (!results.every((result) => result.valid)) shown.current = null;
      }
    } finally {
      syncing.current = false;
    }
  }, [draw, geometry]);

  function setMode(next: DrawMode) {
    if (!draw) return;
    draw.setMode(next);
    setModeState(next);
    if (next === "select") {
      const only = draw.getSnapshot()[0];
      if (only?.id !== undefined) draw.selectFeature(only.id);
    }
  }

  return { mode, setMode, ready: draw !== null };
}
