import { useTranslation } from "react-i18next";
import { PageHeading } from "../../components/PageHeading";
import { useCurrentUser } from "./authContext";
import { PasswordChangeForm } from "./PasswordChangeForm";

/**
 * The only screen of someone who signed in with a temporary password (after an administrator's
 * reset): choose a new password (the header still offers «Cerrar sesión»). Once the server accepted
 * the new one, the session says so and the page they asked for appears.
 */
export function ForcedPasswordChange() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="container page">
      <section className="card page-narrow forced-password" aria-labelledby="forced-password-title">
        <PageHeading id="forced-password-title" title={t("account.forcedTitle")}>
          {t("account.forcedTitle")}
        </PageHeading>
        <p>{t("account.forcedIntro")}</p>
        <p className="muted small">{user.email}</p>
        <PasswordChangeForm forced titleId="forced-password-title" />
      </section>
    </div>
  );
}
