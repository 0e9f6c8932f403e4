import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageHeading } from "./PageHeading";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="container page-narrow not-found">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <PageHeading title={t("notFound.title")}>{t("notFound.title")}</PageHeading>
      <p className="muted">{t("notFound.body")}</p>
      <p>
        <Link to="/" className="button button-primary">
          {t("notFound.home")}
        </Link>
      </p>
    </div>
  );
}
