import { eq } from "@taller/db/sql";
import { projects, users, type Database } from "@taller/db";
import {
  compatibilityMatrixSchema,
  projectPatchSchema,
  type Actor,
  type CompatibilityMatrixInput,
  type LandUse,
  type LandUseCompatibility,
  type LayerKind,
  type TerritoryGeometry,
} from "@taller/domain";
import { importLayer, replaceMatrix } from "../commands/territory";
import { updateProject } from "../commands/projects";

/**
 * The demo municipality's territory (fictional, no real data): Valle de Santa Rosa, around
 * lon −101.70…−101.60, lat 21.08…21.16. Four microregions tiling the area, seven PMDUOET zoning
 * units (UGAT), the «Los Encinos» territorial reserve, two infrastructure lines, a compatibility
 * matrix over those zones × the eight uses, and a geometry for each demo project, so that the
 * treatment plant is computed prohibited (in the Cerro del Aire conservation unit: its priority
 * halves) and the transit corridor crosses three zones (the worst decides). Imported through the
 * same commands as an administrator's files.
 */

type Ring = [number, number][];
/** A closed ring through the given corners. */
const ring = (...corners: [number, number][]): Ring => [...corners, corners[0]!];
const polygon = (...corners: [number, number][]): TerritoryGeometry => ({ type: "Polygon", coordinates: [ring(...corners)] });
const feature = (properties: Record<string, unknown>, geometry: TerritoryGeometry) => ({ type: "Feature", properties, geometry });
const collection = (features: unknown[]) => ({ type: "FeatureCollection", features });

const MICROREGIONS = collection([
  feature({ nombre: "Poniente", clave: "MR-P" }, polygon([-101.7, 21.08], [-101.665, 21.08], [-101.665, 21.16], [-101.7, 21.16])),
  feature({ nombre: "Centro", clave: "MR-C" }, polygon([-101.665, 21.105], [-101.635, 21.105], [-101.635, 21.16], [-101.665, 21.16])),
  feature({ nombre: "Sur", clave: "MR-S" }, polygon([-101.665, 21.08], [-101.635, 21.08], [-101.635, 21.105], [-101.665, 21.105])),
  feature({ nombre: "Oriente", clave: "MR-O" }, polygon([-101.635, 21.08], [-101.6, 21.08], [-101.6, 21.16], [-101.635, 21.16])),
]);

const ZONES = [
  { name: "UGAT 3 – Centro urbano", politica: "Consolidación", geometry: polygon([-101.665, 21.11], [-101.645, 21.11], [-101.645, 21.135], [-101.665, 21.135]) },
  { name: "UGAT 14 – Corredor Arroyo", politica: "Restauración", geometry: polygon([-101.645, 21.11], [-101.62, 21.11], [-101.62, 21.135], [-101.645, 21.135]) },
  { name: "UGAT 7 – Habitacional Sur", politica: "Consolidación", geometry: polygon([-101.68, 21.08], [-101.62, 21.08], [-101.62, 21.11], [-101.68, 21.11]) },
  { name: "UGAT 9 – Industrial Poniente", politica: "Aprovechamiento", geometry: polygon([-101.7, 21.1], [-101.665, 21.1], [-101.665, 21.14], [-101.7, 21.14]) },
  { name: "UGAT 21 – Conservación Cerro del Aire", politica: "Conservación", geometry: polygon([-101.7, 21.14], [-101.665, 21.14], [-101.665, 21.16], [-101.7, 21.16]) },
  { name: "UGAT 8 – Reserva urbana Norte", politica: "Crecimiento", geometry: polygon([-101.665, 21.135], [-101.62, 21.135], [-101.62, 21.16], [-101.665, 21.16]) },
  { name: "UGAT 30 – Periurbano Oriente", politica: "Aprovechamiento", geometry: polygon([-101.62, 21.08], [-101.6, 21.08], [-101.6, 21.16], [-101.62, 21.16]) },
];
const ZONING = collection(ZONES.map((z) => feature({ nombre: z.name, politica: z.politica }, z.geometry)));

const RESERVES = collection([
  feature({ nombre: "Reserva territorial Los Encinos", superficie_ha: 62 }, polygon([-101.655, 21.14], [-101.63, 21.14], [-101.63, 21.155], [-101.655, 21.155])),
]);

const INFRASTRUCTURE = collection([
  feature({ nombre: "Colector Arroyo de las Palomas", tipo: "drenaje" }, { type: "LineString", coordinates: [[-101.67, 21.121], [-101.645, 21.1215], [-101.62, 21.122]] }),
  feature({ nombre: "Acueducto El Sabinal", tipo: "agua potable" }, { type: "LineString", coordinates: [[-101.69, 21.15], [-101.68, 21.135], [-101.66, 21.128]] }),
]);

