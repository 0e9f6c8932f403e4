import { globalAbilities, type Actor } from "@taller/domain";
import type { Organization, User } from "@taller/db";
import type { CurrentUser } from "../auth/sessions";

/** An agency as other records refer to it. */
export function presentOrganizationRef(org: Pick<Organization, "id" | "name" | "shortName">) {
  return { id: org.id, name: org.name, shortName: org.shortName };
}

/** The API shape of an agency (list, creation, change), with whether its people may create projects. */
export function presentOrganization(org: Organization) {
  return { ...presentOrganizationRef(org), createsProjects: org.createsProjects, createdAt: org.createdAt };
}

/**
 * The API shape of an account for administration (no password hash): `deactivatedAt` is null while
 * the account is active; `mustChangePassword` while a password reset waits for the person's own.
 */
export function presentUser(user: Pick<User, "id" | "email" | "name" | "isAdmin" | "orgId" | "deactivatedAt" | "mustChangePassword" | "createdAt">) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    orgId: user.orgId,
    deactivatedAt: user.deactivatedAt,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt,
  };
}

/** The signed-in person (login and /auth/me), with what they may do outside any project. */
export function presentSessionUser(actor: Actor, user: CurrentUser) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    org: presentOrganizationRef(user.org),
    abilities: globalAbilities(actor),
    /** After an administrator's reset: the web app shows only the password change until it is done. */
    mustChangePassword: user.mustChangePassword,
  };
}
