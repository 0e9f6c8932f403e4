import { and, eq, gte, inArray, isNotNull, isNull, lte, sql } from "@taller/db/sql";
import {
  bboxOf,
  computeTerritory,
  parseLayerGeoJson,
  projectLandUse,
  type Actor,
  type BBox,
  type CompatibilityMatrixInput,
  type CompatibilityRuleInput,
  type LayerImportInput,
  type TerritoryFeatureInput,
  type TerritoryGeometry,
  type TerritoryResult,
} from "@taller/domain";
import {
  compatibilityRules,
  projects,
  projectTerritory,
  territoryFeatures,
  territoryLayers,
  type Database,
  type Executor,
  type Project,
  type TerritoryLayer,
} from "@taller/db";
import { recordAudit } from "./audit";

/**
 * Territorial layers and the compatibility matrix, and every project's territory computed from
 * them. Whatever changes an input of the computation (a layer import, the matrix, a project's
 * geometry, kind or land-use category) recomputes the territories it affects in its own
 * transaction, so `project_territory` never disagrees with the committed layers and matrix.
 */

/**
 * Serializes the territory writers: an import or a matrix change takes it exclusively, a project's
 * refresh shared. Without it, a project saved while a layer is imported could keep a territory
 * computed against the layers of before.
 */
const TERRITORY_LOCK = 1_400_014;
const lockExclusive = (tx: Executor) => tx.execute(sql`select pg_advisory_xact_lock(${TERRITORY_LOCK})`);
const lockShared = (tx: Executor) => tx.execute(sql`select pg_advisory_xact_lock_shared(${TERRITORY_LOCK})`);

/** Features inserted per statement (a layer may have 20 000). */
const FEATURE_BATCH = 500;

interface TerritoryInputs {
  features: TerritoryFeatureInput[];
  rules: CompatibilityRuleInput[];
}

/**
 * The current layers' features and the matrix: what every project's territory is computed from.
 * With `near`, only the features whose bounding box meets that one (one project's refresh need
 * not read a whole municipality's zoning).
 */
async function territoryInputs(tx: Executor, near?: BBox): Promise<TerritoryInputs> {
  const current = isNull(territoryLayers.supersededAt);
  const where = near
    ? and(
        current,
        lte(territoryFeatures.minLon, near[2]),
        gte(territoryFeatures.maxLon, near[0]),
        lte(territoryFeatures.minLat, near[3]),
        gte(territoryFeatures.maxLat, near[1]),
      )
    : current;
  const [features, rules] = await Promise.all([
    tx
      .select({
        layerKind: territoryLayers.kind,
        layerName: territoryLayers.name,
        name: territoryFeatures.name,
        geometry: territoryFeatures.geometry,
        minLon: territoryFeatures.minLon,
        minLat: territoryFeatures.minLat,
        maxLon: territoryFeatures.maxLon,
        maxLat: territoryFeatures.maxLat,
      })
      .from(territoryFeatures)
      .innerJoin(territoryLayers, eq(territoryLayers.id, territoryFeatures.layerId))
      .where(where),
    tx.select().from(compatibilityRules),
  ]);
  return {
    features: features.map((f) => ({
      layerKind: f.layerKind,
      layerName: f.layerName,
      name: f.name,
      geometry: f.geometry as TerritoryGeometry,
      bbox: [f.minLon, f.minLat, f.maxLon, f.maxLat],
    })),
    rules,
  };
}

/** A project's territory from the inputs, or null without geometry. */
function territoryOf(project: Pick<Project, "kind" | "location" | "alignment">, inputs: TerritoryInputs): TerritoryResult | null {
  const geometry = project.location?.geometry ?? null;
  if (geometry === null) return null;
  return computeTerritory({
    geometry,
    use: projectLandUse(project.kind, project.alignment.landUseCategory ?? null),
    features: inputs.features,
    rules: inputs.rules,
  });
}

async function storeTerritory(tx: Executor, projectId: string, result: TerritoryResult | null): Promise<void> {
  if (result === null) {
    await tx.delete(projectTerritory).where(eq(projectTerritory.projectId, projectId));
    return;
  }
  const value = result as unknown as Record<string, unknown>;
  await tx
    .insert(projectTerritory)
    .values({ projectId, result: value })
    .onConflictDoUpdate({ target: projectTerritory.projectId, set: { result: value, computedAt: sql`now()` } });
}

/** Recomputes one project's territory inside the caller's transaction (after its row changed). */
export async function refreshProjectTerritory(tx: Executor, projectId: string): Promise<TerritoryResult | null> {
  await lockShared(tx);
  const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
  if (!project) return null;
  const geometry = project.location?.geometry ?? null;
  const result = territoryOf(project, geometry === null ? { features: [], rules: [] } : await territoryInputs(tx, bboxOf(geometry)));
  await storeTerritory(tx, projectId, result);
  return result;
}

