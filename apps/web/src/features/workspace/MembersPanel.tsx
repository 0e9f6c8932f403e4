import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useDebounce } from "use-debounce";
import {
  projectRoles,
  queries,
  useAddMember,
  useChangeMemberRole,
  useRemoveMember,
  type Person,
  type Project,
  type ProjectMember,
  type ProjectRole,
} from "../../api";
import { CardTitle, ListStates, TableHead, TableScroll } from "../../components/Lists";
import { Alert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { useCurrentUser } from "../auth/authContext";
import { RoleBadge } from "../projects/ProjectLabels";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { WorkspaceErrorAlert } from "./WorkspaceAlerts";

// Kept as keys and values, not sentences, so a language switch rewords what is on screen.
type Outcome =
  | { tone: "success"; key: "roleChanged" | "removed" | "added"; name: string; role?: ProjectRole }
  | { tone: "error"; error: unknown; key: "roleError" | "removeError"; name: string };

/**
 * Members with their agency and role. Owners (and admins) add people from the directory, change
 * roles and remove members; the server keeps at least one owner (409 last_owner) and refuses
 * duplicates (409 member_exists). Everyone else sees the list read-only.
 */
export function MembersPanel({ project, canManage }: { project: Project; canManage: boolean }) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const me = useCurrentUser();
  const members = useQuery(queries.members(project.id));
  const changeMemberRole = useChangeMemberRole(project.id);
  const removeMember = useRemoveMember(project.id);
  const [pending, setPending] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [removing, setRemoving] = useState<ProjectMember | null>(null);
  // A role change waits for confirmation (the person, the old and the new role are named).
  const [changing, setChanging] = useState<{ member: ProjectMember; role: ProjectRole } | null>(null);
  const list = members.data?.members;
  // The server keeps at least one owner (409 last_owner): the last one cannot be removed.
  const ownerCount = list?.filter((member) => member.role === "owner").length ?? 0;
  const isLastOwner = (member: ProjectMember) => member.role === "owner" && ownerCount === 1;

  async function changeRole(member: ProjectMember, role: ProjectRole) {
    setPending(member.userId);
    setOutcome(null);
    try {
      await changeMemberRole.mutateAsync({ userId: member.userId, role });
      setOutcome({ tone: "success", key: "roleChanged", name: member.name, role });
    } catch (error) {
      setOutcome({ tone: "error", error, key: "roleError", name: member.name });
    } finally {
      setPending(null);
    }
  }

  async function confirmRemove() {
    const member = removing;
    if (!member) return;
    setPending(member.userId);
    setOutcome(null);
    try {
      await removeMember.mutateAsync(member.userId);
      setOutcome({ tone: "success", key: "removed", name: member.name });
    } catch (error) {
      setOutcome({ tone: "error", error, key: "removeError", name: member.name });
    } finally {
      setPending(null);
      setRemoving(null);
    }
  }

  function added(person: Person, role: ProjectRole) {
    setOutcome({ tone: "success", key: "added", name: person.name, role });
  }

  return (
    <div className={canManage ? "members-layout" : undefined}>
      <section className="card" aria-labelledby="members-title">
        <CardTitle id="members-title" note={list ? t("members.count", { count: list.length }) : null}>
          {t("members.title")}
        </CardTitle>
        {!canManage ? <p className="muted small">{t("members.readOnly")}</p> : null}

        {outcome?.tone === "success" ? (
          <Alert tone="success" title={t(`members.${outcome.key}`, { name: outcome.name, role: outcome.role ? tApp(`roles.${outcome.role}`) : "" })} />
        ) : null}
        {outcome?.tone === "error" ? <WorkspaceErrorAlert error={outcome.error} title={t(`members.${outcome.key}`, { name: outcome.name })} /> : null}

        <ListStates
          items={list}
          failure={members.isError && !list ? <WorkspaceErrorAlert error={members.error} title={t("members.loadError")} onRetry={() => void members.refetch()} /> : null}
          loadingLabel={t("members.loading")}
          emptyTitle={t("members.empty")}
        >
          {(list) => (
            <TableScroll labelledBy="members-title">
              <table className="table members-table">
                <TableHead
                  columns={[
                    t("members.name"),
                    t("members.org"),
                    t("members.role"),
                    ...(canManage ? [<span className="visually-hidden">{t("members.actions")}</span>] : []),
                  ]}
                />
                <tbody>
                  {list.map((member) => (
                    <tr key={member.userId}>
                      <th scope="row">
                        <span className="member-name">
                          {member.name}
                          {member.userId === me.id ? <span className="muted"> {t("members.you")}</span> : null}
                        </span>
                        {member.email ? <span className="member-email">{member.email}</span> : null}
                      </th>
                      <td data-label={t("members.org")}>
                        {member.org.name && member.org.name !== member.org.shortName ? (
                          <abbr title={member.org.name}>{member.org.shortName}</abbr>
                        ) : (
                          member.org.shortName
                        )}
                      </td>
                      <td data-label={t("members.role")}>
                        {canManage ? (
                          <>
                            <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
                              {t("members.roleOf", { name: member.name })}
                            </label>
                            <select
                              id={`role-${member.userId}`}
                              className="select-compact"
                              value={member.role}
                              disabled={pending === member.userId}
                              aria-busy={pending === member.userId || undefined}
                              onChange={(event) => {
                                const role = projectRoles.find((r) => r === event.target.value);
                                if (role && role !== member.role) setChanging({ member, role });
                              }}
                            >
                              {projectRoles.map((role) => (
                                <option key={role} value={role}>
                                  {tApp(`roles.${role}`)}
                                </option>
                              ))}
                            </select>
                          </>
                        ) : (
                          <RoleBadge role={member.role} />
                        )}
                      </td>
                      {canManage ? (
                        <td className="actions-cell">
                          {/* The last owner's «Quitar» stays focusable (aria-disabled) so its reason is read with it. */}
                          <button
                            type="button"
                            className="button button-danger-ghost button-small"
                            disabled={pending === member.userId}
                            aria-disabled={isLastOwner(member) || undefined}
                            aria-describedby={isLastOwner(member) ? `last-owner-${member.userId}` : undefined}
                            onClick={() => {
                              if (!isLastOwner(member)) setRemoving(member);
                            }}
                          >
                            {t("members.remove")}
                            <span className="visually-hidden"> {member.name}</span>
                          </button>
                          {isLastOwner(member) ? (
                            <span id={`last-owner-${member.userId}`} className="muted small member-remove-reason">
                              {t("members.lastOwner")}
                            </span>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </ListStates>
        <RoleLegend />
      </section>

      {canManage ? <AddMember projectId={project.id} members={list ?? []} onAdded={added} /> : null}

      <ConfirmDialog
        open={changing !== null}
        title={t("members.confirmRoleTitle")}
        body={
          changing
            ? t("members.confirmRoleBody", { name: changing.member.name, from: tApp(`roles.${changing.member.role}`), to: tApp(`roles.${changing.role}`) })
            : ""
        }
        confirmLabel={t("members.confirmRole")}
        busy={pending !== null}
        onConfirm={() => {
          const change = changing;
          setChanging(null);
          if (change) void changeRole(change.member, change.role);
        }}
        onCancel={() => setChanging(null)}
      />
      <ConfirmDialog
        open={removing !== null}
        title={t("members.confirmTitle")}
        body={removing ? t("members.confirmBody", { name: removing.name, project: project.name }) : ""}
        confirmLabel={t("members.confirmRemove")}
        busy={pending !== null}
        onConfirm={() => void confirmRemove()}
        onCancel={() => setRemoving(null)}
      />
    </div>
  );
}

function RoleLegend() {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  return (
    <details className="role-legend">
      <summary>{t("members.legendTitle")}</summary>
      <dl>
        {projectRoles.map((role) => (
          <div key={role}>
            <dt>{tApp(`roles.${role}`)}</dt>
            <dd>{t(`members.roleHelp.${role}`)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function AddMember({ projectId, members, onAdded }: { projectId: string; members: ProjectMember[]; onAdded: (person: Person, role: ProjectRole) => void }) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const [query, setQuery] = useState("");
  const [role, setRole] = useState<ProjectRole>("commenter");
  const [adding, setAdding] = useState<string | null>(null);
  const [error, setError] = useState<{ error: unknown; name: string } | null>(null);
  // The directory is asked once the person pauses typing, not on every keystroke.
  const [q] = useDebounce(query.trim(), 250);
  const searching = q.length >= 2;
  const people = useQuery({ ...queries.people(q), enabled: searching });
  const addMember = useAddMember(projectId);
  const memberIds = new Set(members.map((m) => m.userId));
  const results = people.data?.people ?? [];

  async function add(person: Person) {
    setAdding(person.id);
    setError(null);
    try {
      await addMember.mutateAsync({ userId: person.id, role });
      onAdded(person, role);
    } catch (caught) {
      setError({ error: caught, name: person.name });
    } finally {
      setAdding(null);
    }
  }

  return (
    <section className="card add-member" aria-labelledby="add-member-title">
      <h2 id="add-member-title" className="card-title">
        {t("members.addTitle")}
      </h2>
      <div className="form">
        <Field label={t("members.search")} hint={t("members.searchHint")}>
          {(control) => (
            <input {...control} type="search" autoComplete="off" value={query} onChange={(event) => setQuery(event.target.value)} />
          )}
        </Field>
        <Field label={t("members.newRole")} hint={t("members.newRoleHint")}>
          {(control) => (
            <select {...control} value={role} onChange={(event) => setRole(projectRoles.find((r) => r === event.target.value) ?? role)}>
              {projectRoles.map((r) => (
                <option key={r} value={r}>
                  {tApp(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {error ? <WorkspaceErrorAlert error={error.error} title={t("members.addError", { name: error.name })} /> : null}
      <p className="results-count" role="status">
        {!searching
          ? ""
          : people.isFetching || q !== query.trim()
            ? t("members.searching")
            : people.isSuccess
              ? t("members.found", { count: results.length })
              : ""}
      </p>
      {people.isError ? <WorkspaceErrorAlert error={people.error} title={t("members.searchError")} onRetry={() => void people.refetch()} /> : null}
      {searching && results.length > 0 ? (
        <ul className="people-list" aria-label={t("members.results")}>
          {results.map((person) => {
            const already = memberIds.has(person.id);
            return (
              <li key={person.id}>
                <span className="person">
                  <span className="person-name">{person.name}</span>
                  <span className="person-org">{person.org.shortName}</span>
                </span>
                {already ? (
                  <span className="muted small">{t("members.alreadyMember")}</span>
                ) : (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={adding !== null}
                    aria-label={t("members.addPersonAs", { name: person.name, role: tApp(`roles.${role}`) })}
                    onClick={() => void add(person)}
                  >
                    {adding === person.id ? t("members.adding") : t("members.addAs", { role: tApp(`roles.${role}`) })}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
