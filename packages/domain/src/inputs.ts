import { z } from "zod";
import { DOCUMENT_KINDS, PROJECT_KINDS, PROJECT_ROLES, STAGES } from "./vocabulary";

/**
 * Every request body and query string the API accepts, defined once: the server validates with
 * these (apps/server/src/http/validate.ts) and the web app's forms with the same schemas, so a rule
 * (a minimum length, the clave pattern, the funding sum) cannot differ between them. Failures are
 * `ValidationCode`s (./validation), never sentences. Reached from the web as `@taller/domain/inputs`,
 * which brings zod and nothing of the rest of the domain.
 */
export * from "./project-fields";
export * from "./validation";

/** Passwords are at least this long; the longest accepted bounds the hashing work per attempt. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
/** Names of people and organizations, and organizations' short names, after trimming. */
export const ACCOUNT_NAME_MIN_LENGTH = 2;

const title = z.string().trim().min(1).max(200);

export const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(320),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const organizationCreateSchema = z.strictObject({
  name: z.string().trim().min(ACCOUNT_NAME_MIN_LENGTH).max(200),
  shortName: z.string().trim().min(ACCOUNT_NAME_MIN_LENGTH).max(30),
});
export type OrganizationCreateInput = z.infer<typeof organizationCreateSchema>;

export const userCreateSchema = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(ACCOUNT_NAME_MIN_LENGTH).max(200),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  orgId: z.uuid(),
  isAdmin: z.boolean().default(false),
});
export type UserCreateInput = z.infer<typeof userCreateSchema>;

/** `GET /api/people?q=`: the directory searched by name or agency. */
export const peopleQuerySchema = z.object({ q: z.string().trim().max(100).optional() });
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

/** `GET /api/projects?stage=&kind=&org=&text=`. */
export const projectListQuerySchema = z.object({
  stage: z.enum(STAGES).optional(),
  kind: z.enum(PROJECT_KINDS).optional(),
  org: z.uuid().optional(),
  text: z.string().trim().max(200).optional(),
});
export type ProjectListQuery = z.infer<typeof projectListQuerySchema>;

/** `GET /api/projects/:id/activity?before=&limit=`: newest first, `before` an entry's id. */
export const activityQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ActivityQuery = z.infer<typeof activityQuerySchema>;

export const memberAddSchema = z.strictObject({ userId: z.uuid(), role: z.enum(PROJECT_ROLES) });
export type MemberAddInput = z.infer<typeof memberAddSchema>;

export const memberRoleSchema = z.strictObject({ role: z.enum(PROJECT_ROLES) });
export type MemberRoleInput = z.infer<typeof memberRoleSchema>;

export const documentCreateSchema = z.strictObject({ kind: z.enum(DOCUMENT_KINDS), title });
export type DocumentCreateInput = z.infer<typeof documentCreateSchema>;

export const documentRenameSchema = z.strictObject({ title });
export type DocumentRenameInput = z.infer<typeof documentRenameSchema>;

/** `GET /api/documents/:id/export?format=`. */
export const documentExportQuerySchema = z.object({ format: z.enum(["html", "md"]) });
export type DocumentExportQuery = z.infer<typeof documentExportQuerySchema>;