/** Recomputes every project's territory inside the caller's transaction (after layers or the matrix changed). */
async function refreshAllTerritories(tx: Executor): Promise<number> {
  const inputs = await territoryInputs(tx);
  const located = await tx
    .select({ id: projects.id, kind: projects.kind, location: projects.location, alignment: projects.alignment })
    .from(projects)
    .where(isNotNull(sql`${projects.location}->'geometry'`));
  let computed = 0;
  for (const project of located) {
    const result = territoryOf(project, inputs);
    await storeTerritory(tx, project.id, result);
    if (result !== null) computed++;
  }
  // Rows of projects whose geometry went away meanwhile (they are removed with it, but be exact).
  const keep = located.map((p) => p.id);
  if (keep.length === 0) await tx.delete(projectTerritory);
  else await tx.delete(projectTerritory).where(sql`${projectTerritory.projectId} not in (${sql.join(keep.map((id) => sql`${id}`), sql`, `)})`);
  return computed;
}

export interface ImportedLayer {
  layer: TerritoryLayer;
  supersedes: string | null;
}

/**
 * Imports a layer file: validates every feature (nothing is stored when one is wrong), stores the
 * layer and its features, supersedes the current layer of the same kind and name (compared
 * without case), recomputes every project's territory and audits it. One transaction.
 */
export async function importLayer({ db, actor, input }: { db: Database; actor: Actor; input: LayerImportInput }): Promise<ImportedLayer> {
  const parsed = parseLayerGeoJson(input.geojson, { kind: input.kind, nameField: input.nameField, layerName: input.name });
  return db.transaction(async (tx) => {
    await lockExclusive(tx);
    const now = new Date();
    const superseded = await tx
      .update(territoryLayers)
      .set({ supersededAt: now })
      .where(and(eq(territoryLayers.kind, input.kind), sql`lower(${territoryLayers.name}) = lower(${input.name})`, isNull(territoryLayers.supersededAt)))
      .returning({ id: territoryLayers.id });
    const [layer] = await tx
      .insert(territoryLayers)
      .values({
        kind: input.kind,
        name: input.name,
        nameField: input.nameField ?? null,
        sourceCrs: parsed.sourceCrs,
        featureCount: parsed.features.length,
        importedBy: actor.userId,
        importedAt: now,
      })
      .returning();
    const previous = superseded[0]?.id ?? null;
    if (superseded.length > 0) {
      await tx
        .update(territoryLayers)
        .set({ supersededBy: layer!.id })
        .where(inArray(territoryLayers.id, superseded.map((s) => s.id)));
    }
    for (let start = 0; start < parsed.features.length; start += FEATURE_BATCH) {
      await tx.insert(territoryFeatures).values(
        parsed.features.slice(start, start + FEATURE_BATCH).map((f) => ({
          layerId: layer!.id,
          ordinal: f.ordinal,
          name: f.name,
          properties: f.properties,
          geometry: f.geometry,
          minLon: f.bbox[0],
          minLat: f.bbox[1],
          maxLon: f.bbox[2],
          maxLat: f.bbox[3],
        })),
      );
    }
    const projectsComputed = await refreshAllTerritories(tx);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "territory.layer_imported",
      subjectType: "territory_layer",
      subjectId: layer!.id,
      details: { kind: input.kind, name: input.name, features: parsed.features.length, sourceCrs: parsed.sourceCrs, supersedes: previous, projectsComputed },
    });
    return { layer: layer!, supersedes: previous };
  });
}

/** Replaces the whole compatibility matrix, recomputes every project's territory, audits it. One transaction. */
export async function replaceMatrix({ db, actor, input, source }: { db: Database; actor: Actor; input: CompatibilityMatrixInput; source: "json" | "csv" }): Promise<void> {
  await db.transaction(async (tx) => {
    await lockExclusive(tx);
    const before = await tx.select({ zone: compatibilityRules.zone }).from(compatibilityRules);
    await tx.delete(compatibilityRules);
    const now = new Date();
    for (let start = 0; start < input.rules.length; start += FEATURE_BATCH) {
      await tx.insert(compatibilityRules).values(
        input.rules.slice(start, start + FEATURE_BATCH).map((r) => ({
          zone: r.zone,
          use: r.use,
          compatibility: r.compatibility,
          cos: r.cos ?? null,
          cus: r.cus ?? null,
          cas: r.cas ?? null,
          note: r.note ?? null,
          updatedBy: actor.userId,
          updatedAt: now,
        })),
      );
    }
    const projectsComputed = await refreshAllTerritories(tx);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "territory.matrix_updated",
      subjectType: "compatibility_matrix",
      subjectId: "pmduoet",
      details: { source, rulesBefore: before.length, rules: input.rules.length, projectsComputed },
    });
  });
}
