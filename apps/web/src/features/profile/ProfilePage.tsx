import { useTranslation } from "react-i18next";
import { PageHeading } from "../../components/PageHeading";
import { useCurrentUser } from "../auth/authContext";
import { PasswordChangeForm } from "../auth/PasswordChangeForm";

/** «Tu perfil»: who the signed-in person is (name, email, agency) and the change of their own password. */
export default function ProfilePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div className="container page">
      <div className="page-narrow profile-page">
        <PageHeading title={t("account.profileTitle")}>{t("account.profileTitle")}</PageHeading>
        <p className="page-intro">{t("account.profileIntro")}</p>
        <section className="card" aria-label={t("account.profileTitle")}>
          <dl className="profile-details">
            <dt>{t("account.name")}</dt>
            <dd>{user.name}</dd>
            <dt>{t("account.email")}</dt>
            <dd>{user.email}</dd>
            <dt>{t("account.org")}</dt>
            <dd>{user.org.shortName === user.org.name ? user.org.name : `${user.org.shortName} — ${user.org.name}`}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title" className="card-title">
            {t("account.passwordTitle")}
          </h2>
          <PasswordChangeForm titleId="password-title" />
        </section>
      </div>
    </div>
  );
}
