import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { queries, type GlobalAbilities } from "../../api";
import { Alert, ErrorAlert } from "../../components/Alert";
import { PageHeading } from "../../components/PageHeading";
import { EmptyState, LoadingState } from "../../components/States";
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
            <h2 id="orgs-title" className="card-title">
              {t("admin.orgs")}
              {orgList ? <span className="card-title-note"> · {t("admin.orgsCount", { count: orgList.length })}</span> : null}
            </h2>
            {orgs.isError ? (
              <ErrorAlert error={orgs.error} title={t("admin.orgsError")} onRetry={() => void orgs.refetch()} />
            ) : !orgList ? (
              <LoadingState label={t("common.loading")} />
            ) : orgList.length === 0 ? (
              <EmptyState title={t("admin.noOrgs")} />
            ) : (
              <div className="table-scroll" role="region" aria-labelledby="orgs-title" tabIndex={0}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t("admin.orgShortName")}</th>
                      <th scope="col">{t("admin.orgName")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {orgList.map((org) => (
                      <tr key={org.id}>
                        <td className="clave">{org.shortName}</td>
                        <th scope="row">{org.name}</th>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <NewOrgForm />
          </section>
        ) : null}

        {can.manageUsers ? (
          <section className="card" aria-labelledby="users-title">
            <h2 id="users-title" className="card-title">
              {t("admin.users")}
              {users.data ? (
                <span className="card-title-note"> · {t("admin.usersCount", { count: users.data.users.length })}</span>
              ) : null}
            </h2>
            {users.isError ? (
              <ErrorAlert error={users.error} title={t("admin.usersError")} onRetry={() => void users.refetch()} />
            ) : !users.data ? (
              <LoadingState label={t("common.loading")} />
            ) : users.data.users.length === 0 ? (
              <EmptyState title={t("admin.noUsers")} />
            ) : (
              <div className="table-scroll" role="region" aria-labelledby="users-title" tabIndex={0}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t("admin.userName")}</th>
                      <th scope="col">{t("admin.userOrg")}</th>
                      <th scope="col">{t("admin.userAdmin")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {users.data.users.map((user) => {
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
              </div>
            )}
            <NewUserForm orgs={orgList ?? []} />
          </section>
        ) : null}
      </div>
    </div>
  );
}
