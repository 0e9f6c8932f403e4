import { asc, desc, eq, inArray, isNull, sql } from "@taller/db/sql";
import { DomainError, type TerritoryResult } from "@taller/domain";
import { compatibilityRules, projectTerritory, territoryFeatures, territoryLayers, users, type Executor } from "@taller/db";
import { isUuid } from "../http/validate";

/** Layers with who imported them: current ones first (by kind and name), then older versions, newest first. */
export async function listLayers(db: Executor, { all }: { all: boolean }) {
  const rows = await db
    .select({ layer: territoryLayers, importedBy: { id: users.id, name: users.name } })
    .from(territoryLayers)
    .innerJoin(users, eq(users.id, territoryLayers.importedBy))
    .where(all ? undefined : isNull(territoryLayers.supersededAt))
    .orderBy(sql`${territoryLayers.supersededAt} is not null`, asc(territoryLayers.kind), asc(sql`lower(${territoryLayers.name})`), desc(territoryLayers.importedAt));
  return rows;
}
export type LayerRow = Awaited<ReturnType<typeof listLayers>>[number];

/** One layer's row; 404 `layer_not_found`. */
export async function loadLayer(db: Executor, id: string) {
  if (!isUuid(id)) throw new DomainError("layer_not_found", "La capa no existe.");
  const [layer] = await db.select().from(territoryLayers).where(eq(territoryLayers.id, id));
  if (!layer) throw new DomainError("layer_not_found", "La capa no existe.");
  return layer;
}

/** A layer's features in file order. */
export async function loadLayerFeatures(db: Executor, layerId: string) {
  return db.select().from(territoryFeatures).where(eq(territoryFeatures.layerId, layerId)).orderBy(asc(territoryFeatures.ordinal));
}

/** The matrix, by zone then use. */
export async function loadMatrix(db: Executor) {
  return db.select().from(compatibilityRules).orderBy(asc(compatibilityRules.zone), asc(compatibilityRules.use));
}

/** Names of the current zoning features (the zones the matrix can speak of), es order, distinct. */
export async function currentZoneNames(db: Executor): Promise<string[]> {
  const rows = await db
    .selectDistinct({ name: territoryFeatures.name })
    .from(territoryFeatures)
    .innerJoin(territoryLayers, eq(territoryLayers.id, territoryFeatures.layerId))
    .where(sql`${territoryLayers.kind} = 'zoning' and ${territoryLayers.supersededAt} is null`);
  const collator = new Intl.Collator("es", { sensitivity: "base", numeric: true });
  return rows.map((r) => r.name).sort(collator.compare);
}

/** The stored territories of some projects (absent: no geometry), in one query. */
export async function territoriesOf(db: Executor, projectIds: readonly string[]): Promise<Map<string, TerritoryResult>> {
  const result = new Map<string, TerritoryResult>();
  if (projectIds.length === 0) return result;
  const rows = await db.select().from(projectTerritory).where(inArray(projectTerritory.projectId, [...projectIds]));
  for (const row of rows) result.set(row.projectId, row.result as unknown as TerritoryResult);
  return result;
}
