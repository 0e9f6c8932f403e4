import "./strings";
import "./exports.css";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { dossierUrl } from "./links";

/**
 * The project's dossier (expediente) on its overview: one ZIP a transparency request can be
 * answered with, and anyone can check against its manifest. Every member may download it (the
 * server audits each download).
 */
export function DossierCard({ projectId }: { projectId: string }) {
  const { t } = useTranslation("exports");
  const titleId = useId();
  const explainId = useId();
  return (
    <section className="card dossier-card" aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        {t("dossier.title")}
      </h2>
      <p id={explainId} className="dossier-explain">
        {t("dossier.explain")}
      </p>
      <a className="button button-secondary button-small" href={dossierUrl(projectId)} download aria-describedby={explainId}>
        {t("dossier.download")}
      </a>
    </section>
  );
}
