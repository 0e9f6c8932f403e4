import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AdminUser, Organization } from "../../api";
import { useSetUserActive } from "../../api/accounts";
import { Alert, ErrorAlert } from "../../components/Alert";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EditUserDialog } from "./EditUserDialog";
import { ResetPasswordDialog } from "./ResetPasswordDialog";

type Action = { kind: "edit" | "reset" | "deactivate" | "reactivate"; user: AdminUser };

/**
 * The accounts, with their agency, admin flag and state («Activa» / «Desactivada»), and per person
 * «Editar», «Restablecer contraseña» and «Desactivar» / «Reactivar» (each asks first, in a dialog).
 * One's own account offers only «Editar»: the server refuses deactivating or resetting oneself.
 * On narrow screens each row becomes a card (no sideways scrolling). Outcomes are said only once
 * the server answered.
 */
export function UsersTable({ users, orgs, selfId }: { users: AdminUser[]; orgs: Organization[]; selfId: string }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const setActive = useSetUserActive();

  const open = (next: Action) => {
    setOutcome(null);
    setActive.reset();
    setAction(next);
  };
  const close = () => setAction(null);

  function changeActive(user: AdminUser, active: boolean) {
    setActive.mutate(
      { userId: user.id, active },
      {
        onSuccess: (saved) => {
          setAction(null);
          setOutcome(t(active ? "adminUsers.reactivated_done" : "adminUsers.deactivated_done", { name: saved.name }));
        },
      },
    );
  }

  const columns = [t("adminUsers.columnName"), t("adminUsers.columnOrg"), t("adminUsers.columnAdmin"), t("adminUsers.columnStatus"), t("adminUsers.columnActions")];
  return (
    <>
      {outcome ? <Alert tone="success" title={outcome} /> : null}
      <table className="table admin-users">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const org = orgs.find((candidate) => candidate.id === user.orgId);
            const isSelf = user.id === selfId;
            const active = user.deactivatedAt === null;
            return (
              <tr key={user.id} className={active ? undefined : "admin-user-inactive"}>
                <th scope="row">
                  <span className="member-name">
                    {user.name} {isSelf ? <span className="muted">{t("adminUsers.you")}</span> : null}
                  </span>
                  <span className="member-email">{user.email}</span>
                </th>
                <td data-label={columns[1]}>{org ? <abbr title={org.name}>{org.shortName}</abbr> : <span className="muted">—</span>}</td>
                <td data-label={columns[2]}>{user.isAdmin ? t("common.yes") : t("common.no")}</td>
                <td data-label={columns[3]}>
                  <span className={`status-pill ${active ? "status-active" : "status-inactive"}`}>{active ? t("adminUsers.active") : t("adminUsers.deactivated")}</span>
                  {user.mustChangePassword ? <span className="admin-user-note small muted">{t("adminUsers.mustChange")}</span> : null}
                </td>
                <td className="admin-user-actions">
                  <div className="admin-user-actions-list">
                  <button type="button" className="button button-secondary button-small" aria-haspopup="dialog" aria-label={t("adminUsers.editFor", { name: user.name })} onClick={() => open({ kind: "edit", user })}>
                    {t("adminUsers.edit")}
                  </button>
                  {isSelf ? null : (
                    <>
                      <button type="button" className="button button-secondary button-small" aria-haspopup="dialog" aria-label={t("adminUsers.resetPasswordFor", { name: user.name })} onClick={() => open({ kind: "reset", user })}>
                        {t("adminUsers.resetPassword")}
                      </button>
                      {active ? (
                        <button type="button" className="button button-danger-ghost button-small" aria-haspopup="dialog" aria-label={t("adminUsers.deactivateFor", { name: user.name })} onClick={() => open({ kind: "deactivate", user })}>
                          {t("adminUsers.deactivate")}
                        </button>
                      ) : (
                        <button type="button" className="button button-secondary button-small" aria-haspopup="dialog" aria-label={t("adminUsers.reactivateFor", { name: user.name })} onClick={() => open({ kind: "reactivate", user })}>
                          {t("adminUsers.reactivate")}
                        </button>
                      )}
                    </>
                  )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {action?.kind === "edit" ? (
        <EditUserDialog
          key={action.user.id}
          user={action.user}
          orgs={orgs}
          isSelf={action.user.id === selfId}
          onClose={close}
          onSaved={(saved) => {
            setAction(null);
            setOutcome(t("adminUsers.saved", { name: saved.name }));
          }}
        />
      ) : null}
      {action?.kind === "reset" ? <ResetPasswordDialog key={action.user.id} user={action.user} onClose={close} /> : null}
      <ConfirmDialog
        className="dialog-small admin-dialog"
        open={action?.kind === "deactivate" || action?.kind === "reactivate"}
        title={action ? t(action.kind === "deactivate" ? "adminUsers.deactivateTitle" : "adminUsers.reactivateTitle", { name: action.user.name }) : ""}
        body={action ? t(action.kind === "deactivate" ? "adminUsers.deactivateBody" : "adminUsers.reactivateBody") : ""}
        confirmLabel={action?.kind === "reactivate" ? t("adminUsers.reactivateConfirm") : t("adminUsers.deactivateConfirm")}
        busy={setActive.isPending}
        onConfirm={() => action && changeActive(action.user, action.kind === "reactivate")}
        onCancel={close}
      >
        {setActive.isError ? <ErrorAlert error={setActive.error} /> : null}
      </ConfirmDialog>
    </>
  );
}
