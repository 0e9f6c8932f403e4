import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { queries, type GlobalAbilities } from "../../api";
import { CardTitle, ListStates } from "../../components/Lists";
import { Alert, ErrorAlert } from "../../components/Alert";
import { PageHeading } from "../../components/PageHeading";
import { useCurrentUser } from "../auth/authContext";
import { NewOrgForm } from "./NewOrgForm";
import { OrgsTable } from "./OrgsTable";
import { NewUserForm } from "./NewUserForm";
import { UsersTable } from "./UsersTable";
import "./admin.css";

/**
 * Accounts and organizations: people with their state and actions (edit, reset password,
 * deactivate / reactivate), agencies (rename, «Puede proponer proyectos»). Only administrators
 * reach the content; the server enforces it too.
 */
export default function AdminPage() {
  const { t } = useTranslation();
  const { abilities, id } = useCurrentUser();
  if (!abilities.manageOrganizations && !abilities.manageUsers) {
    return (
      <div className="container page">
        <PageHeading title={t("admin.title")}>{t("admin.title")}</PageHeading>
        <Alert tone="info" title={t("admin.forbidden")} className="page-narrow" />
      </div>
    );
  }
  return <AdminContent can={abilities} selfId={id} />;
}

function AdminContent({ can, selfId }: { can: GlobalAbilities; selfId: string }) {
  const { t } = useTranslation();
  // The same organizations list as the portfolio's filters: fetched once, shared.
  const orgs = useQuery(queries.orgs());
  const users = useQuery({ ...queries.users(), enabled: can.manageUsers });
  const orgList = orgs.data?.orgs;

  return (
    <div className="container page admin-page">
      <div className="page-header">
        <div>
          <PageHeading title={t("admin.title")}>{t("admin.title")}</PageHeading>
          <p className="page-intro">{t("admin.intro")}</p>
        </div>
        {can.manageTerritory ? (
          <div className="page-actions admin-links">
            <Link to="/admin/territory" className="button button-secondary" aria-describedby="admin-territory-hint">
              {t("admin.territoryLink")}
            </Link>
            <p id="admin-territory-hint" className="visually-hidden">
              {t("admin.territoryLinkHint")}
            </p>
          </div>
        ) : null}
      </div>

      <div className="admin-grid">
        {can.manageUsers ? (
          <section className="card admin-users-card" aria-labelledby="users-title">
            <CardTitle id="users-title" note={users.data ? t("admin.usersCount", { count: users.data.users.length }) : null}>
              {t("admin.users")}
            </CardTitle>
            <ListStates
              items={users.data?.users}
              failure={users.isError ? <ErrorAlert error={users.error} title={t("admin.usersError")} onRetry={() => void users.refetch()} /> : null}
              loadingLabel={t("common.loading")}
              emptyTitle={t("admin.noUsers")}
            >
              {(userList) => <UsersTable users={userList} orgs={orgList ?? []} selfId={selfId} />}
            </ListStates>
            <NewUserForm orgs={orgList ?? []} />
          </section>
        ) : null}

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
              {(orgList) => <OrgsTable orgs={orgList} />}
            </ListStates>
            <NewOrgForm />
          </section>
        ) : null}
      </div>
    </div>
  );
}
