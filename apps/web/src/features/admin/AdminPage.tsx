import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { queries, type GlobalAbilities } from "../../api";
import { CardTitle, ListStates, TableHead, TableScroll } from "../../components/Lists";
import { Alert, ErrorAlert } from "../../components/Alert";
import { PageHeading } from "../../components/PageHeading";
import { useCurrentUser } from "../auth/authContext";
import { NewOrgForm } from "./NewOrgForm";
import { NewUserForm } from "./NewUserForm";

/** Organizations and users. Only administrators reach the content; the server enforces it too. */
export default function AdminPage() {
  const { t } = useTranslation();
  const { abilities } = useCurrentUser();
  if (!abilities.manageOrganizations && !abilities.manageUsers) {
    return (
      <div className="container page">
        <PageHeading title={t("admin.title")}>{t("admin.title")}</PageHeading>
        <Alert tone="info" title={t("admin.forbidden")} className="page-narrow" />
      </div>
    );
  }
  return <AdminContent can={abilities} />;
}

function AdminContent({ can }: { can: GlobalAbilities }) {
  const { t } = useTranslation();
  // The same organizations list as the portfolio's filters: fetched once, shared.
  const orgs = useQuery(queries.orgs());
  const users = useQuery({ ...queries.users(), enabled: can.manageUsers });
  const orgList = orgs.data?.orgs;

  return (
    <div className="container page">
      <div className="page-header">
        <div>
          <PageHeading title={t("admin.title")}>{t("admin.title")}</PageHeading>
          <p className="page-intro">{t("admin.intro")}</p>
        </div>
      </div>

      <div className="admin-grid">
        {can.manageOrganizations ? (
          <section className="card" aria-labelledby="orgs-title">
            <CardTitle id="orgs-title" note={orgList ? t("admin.orgsCount", { count: orgList.length }) : null}>
              {t("admin.orgs")}
            </CardTitle>
            <ListStates
              items={orgList}
              failure={orgs.isError ? <ErrorAlert error={orgs.error} title={t("admin.orgsError")} onRetry={() => void orgs.refetch()} /> : null}
              loadingLabel={t("common.loading")}
              emptyTitle={t("admin.noOrgs")}
            >
              {(orgList) => (
                <TableScroll labelledBy="orgs-title">
                  <table className="table">
                    <TableHead columns={[t("admin.orgShortName"), t("admin.orgName")]} />
                    <tbody>
                      {orgList.map((org) => (
                        <tr key={org.id}>
                          <td className="clave">{org.shortName}</td>
                          <th scope="row">{org.name}</th>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </ListStates>
            <NewOrgForm />
          </section>
        ) : null}

        {can.manageUsers ? (
          <section className="card" aria-labelledby="users-title">
            <CardTitle id="users-title" note={users.data ? t("admin.usersCount", { count: users.data.users.length }) : null}>
              {t("admin.users")}
            </CardTitle>
            <ListStates
              items={users.data?.users}
              failure={users.isError ? <ErrorAlert error={users.error} title={t("admin.usersError")} onRetry={() => void users.refetch()} /> : null}
              loadingLabel={t("common.loading")}
              emptyTitle={t("admin.noUsers")}
            >
              {(userList) => (
                <TableScroll labelledBy="users-title">
                  <table className="table">
                    <TableHead columns={[t("admin.userName"), t("admin.userOrg"), t("admin.userAdmin")]} />
                    <tbody>
                      {userList.map((user) => {
                        const org = orgList?.find((candidate) => candidate.id === user.orgId);
                        return (
                          <tr key={user.id}>
                            <th scope="row">
                              <span className="member-name">{user.name}</span>
                              <span className="member-email">{user.email}</span>
                            </th>
                            <td>{org ? <abbr title={org.name}>{org.shortName}</abbr> : <span className="muted">—</span>}</td>
                            <td>{user.isAdmin ? t("common.yes") : t("common.no")}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </ListStates>
            <NewUserForm orgs={orgList ?? []} />
          </section>
        ) : null}
      </div>
    </div>
  );
}
