import type { Organization } from "@taller/db";
import { presentOrganizationRef } from "./accounts";

/** A person as others see them next to what they wrote or did: name and agency, no email. */
export interface PersonRecord {
  id: string;
  name: string;
  org: Pick<Organization, "id" | "name" | "shortName">;
}

/** The one API shape of a person (`{id, name, org: {id, name, shortName}}`). */
export function presentPerson(person: PersonRecord) {
  return { id: person.id, name: person.name, org: presentOrganizationRef(person.org) };
}

export type PersonView = ReturnType<typeof presentPerson>;