const P: LandUseCompatibility = "permitted";
const C: LandUseCompatibility = "conditional";
const X: LandUseCompatibility = "prohibited";
const USES: LandUse[] = ["housing", "commerce", "facilities", "industry", "infrastructure", "green_space", "mobility", "tourism"];
/** Per zone: the compatibility of each use (USES order; null: the programme says nothing) and its COS/CUS/CAS. */
const MATRIX: { zone: string; uses: (LandUseCompatibility | null)[]; cos: number | null; cus: number | null; cas: number | null }[] = [
  { zone: "UGAT 3 – Centro urbano", uses: [P, P, P, X, P, P, P, P], cos: 0.8, cus: 2.4, cas: 0.15 },
  { zone: "UGAT 14 – Corredor Arroyo", uses: [C, C, C, X, C, P, P, C], cos: 0.1, cus: 0.1, cas: 0.85 },
  { zone: "UGAT 7 – Habitacional Sur", uses: [P, C, C, X, P, P, P, X], cos: 0.7, cus: 1.4, cas: 0.2 },
  { zone: "UGAT 9 – Industrial Poniente", uses: [X, C, C, P, P, P, C, X], cos: 0.75, cus: 1.5, cas: 0.2 },
  { zone: "UGAT 21 – Conservación Cerro del Aire", uses: [X, X, X, X, X, P, X, C], cos: 0.02, cus: 0.02, cas: 0.95 },
  { zone: "UGAT 8 – Reserva urbana Norte", uses: [C, C, P, X, P, P, P, null], cos: 0.6, cus: 1.8, cas: 0.25 },
  { zone: "UGAT 30 – Periurbano Oriente", uses: [C, X, C, C, P, P, P, P], cos: 0.3, cus: 0.6, cas: 0.6 },
];

/** Each demo project's geometry (by name) and, where it differs from its kind's default, its use. */
const PROJECT_TERRITORY: Record<string, { geometry: TerritoryGeometry; landUseCategory?: LandUse }> = {
  // The arroyo's linear park: along the arroyo, over the centre and the corridor.
  "Parque lineal Arroyo de las Palomas": {
    geometry: { type: "LineString", coordinates: [[-101.6512, 21.1204], [-101.64, 21.121], [-101.628, 21.1225]] },
    landUseCategory: "green_space",
  },
  // The transit corridor crosses the industrial west, the centre and the arroyo corridor: mobility is conditional in UGAT 9.
  "Corredor de transporte público Av. Revolución": {
    geometry: { type: "LineString", coordinates: [[-101.685, 21.118], [-101.665, 21.1175], [-101.64, 21.117], [-101.625, 21.116]] },
    landUseCategory: "mobility",
  },
  "Centro comunitario Lomas del Sur": { geometry: { type: "Point", coordinates: [-101.652, 21.095] } },
  // The plant's site lies in the conservation unit: infrastructure is prohibited there.
  "Planta de tratamiento de aguas residuales El Sabinal": {
    geometry: polygon([-101.69, 21.145], [-101.682, 21.145], [-101.682, 21.152], [-101.69, 21.152]),
  },
  "Plan parcial de aprovechamiento Estación Norte": {
    geometry: polygon([-101.652, 21.138], [-101.636, 21.138], [-101.636, 21.15], [-101.652, 21.15]),
  },
};

const LAYERS: { kind: LayerKind; name: string; geojson: Record<string, unknown> }[] = [
  { kind: "microregion", name: "Microrregiones", geojson: MICROREGIONS },
  { kind: "zoning", name: "Zonificación PMDUOET", geojson: ZONING },
  { kind: "reserve", name: "Reservas territoriales", geojson: RESERVES },
  { kind: "infrastructure", name: "Infraestructura municipal", geojson: INFRASTRUCTURE },
];

export function demoMatrix(): CompatibilityMatrixInput {
  return compatibilityMatrixSchema.parse({
    rules: MATRIX.flatMap((row) =>
      row.uses.flatMap((compatibility, i) =>
        compatibility === null ? [] : [{ zone: row.zone, use: USES[i]!, compatibility, cos: row.cos, cus: row.cus, cas: row.cas }],
      ),
    ),
  });
}

/**
 * Imports the demo layers and matrix (as the first administrator, or the demo owner when there is
 * none) and places the demo projects, as `owner` (their owner).
 */
export async function seedDemoTerritory(db: Database, { owner }: { owner: Actor }): Promise<void> {
  const [firstAdmin] = await db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).limit(1);
  const importer: Actor = firstAdmin ? { userId: firstAdmin.id, isAdmin: true } : owner;
  for (const layer of LAYERS) await importLayer({ db, actor: importer, input: layer });
  await replaceMatrix({ db, actor: importer, input: demoMatrix(), source: "json" });

  for (const [name, placement] of Object.entries(PROJECT_TERRITORY)) {
    const [project] = await db.select().from(projects).where(eq(projects.name, name));
    if (!project) continue;
    const patch = projectPatchSchema.parse({
      location: { microregion: project.location?.microregion ?? null, colonia: project.location?.colonia ?? null, geometry: placement.geometry },
      ...(placement.landUseCategory ? { alignment: { ...project.alignment, landUseCategory: placement.landUseCategory } } : {}),
    });
    await updateProject({ db, actor: owner, access: { project, role: "owner" }, input: patch });
  }
}
