// Who a round may be submitted to (pure, for the submit dialog and its test).
import type { ProjectMember } from "../../api";

/** Who may be asked: the project's reviewers by name, and every agency with members in the project. */
export function candidates(members: readonly ProjectMember[]) {
  const reviewers = members.filter((m) => m.role === "reviewer").sort((a, b) => a.name.localeCompare(b.name, "es"));
  const byOrg = new Map<string, { org: ProjectMember["org"]; count: number }>();
  for (const member of members) {
    const entry = byOrg.get(member.org.id) ?? { org: member.org, count: 0 };
    entry.count += 1;
    byOrg.set(member.org.id, entry);
  }
  const orgs = [...byOrg.values()].sort((a, b) => a.org.shortName.localeCompare(b.org.shortName, "es"));
  return { reviewers, orgs };
}
