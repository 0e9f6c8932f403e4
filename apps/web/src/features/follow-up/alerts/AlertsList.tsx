import "./strings";
import "./alerts.css";
import { useTranslation } from "react-i18next";
import type { FollowUpAlert } from "../../../api/follow-up";
import { useFormat } from "../../../i18n/format";
import { alertDetail, alertName } from "./alertText";

/** The alerts as a list: each one's name and its sentence with the numbers. */
export function AlertsList({ alerts }: { alerts: readonly FollowUpAlert[] }) {
  const { t, i18n } = useTranslation("alerts");
  const format = useFormat();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return (
    <ul className="follow-up-alerts">
      {alerts.map((alert, index) => (
        <li key={`${alert.code}-${"milestoneId" in alert ? alert.milestoneId : index}`} className={`follow-up-alert follow-up-alert-${alert.code}`}>
          <span className="follow-up-alert-icon" aria-hidden="true">
            !
          </span>
          <span>
            <strong className="follow-up-alert-name">{alertName(t, alert)}</strong>
            <span className="follow-up-alert-detail">{alertDetail(t, language, format, alert)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
