import "./strings";
import "./follow-up.css";
import { useTranslation } from "react-i18next";
import { useFollowUp, type FollowUp } from "../../api/follow-up";
import { ErrorAlert } from "../../components/Alert";
import { LoadingState } from "../../components/States";
import { AlertsList } from "./alerts/AlertsList";
import { SCurveChart } from "./charts/SCurveChart";
import { SpendingChart } from "./charts/SpendingChart";
import { IndicatorsCard } from "./IndicatorsCard";
import { MilestonesCard } from "./MilestonesCard";
import { latestReport } from "./model";
import { PlanCard } from "./PlanCard";
import { ReportsCard } from "./ReportsCard";

/**
 * The workspace's «Seguimiento» tab: alerts, the S-curve and spending by source, progress reports,
 * milestones, the progress plan and the indicators. Everyone in the project reads it; the forms
 * are offered to whom the server says may edit (`abilities.edit`, `abilities.report`). Loaded
 * with the tab (it brings Observable Plot).
 */
export function FollowUpPanel({ projectId }: { projectId: string }) {
  const { t } = useTranslation("followUp");
  const followUp = useFollowUp(projectId);
  if (followUp.isError && !followUp.data) return <ErrorAlert error={followUp.error} title={t("loadError")} onRetry={() => void followUp.refetch()} />;
  if (!followUp.data) return <LoadingState label={t("loading")} />;
  return <FollowUpView projectId={projectId} followUp={followUp.data} />;
}

function FollowUpView({ projectId, followUp }: { projectId: string; followUp: FollowUp }) {
  const { t } = useTranslation("followUp");
  const { t: tApp } = useTranslation();
  const latest = latestReport(followUp.reports);
  const hasProgress = followUp.plan.length > 0 || followUp.reports.length > 0;
  const readOnly = !followUp.abilities.edit;
  // Before the executive project: milestones, the plan and the indicators are planned; no reports yet.
  const planning = !followUp.inFollowUp;
  return (
    <div className="follow-up">
      <section className="card follow-up-intro" aria-labelledby="follow-up-title">
        <h2 id="follow-up-title" className="card-title">
          {t("title")}
        </h2>
        <p>{followUp.inFollowUp ? t("introFollowUp") : t("introPlanning", { stage: tApp(`stages.${followUp.stage}`) })}</p>
        {readOnly ? <p className="muted small">{t("readOnly")}</p> : null}
        {followUp.alerts.length > 0 ? <AlertsList alerts={followUp.alerts} /> : null}
      </section>

      {planning ? (
        <>
          <MilestonesCard projectId={projectId} followUp={followUp} />
          <PlanCard projectId={projectId} followUp={followUp} />
          {hasProgress ? (
            <section className="card" aria-labelledby="progress-title">
              <h2 id="progress-title" className="card-title">
                {t("progress.title")}
              </h2>
              <SCurveChart plan={followUp.plan} reports={followUp.reports} />
            </section>
          ) : null}
          <IndicatorsCard projectId={projectId} followUp={followUp} />
          {followUp.reports.length > 0 ? <ReportsCard projectId={projectId} followUp={followUp} /> : null}
        </>
      ) : (
        <>
          <div className="follow-up-charts">
            <section className="card" aria-labelledby="progress-title">
              <h2 id="progress-title" className="card-title">
                {t("progress.title")}
              </h2>
              {hasProgress ? (
                <SCurveChart plan={followUp.plan} reports={followUp.reports} />
              ) : (
                <p className="muted">
                  {t("progress.empty")} {followUp.abilities.edit ? t("progress.emptyHint") : null}
                </p>
              )}
            </section>
            <section className="card" aria-labelledby="spending-title">
              <h2 id="spending-title" className="card-title">
                {t("spending.title")}
              </h2>
              {latest ? <SpendingChart report={latest} /> : <p className="muted">{t("spending.noReport")}</p>}
            </section>
          </div>

          <ReportsCard projectId={projectId} followUp={followUp} />
          <MilestonesCard projectId={projectId} followUp={followUp} />
          <PlanCard projectId={projectId} followUp={followUp} />
          <IndicatorsCard projectId={projectId} followUp={followUp} />
        </>
      )}
    </div>
  );
}
