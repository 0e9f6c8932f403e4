import { describe, expect, it } from "vitest";
import { boundsOf, parseGeometryText, readGeometry, sameGeometry } from "./geometry";

describe("the keyboard alternative's coordinates", () => {
  it("reads a longitude, latitude pair as a point, with commas, semicolons, spaces or a Unicode minus", () => {
    expect(parseGeometryText("-101.65, 21.12")).toEqual({ geometry: { type: "Point", coordinates: [-101.65, 21.12] } });
    expect(parseGeometryText(" −101.65 ; 21.12 ")).toEqual({ geometry: { type: "Point", coordinates: [-101.65, 21.12] } });
    expect(parseGeometryText("-101.65 21.12")).toEqual({ geometry: { type: "Point", coordinates: [-101.65, 21.12] } });
  });

  it("refuses empty text, a lone number, words, and positions out of range", () => {
    expect(parseGeometryText("  ")).toEqual({ error: "empty" });
    expect(parseGeometryText("-101.65")).toEqual({ error: "lonlat" });
    expect(parseGeometryText("Valle de Santa Rosa")).toEqual({ error: "lonlat" });
    expect(parseGeometryText("21.12, -191.65")).toEqual({ error: "range" });
    expect(parseGeometryText("-101.65, 95")).toEqual({ error: "range" });
  });

  it("reads pasted GeoJSON: a geometry, a Feature or a one-feature collection, dropping elevations", () => {
    const polygon = { type: "Polygon", coordinates: [[[-101.7, 21.1], [-101.6, 21.1], [-101.6, 21.2], [-101.7, 21.1]]] };
    expect(parseGeometryText(JSON.stringify(polygon))).toEqual({ geometry: polygon });
    expect(parseGeometryText(JSON.stringify({ type: "Feature", properties: {}, geometry: polygon }))).toEqual({ geometry: polygon });
    expect(
      parseGeometryText(JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: [[-101.7, 21.1, 1900], [-101.6, 21.2, 1950]] } }] })),
    ).toEqual({ geometry: { type: "LineString", coordinates: [[-101.7, 21.1], [-101.6, 21.2]] } });
    expect(readGeometry({ type: "MultiPoint", coordinates: [[-101.7, 21.1], [-101.6, 21.2]] })).toEqual({
      geometry: { type: "MultiPoint", coordinates: [[-101.7, 21.1], [-101.6, 21.2]] },
    });
  });

  it("names what is wrong with pasted GeoJSON", () => {
    expect(parseGeometryText("{ not json")).toEqual({ error: "json" });
    expect(parseGeometryText(JSON.stringify({ type: "GeometryCollection", geometries: [] }))).toEqual({ error: "type" });
    expect(parseGeometryText(JSON.stringify({ type: "Point", coordinates: ["a", "b"] }))).toEqual({ error: "type" });
    expect(parseGeometryText(JSON.stringify({ type: "LineString", coordinates: [[-101.7, 21.1]] }))).toEqual({ error: "line" });
    // An open ring, and a ring of three positions.
    expect(parseGeometryText(JSON.stringify({ type: "Polygon", coordinates: [[[-101.7, 21.1], [-101.6, 21.1], [-101.6, 21.2], [-101.7, 21.2]]] }))).toEqual({ error: "ring" });
    expect(parseGeometryText(JSON.stringify({ type: "Polygon", coordinates: [[[-101.7, 21.1], [-101.6, 21.1], [-101.7, 21.1]]] }))).toEqual({ error: "ring" });
    expect(parseGeometryText(JSON.stringify({ type: "MultiPolygon", coordinates: [[[[500, 21.1], [-101.6, 21.1], [-101.6, 21.2], [500, 21.1]]]] }))).toEqual({ error: "range" });
  });
});

describe("bounds", () => {
  it("surrounds every position of every geometry, and is null without any", () => {
    expect(boundsOf([])).toBeNull();
    expect(
      boundsOf([
        { type: "Point", coordinates: [-101.65, 21.12] },
        { type: "Polygon", coordinates: [[[-101.7, 21.1], [-101.6, 21.1], [-101.6, 21.2], [-101.7, 21.1]]] },
      ]),
    ).toEqual([
      [-101.7, 21.1],
      [-101.6, 21.2],
    ]);
  });

  it("compares locations by value", () => {
    expect(sameGeometry({ type: "Point", coordinates: [1, 2] }, { type: "Point", coordinates: [1, 2] })).toBe(true);
    expect(sameGeometry({ type: "Point", coordinates: [1, 2] }, null)).toBe(false);
  });
});
