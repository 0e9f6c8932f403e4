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
  /** «Puede proponer proyectos»: its people may create projects. New agencies are without it. */
  createsProjects: z.boolean().default(false),
});
export type OrganizationCreateInput = z.infer<typeof organizationCreateSchema>;

/**
 * `PATCH /api/orgs/:id` (administrators): rename the agency (name, short name) and whether its
 * people may create projects. At least one field.
 */
export const organizationPatchSchema = z
  .strictObject({
    name: organizationCreateSchema.shape.name.optional(),
    shortName: organizationCreateSchema.shape.shortName.optional(),
    createsProjects: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { error: "no_changes" });
export type OrganizationPatchInput = z.infer<typeof organizationPatchSchema>;

export const userCreateSchema = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(ACCOUNT_NAME_MIN_LENGTH).max(200),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  orgId: z.uuid(),
  isAdmin: z.boolean().default(false),
});
export type UserCreateInput = z.infer<typeof userCreateSchema>;

/** `PATCH /api/users/:id` (administrators): a person's name, agency and admin flag. At least one field. */
export const userPatchSchema = z
  .strictObject({
    name: userCreateSchema.shape.name.optional(),
    orgId: z.uuid().optional(),
    isAdmin: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { error: "no_changes" });
export type UserPatchInput = z.infer<typeof userPatchSchema>;

/**
 * `POST /api/auth/password`: the signed-in person changes their own password. The new one follows
 * the rules of a new account's (`userCreateSchema`) and must differ from the current one.
 */
export const passwordChangeSchema = z
  .strictObject({
    currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    newPassword: userCreateSchema.shape.password,
  })
  .refine((input) => input.newPassword !== input.currentPassword, { error: "same_password", path: ["newPassword"] });
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;

/** `GET /api/people?q=`: the directory searched by name or agency. */
export const peopleQuerySchema = z.object({ q: z.string().trim().max(100).optional() });
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

/** `GET /api/projects?stage=&kind=&org=&text=`. */
export const projectListQuerySchema = z.object({
  stage: z.enum(STAGES).optional(),
  kind: z.enum(PROJECT_KINDS).optional(),
  org: z.uuid().optional(),
  text: z.string().trim().max(200).optional(),
  /** «Incluir archivados»: archived projects are left out unless `archived=1`. */
  archived: z.literal("1").optional(),
  /** «Mis proyectos»: only projects the reader is a member of (matters for administrators, who see all). */
  mine: z.literal("1").optional(),
});
export type ProjectListQuery = z.infer<typeof projectListQuerySchema>;

/** `GET /api/projects/:id/activity?before=&limit=`: newest first, `before` an entry's id. */
/**
 * A page of a project's activity. `before` is the `nextCursor` of the previous page (opaque to
 * clients: `<microseconds>.<a|e>.<key>`, an audit entry's padded id or an edit group's document
 * and person).
 */
export const activityQuerySchema = z.object({
  before: z
    .string()
    .regex(/^\d{1,17}\.(a\.\d{20}|e\.[a-z]+\.[0-9a-f-]{36}\/[0-9a-f-]{36})$/, { error: "invalid_format" })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ActivityQuery = z.infer<typeof activityQuerySchema>;

export const memberAddSchema = z.strictObject({ userId: z.uuid(), role: z.enum(PROJECT_ROLES) });
export type MemberAddInput = z.infer<typeof memberAddSchema>;

export const memberRoleSchema = z.strictObject({ role: z.enum(PROJECT_ROLES) });
export type MemberRoleInput = z.infer<typeof memberRoleSchema>;

/**
 * A new document or a new title: a title already used in the project (same once normalized, see
 * names.ts) is answered 409 `duplicate_name` unless `confirmDuplicate` is true. `language`: the
 * creator's UI language, in which a study's template headings are written (Spanish when absent).
 */
export const documentCreateSchema = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  title,
  confirmDuplicate: z.boolean().optional(),
  language: z.enum(["es-MX", "en"]).optional(),
});
export type DocumentCreateInput = z.infer<typeof documentCreateSchema>;

export const documentRenameSchema = z.strictObject({ title, confirmDuplicate: z.boolean().optional() });
export type DocumentRenameInput = z.infer<typeof documentRenameSchema>;

/** `GET /api/projects/:id/documents?archived=1`: archived documents are listed only when asked for. */
export const documentListQuerySchema = z.object({ archived: z.literal("1").optional() });
export type DocumentListQuery = z.infer<typeof documentListQuerySchema>;

/** `GET /api/documents/:id/export?format=&version=`: the live study, or one of its versions' frozen content. */
export const documentExportQuerySchema = z.object({ format: z.enum(["pdf", "docx", "html", "md"]), version: z.uuid().optional() });
export type DocumentExportQuery = z.infer<typeof documentExportQuerySchema>;

/** `GET /api/reviews/:id/export?format=`: a round's facts and every decision. */
export const reviewExportQuerySchema = z.object({ format: z.enum(["csv", "json"]) });
export type ReviewExportQuery = z.infer<typeof reviewExportQuerySchema>;
