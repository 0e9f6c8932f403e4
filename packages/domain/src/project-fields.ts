import { z } from "zod";
import { selfIntersects, type TerritoryGeometry } from "./geometry";
import { EVALUATION_TYPES, LAND_USE_COMPATIBILITY, LAND_USES, PROJECT_KINDS, STAGES } from "./vocabulary";

/**
 * Validation of the portfolio project record (docs/domain.md "Portfolio project"). These schemas are
 * the single definition of what a valid project looks like; the HTTP layer uses them for request
 * bodies and the seed uses them for demo data.
 */

const distinct = (list: readonly unknown[]) => new Set(list).size === list.length;
const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).transform((s) => (s === "" ? null : s)).nullable();

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const linearRing = z
  .array(position)
  .min(4)
  .max(5000)
  .refine((ring) => {
    const first = ring[0];
    const last = ring[ring.length - 1];
    return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
  }, { error: "ring_not_closed" });

const line = z.array(position).min(2).max(5000);
const polygon = z.array(linearRing).min(1).max(50);

/**
 * A project's geometry: a GeoJSON Point, LineString, Polygon or their Multi* forms in EPSG:4326
 * longitude/latitude, polygons closed and not crossing themselves.
 */
export const geometrySchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("Point"), coordinates: position }),
    z.strictObject({ type: z.literal("MultiPoint"), coordinates: z.array(position).min(1).max(5000) }),
    z.strictObject({ type: z.literal("LineString"), coordinates: line }),
    z.strictObject({ type: z.literal("MultiLineString"), coordinates: z.array(line).min(1).max(50) }),
    z.strictObject({ type: z.literal("Polygon"), coordinates: polygon }),
    z.strictObject({ type: z.literal("MultiPolygon"), coordinates: z.array(polygon).min(1).max(50) }),
  ])
  .refine((geometry) => !selfIntersects(geometry as TerritoryGeometry), { error: "self_intersection" });

/** How far from 100 % the funding shares may add up (rounding of decimal percentages). */
const FUNDING_SUM_TOLERANCE = 0.001;

/** True when funding shares add up to 100 %, within rounding. */
export const fundingAddsUp = (total: number) => Math.abs(total - 100) < FUNDING_SUM_TOLERANCE;

const percent = z.number().min(0).max(100);
export const fundingSchema = z
  .strictObject({ federal: percent, state: percent, municipal: percent, private: percent })
  .refine((f) => fundingAddsUp(f.federal + f.state + f.municipal + f.private), { error: "funding_sum" });

export const locationSchema = z.strictObject({
  microregion: optionalText(120).default(null),
  colonia: optionalText(120).default(null),
  geometry: geometrySchema.nullable().default(null),
});

const ratio = z.number().min(0).max(100).nullable().default(null);

export const alignmentSchema = z.strictObject({
  pmdAxis: optionalText(200).default(null),
  governmentProgram: optionalText(200).default(null),
  pmduoetZone: optionalText(120).default(null),
  landUse: z.enum(LAND_USE_COMPATIBILITY).nullable().default(null),
  /**
   * The project's land-use category for the PMDUOET matrix (null: its kind's default). Absent in a
   * PATCH of the alignment: the stored one is kept (forms that do not show it do not clear it).
   */
  landUseCategory: z.enum(LAND_USES).nullable().optional(),
  landUseNote: optionalText(2000).default(null),
  cos: ratio,
  cus: ratio,
  cas: ratio,
  ods: z
    .array(z.number().int().min(1).max(17))
    .max(17)
    .refine(distinct, { error: "duplicates" })
    .default([]),
});

const score = z.number().int().min(0).max(5);
export const impactSchema = z.strictObject({
  social: score.default(0),
  environmental: score.default(0),
  economic: score.default(0),
});

const uuid = z.uuid();

/** Minimum length of a project's name (after trimming). */
export const PROJECT_NAME_MIN_LENGTH = 3;

/** Fields a client may set on a project; `stage` only moves through the stage endpoint. */
const editableProjectFields = {
  clave: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { error: "clave_format" }),
  name: text(200).min(PROJECT_NAME_MIN_LENGTH),
  kind: z.enum(PROJECT_KINDS),
  description: text(10_000),
  leadOrgId: uuid.nullable(),
  participatingOrgIds: z
    .array(uuid)
    .max(50)
    .refine(distinct, { error: "duplicates" }),
  estimatedAmountMxn: z.number().min(0).max(1e13).multipleOf(0.01).nullable(),
  funding: fundingSchema.nullable(),
  location: locationSchema.nullable(),
  alignment: alignmentSchema,
  impact: impactSchema,
  evaluationType: z.enum(EVALUATION_TYPES).nullable(),
};

export const projectCreateSchema = z.strictObject({
  ...editableProjectFields,
  clave: editableProjectFields.clave.optional(),
  description: editableProjectFields.description.default(""),
  leadOrgId: editableProjectFields.leadOrgId.default(null),
  participatingOrgIds: editableProjectFields.participatingOrgIds.default([]),
  estimatedAmountMxn: editableProjectFields.estimatedAmountMxn.default(null),
  funding: editableProjectFields.funding.default(null),
  location: editableProjectFields.location.default(null),
  alignment: alignmentSchema.default(() => alignmentSchema.parse({})),
  impact: impactSchema.default(() => impactSchema.parse({})),
  evaluationType: editableProjectFields.evaluationType.default(null),
  /** Create it even though a project with the same name exists (after the `duplicate_name` warning). */
  confirmDuplicate: z.boolean().optional(),
});
export type ProjectCreateInput = z.infer<typeof projectCreateSchema>;

export const projectPatchSchema = z
  .strictObject(editableProjectFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { error: "no_changes" });
export type ProjectPatchInput = z.infer<typeof projectPatchSchema>;

export const stageChangeSchema = z.strictObject({
  to: z.enum(STAGES),
  reason: text(2000).optional(),
});
