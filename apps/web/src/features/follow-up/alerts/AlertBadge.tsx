import "./strings";
import "./alerts.css";
import { useTranslation } from "react-i18next";
import type { FollowUpAlert } from "../../../api/follow-up";
import { alertNames } from "./alertText";

/**
 * A project's follow-up alerts in the portfolio: a badge with their count whose accessible name
 * (and tooltip) lists the alerts' names. Nothing when there are none.
 */
export function AlertBadge({ alerts }: { alerts: readonly FollowUpAlert[] | undefined }) {
  const { t } = useTranslation("alerts");
  if (!alerts || alerts.length === 0) return null;
  const names = alertNames(t, alerts).join(", ");
  return (
    <span className="alert-badge" title={names} data-testid="alert-badge">
      <span aria-hidden="true" className="alert-badge-icon">
        !
      </span>
      <span aria-hidden="true">{t("badge", { count: alerts.length })}</span>
      <span className="visually-hidden">{t("badgeLabel", { names })}</span>
    </span>
  );
}
