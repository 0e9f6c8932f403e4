import { z } from "zod";
import { EVALUATION_TYPES, LAND_USE_COMPATIBILITY, PROJECT_KINDS, STAGES } from "./vocabulary";

/**
 * Validation of the portfolio project record (docs/domain.md "Portfolio project"). These schemas are
 * the single definition of what a valid project looks like; the HTTP layer uses them for request
 * bodies and the seed uses them for demo data.
 */

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
  }, "Un anillo de polígono debe cerrar en su primer punto.");

/** A GeoJSON Point or Polygon in WGS84 longitude/latitude. */
export const geometrySchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("Point"), coordinates: position }),
  z.strictObject({ type: z.literal("Polygon"), coordinates: z.array(linearRing).min(1).max(50) }),
]);

export const fundingSchema = z
  .strictObject({
    federal: z.number().min(0).max(100),
    state: z.number().min(0).max(100),
    municipal: z.number().min(0).max(100),
    private: z.number().min(0).max(100),
  })
  .refine((f) => Math.abs(f.federal + f.state + f.municipal + f.private - 100) < 0.001, {
    message: "La mezcla de financiamiento debe sumar 100 %.",
  });

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
  landUseNote: optionalText(2000).default(null),
  cos: ratio,
  cus: ratio,
  cas: ratio,
  ods: z
    .array(z.number().int().min(1).max(17))
    .max(17)
    .refine((list) => new Set(list).size === list.length, "Los ODS no deben repetirse.")
    .default([]),
});

const score = z.number().int().min(0).max(5);
export const impactSchema = z.strictObject({
  social: score.default(0),
  environmental: score.default(0),
  economic: score.default(0),
});

const uuid = z.uuid();

/** Fields a client may set on a project; `stage` only moves through the stage endpoint. */
const editableProjectFields = {
  clave: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, "La clave usa letras, números y guiones (2 a 32 caracteres)."),
  name: text(200).min(3, "El nombre debe tener al menos 3 caracteres."),
  kind: z.enum(PROJECT_KINDS),
  description: text(10_000),
  leadOrgId: uuid.nullable(),
  participatingOrgIds: z
    .array(uuid)
    .max(50)
    .refine((list) => new Set(list).size === list.length, "Las dependencias participantes no deben repetirse."),
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
});
export type ProjectCreateInput = z.infer<typeof projectCreateSchema>;

export const projectPatchSchema = z
  .strictObject(editableProjectFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "No hay cambios que aplicar.");
export type ProjectPatchInput = z.infer<typeof projectPatchSchema>;

export const stageChangeSchema = z.strictObject({
  to: z.enum(STAGES),
  reason: text(2000).optional(),
});
