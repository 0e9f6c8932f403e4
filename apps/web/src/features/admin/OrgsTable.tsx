import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useUpdateOrg, type Organization } from "../../api";
import { Alert, ErrorAlert } from "../../components/Alert";
import { TableHead, TableScroll } from "../../components/Lists";
import { RenameOrgDialog } from "./RenameOrgDialog";

/**
 * The organizations, each with «Renombrar» (a dialog: name and short name) and «Puede proponer
 * proyectos» as a checkbox. The checkbox shows
 * what the server holds: while a change is being saved it keeps the old state, disabled, beside
 * «Guardando…», and takes the new one from the server's answer.
 */
export function OrgsTable({ orgs }: { orgs: Organization[] }) {
  const { t } = useTranslation();
  const hintId = useId();
  const updateOrg = useUpdateOrg();
  const pendingId = updateOrg.isPending ? updateOrg.variables.orgId : null;
  const failedOrg = updateOrg.isError ? orgs.find((org) => org.id === updateOrg.variables.orgId) : undefined;
  const savedOrg = updateOrg.isSuccess ? updateOrg.data : undefined;
  const [renaming, setRenaming] = useState<Organization | null>(null);
  const [renamed, setRenamed] = useState<Organization | null>(null);

  return (
    <>
      <TableScroll labelledBy="orgs-title">
        <table className="table">
          <TableHead columns={[t("admin.orgShortName"), t("admin.orgName"), <span className="header-wrap">{t("admin.orgCreatesProjects")}</span>]} />
          <tbody>
            {orgs.map((org) => (
              <tr key={org.id}>
                <td className="clave">{org.shortName}</td>
                <th scope="row">
                  <span className="org-name-cell">
                    <span>{org.name}</span>
                    <button
                      type="button"
                      className="button button-link"
                      aria-haspopup="dialog"
                      aria-label={t("adminUsers.renameOrgFor", { name: org.name })}
                      onClick={() => {
                        setRenamed(null);
                        setRenaming(org);
                      }}
                    >
                      {t("adminUsers.renameOrg")}
                    </button>
                  </span>
                </th>
                <td>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={org.createsProjects}
                      disabled={pendingId !== null}
                      aria-label={t("admin.orgCreatesProjectsFor", { name: org.name })}
                      aria-describedby={hintId}
                      onChange={(event) => updateOrg.mutate({ orgId: org.id, patch: { createsProjects: event.target.checked } })}
                    />
                    <span aria-hidden="true">{pendingId === org.id ? t("admin.saving") : org.createsProjects ? t("common.yes") : t("common.no")}</span>
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p id={hintId} className="muted small">
        {t("admin.orgCreatesProjectsHint")}
      </p>
      {failedOrg ? <ErrorAlert error={updateOrg.error} title={t("admin.orgUpdateError", { name: failedOrg.name })} /> : null}
      {renamed ? <Alert tone="success" title={t("adminUsers.renamedOrg", { name: renamed.shortName === renamed.name ? renamed.name : `${renamed.shortName} — ${renamed.name}` })} /> : null}
      {renaming ? (
        <RenameOrgDialog
          key={renaming.id}
          org={renaming}
          onClose={() => setRenaming(null)}
          onSaved={(org) => {
            setRenaming(null);
            setRenamed(org);
          }}
        />
      ) : null}
      {savedOrg ? (
        <Alert tone="success" title={t(savedOrg.createsProjects ? "admin.orgCreatesProjectsOn" : "admin.orgCreatesProjectsOff", { name: savedOrg.name })} />
      ) : null}
    </>
  );
}
