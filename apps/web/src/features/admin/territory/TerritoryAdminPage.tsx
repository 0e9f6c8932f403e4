import "./strings";
import "./territory.css";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/Alert";
import { PageHeading } from "../../../components/PageHeading";
import { useCurrentUser } from "../../auth/authContext";
import { CompatibilityCard } from "./CompatibilityCard";
import { LayerImport } from "./LayerImport";
import { LayersCard } from "./LayersCard";

/**
 * /admin/territory: the territorial layers (import a GeoJSON file, every version listed) and the
 * land-use compatibility matrix. Only administrators reach the content (the server answers 403 to
 * anyone else); others get the admin page's own message.
 */
export default function TerritoryAdminPage() {
  const { t } = useTranslation("territoryAdmin");
  const { t: tApp } = useTranslation();
  const user = useCurrentUser();
  const title = t("title");
  // The server decides each request too (territory.manage: 403 for anyone else).
  const allowed = user.abilities.manageTerritory;
  return (
    <div className="container page territory-admin">
      <p className="back-link">
        <Link to="/admin">← {t("admin")}</Link>
      </p>
      <div className="page-header">
        <div>
          <PageHeading title={title}>{title}</PageHeading>
          {allowed ? <p className="page-intro">{t("intro")}</p> : null}
        </div>
      </div>
      {allowed ? (
        <>
          <div className="territory-admin-top">
            <LayerImport />
            <LayersCard />
          </div>
          <CompatibilityCard />
        </>
      ) : (
        <Alert tone="info" title={tApp("admin.forbidden")} className="page-narrow" />
      )}
    </div>
  );
}
