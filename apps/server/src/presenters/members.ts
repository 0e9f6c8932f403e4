import type { ProjectRole } from "@taller/domain";
import type { Organization } from "@taller/db";
import { presentOrganizationRef } from "./accounts";

/** A project member with their person and agency, as the members query reads it. */
export interface MemberRecord {
  userId: string;
  role: ProjectRole;
  since: Date;
  name: string;
  email: string;
  org: Organization;
}

/**
 * The one API shape of a project member (list, added, role changed). Emails are personal data:
 * only those who manage membership see them.
 */
export function presentMember({ email, org, ...member }: MemberRecord, showEmail: boolean) {
  return { ...member, org: presentOrganizationRef(org), ...(showEmail ? { email } : {}) };
}
