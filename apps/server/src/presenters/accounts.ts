import { globalAbilities, type Actor } from "@taller/domain";
import type { Organization, User } from "@taller/db";
import type { CurrentUser } from "../auth/sessions";

/** An agency as other records refer to it. */
export function presentOrganizationRef(org: Pick<Organization, "id" | "name" | "shortName">) {
  return { id: org.id, name: org.name, shortName: org.shortName };
}

/** The API shape of an agency (list and creation). */
export function presentOrganization(org: Organization) {
  return { ...presentOrganizationRef(org), createdAt: org.createdAt };
}

/** The API shape of an account for administration (no password hash). */
export function presentUser(user: Pick<User, "id" | "email" | "name" | "isAdmin" | "orgId" | "createdAt">) {
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, orgId: user.orgId, createdAt: user.createdAt };
}

/** The signed-in person (login and /auth/me), with what they may do outside any project. */
export function presentSessionUser(actor: Actor, user: CurrentUser) {
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, org: presentOrganizationRef(user.org), abilities: globalAbilities(actor) };
}
