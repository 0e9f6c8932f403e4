import { Hono } from "hono";
import { z } from "zod";
import { compatibilityMatrixSchema, DomainError, inputIssues, layerImportSchema, parseOptions } from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { globalAccess } from "../http/access";
import { assertStorableText, jsonBody, queryOf } from "../http/validate";
import { importLayer, replaceMatrix } from "../commands/territory";
import { currentZoneNames, listLayers, loadLayer, loadLayerFeatures, loadMatrix } from "../queries/territory";
import { layerGeoJson, presentImportedLayer, presentLayer, presentMatrix } from "../presenters/territory";
import { matrixCsv, parseMatrixCsv } from "../territory/matrix-csv";

/** Largest layer file (the JSON body of POST /api/layers); api.ts applies it to that route. */
export const MAX_LAYER_BYTES = 25 * 1024 * 1024;

const layerListQuerySchema = z.strictObject({ all: z.enum(["0", "1", "true", "false"]).optional() });

/**
 * Territorial layers and the land-use compatibility matrix. Reading is for every signed-in person
 * (the map and the project's territory show them); importing layers and changing the matrix is
 * for administrators (`territory.manage`). Each change recomputes every project's territory in
 * its own transaction (commands/territory.ts).
 */
export function territoryRoutes(deps: AppDeps) {
  const { db } = deps;
  const matrixAnswer = async () => presentMatrix(await loadMatrix(db), await currentZoneNames(db));
  return new Hono<AppEnv>()
    .get("/layers", queryOf(layerListQuerySchema), async (c) => {
      const { all } = c.req.valid("query");
      const layers = await listLayers(db, { all: all === "1" || all === "true" });
      return c.json({ layers: layers.map(presentLayer) });
    })
    .post("/layers", globalAccess("territory.manage"), jsonBody(layerImportSchema), async (c) => {
      const { layer, supersedes } = await importLayer({ db, actor: c.get("actor"), input: c.req.valid("json") });
      return c.json(presentImportedLayer(layer, supersedes), 201);
    })
    .get("/layers/:id", async (c) => {
      const id = c.req.param("id");
      // A layer version never changes once imported: its id is its entity tag.
      const etag = `"layer-${id}"`;
      const headers = { "Cache-Control": "private, max-age=60", ETag: etag };
      const layer = await loadLayer(db, id);
      if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
      return c.json(layerGeoJson(layer, await loadLayerFeatures(db, id)), 200, headers);
    })
    .get("/compatibility", async (c) => c.json(await matrixAnswer()))
    .put("/compatibility", globalAccess("territory.manage"), jsonBody(compatibilityMatrixSchema), async (c) => {
      await replaceMatrix({ db, actor: c.get("actor"), input: c.req.valid("json"), source: "json" });
      return c.json(await matrixAnswer());
    })
    .post("/compatibility/csv", globalAccess("territory.manage"), async (c) => {
      const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (mediaType !== "text/csv" && mediaType !== "text/plain") {
        throw new DomainError("unsupported_media_type", "El cuerpo debe ser CSV (Content-Type: text/csv).");
      }
      const text = await c.req.text();
      assertStorableText(text);
      const parsed = compatibilityMatrixSchema.safeParse(parseMatrixCsv(text), parseOptions);
      if (!parsed.success) throw new DomainError("validation_failed", "La matriz no es válida.", { issues: inputIssues(parsed.error) });
      await replaceMatrix({ db, actor: c.get("actor"), input: parsed.data, source: "csv" });
      return c.json(await matrixAnswer());
    })
    .get("/compatibility.csv", async (c) => {
      const csv = matrixCsv(await loadMatrix(db));
      return c.body(csv, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="matriz-compatibilidad.csv"`,
        "Cache-Control": "no-store",
      });
    });
}
