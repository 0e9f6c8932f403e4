import "./strings";
import "./alerts.css";
import { useTranslation } from "react-i18next";
import type { FollowUpAlert } from "../../../api/follow-up";
import { AlertsList } from "./AlertsList";

/**
 * The project overview's card of follow-up alerts (only when there are some), with a link to the
 * «Seguimiento» tab.
 */
export function AlertsCard({ alerts, onOpen }: { alerts: readonly FollowUpAlert[] | undefined; onOpen?: () => void }) {
  const { t } = useTranslation("alerts");
  if (!alerts || alerts.length === 0) return null;
  return (
    <section className="card alerts-card" aria-labelledby="follow-up-alerts-title">
      <div className="card-heading">
        <h2 id="follow-up-alerts-title" className="card-title">
          {t("card.title")}
          <span className="card-title-note"> · {t("badge", { count: alerts.length })}</span>
        </h2>
        {onOpen ? (
          <button type="button" className="button button-secondary button-small" onClick={onOpen}>
            {t("card.open")}
          </button>
        ) : null}
      </div>
      <p className="muted small">{t("card.intro")}</p>
      <AlertsList alerts={alerts} />
    </section>
  );
}
