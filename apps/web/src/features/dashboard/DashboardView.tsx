import "./strings";
import "../follow-up/alerts/strings";
import "../follow-up/follow-up.css";
import "./dashboard.css";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ProjectFilters } from "../../api";
import type { FundingSource } from "@taller/domain/vocabulary";
import { followUpApi, usePortfolioDashboard, type PortfolioDashboard } from "../../api/follow-up";
import { ErrorAlert } from "../../components/Alert";
import { TableHead } from "../../components/Lists";
import { LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { StageBadge } from "../projects/ProjectLabels";
import { alertNames, formatMxnCents } from "../follow-up/alerts/alertText";
import { AlertsList } from "../follow-up/alerts/AlertsList";
import { DashboardBars, type BarRow } from "./DashboardBars";

type Section = "byStage" | "byKind" | "byMicroregion" | "byLeadOrg";

/**
 * The portfolio's «Tablero» view (?view=dashboard): the visible projects' counts and amounts by
 * stage, kind, microregion, lead agency and funding source, the follow-up money, the projects with
 * alerts, and «Exportar CSV» — all with the list's filters (the server applies them).
 */
export default function DashboardView({ filters }: { filters: ProjectFilters }) {
  const { t } = useTranslation("dashboard");
  const dashboard = usePortfolioDashboard(filters);
  if (dashboard.isError && !dashboard.data) return <ErrorAlert error={dashboard.error} title={t("loadError")} onRetry={() => void dashboard.refetch()} />;
  if (!dashboard.data) return <LoadingState label={t("loading")} />;
  return <Dashboard data={dashboard.data} filters={filters} busy={dashboard.isPlaceholderData} />;
}

function Dashboard({ data, filters, busy }: { data: PortfolioDashboard; filters: ProjectFilters; busy: boolean }) {
  const { t } = useTranslation("dashboard");
  const { t: tApp } = useTranslation();
  const { t: tAlerts } = useTranslation("alerts");
  const format = useFormat();
  const alertsId = useId();

  const label = (section: Section, key: string | null, fallback?: string): string => {
    if (section === "byStage") return tApp(`stages.${key as "idea"}`);
    if (section === "byKind") return tApp(`kinds.${key as "study"}`);
    if (section === "byMicroregion") return key ?? t("noMicroregion");
    return key === null ? t("noLeadOrg") : (fallback ?? key);
  };

  const breakdown = (section: Section, firstColumn: string) => {
    const rows = data[section].map((bucket) => ({ key: bucket.key ?? "", label: label(section, bucket.key, "label" in bucket ? bucket.label : undefined), count: bucket.count, amount: bucket.amountMxn }));
    const bars: BarRow[] = rows.map((row) => ({ key: row.key, label: row.label, value: row.count }));
    const title = t(`sections.${section}`);
    return (
      <section className="card dashboard-card" aria-labelledby={`dashboard-${section}`} key={section}>
        <h3 id={`dashboard-${section}`} className="card-title">
          {title}
        </h3>
        {rows.length === 0 ? (
          <p className="muted">{t("empty")}</p>
        ) : (
          <DashboardBars
            caption={t("chartCount")}
            summary={t("chartSummary", { section: title, items: rows.map((row) => `${row.label}: ${format.number(row.count)}`).join("; ") })}
            rows={bars}
            formatValue={(value) => format.number(value)}
            testId={`dashboard-${section}`}
            table={
              <table className="table table-compact" data-testid={`dashboard-${section}-table`}>
                <caption className="visually-hidden">{title}</caption>
                <TableHead columns={[firstColumn, { numeric: t("columns.count") }, { numeric: t("columns.amount") }]} />
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.key || "none"}>
                      <th scope="row">{row.label}</th>
                      <td className="numeric">{format.number(row.count)}</td>
                      <td className="numeric">{format.mxn(row.amount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        )}
      </section>
    );
  };

  const fundingTotal = data.byFundingSource.reduce((sum, bucket) => sum + bucket.amountMxn, 0);
  const fundingTitle = t("sections.byFundingSource");
  const source = (key: FundingSource) => tApp(`project.fundingSources.${key}`);

  return (
    <div className="dashboard" aria-busy={busy || undefined} data-testid="dashboard">
      <div className="dashboard-heading">
        <div>
          <h2 className="dashboard-title">{t("title")}</h2>
          <p className="muted">{t("intro")}</p>
        </div>
        <p className="dashboard-export">
          <a className="button button-secondary" href={followUpApi.dashboardCsvUrl(filters)} download>
            {t("exportCsv")}
          </a>
          <span className="muted small">{t("exportHint")}</span>
        </p>
      </div>

      <dl className="dashboard-totals">
        <div data-testid="dashboard-total-projects">
          <dt>{t("totals.projects")}</dt>
          <dd>{format.number(data.totals.projects)}</dd>
        </div>
        <div>
          <dt>{t("totals.amount")}</dt>
          <dd>{format.mxn(data.totals.amountMxn)}</dd>
        </div>
        <div>
          <dt>{t("totals.followUp")}</dt>
          <dd>{format.number(data.followUp.projects)}</dd>
        </div>
        <div>
          <dt>{t("totals.withAlerts")}</dt>
          <dd>{format.number(data.withAlerts.length)}</dd>
        </div>
      </dl>

      <div className="dashboard-grid">
        {breakdown("byStage", t("columns.stage"))}
        {breakdown("byKind", t("columns.kind"))}
        {breakdown("byMicroregion", t("columns.microregion"))}
        {breakdown("byLeadOrg", t("columns.leadOrg"))}

        <section className="card dashboard-card" aria-labelledby="dashboard-byFundingSource">
          <h3 id="dashboard-byFundingSource" className="card-title">
            {fundingTitle}
          </h3>
          {data.byFundingSource.length === 0 ? (
            <p className="muted">{t("empty")}</p>
          ) : (
            <DashboardBars
              caption={t("chartAmount")}
              summary={t("chartSummary", {
                section: fundingTitle,
                items: data.byFundingSource.map((bucket) => `${source(bucket.key)}: ${format.mxn(bucket.amountMxn)}`).join("; "),
              })}
              rows={data.byFundingSource.map((bucket) => ({ key: bucket.key, label: source(bucket.key), value: bucket.amountMxn }))}
              formatValue={(value) => format.mxn(value)}
              testId="dashboard-byFundingSource"
              table={
                <table className="table table-compact">
                  <caption className="visually-hidden">{fundingTitle}</caption>
                  <TableHead columns={[t("columns.source"), { numeric: t("columns.amount") }, { numeric: t("columns.share") }]} />
                  <tbody>
                    {data.byFundingSource.map((bucket) => (
                      <tr key={bucket.key}>
                        <th scope="row">{source(bucket.key)}</th>
                        <td className="numeric">{format.mxn(bucket.amountMxn)}</td>
                        <td className="numeric">{fundingTotal > 0 ? format.percent((bucket.amountMxn * 100) / fundingTotal) : "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            />
          )}
        </section>

        <section className="card dashboard-card" aria-labelledby="dashboard-followUp">
          <h3 id="dashboard-followUp" className="card-title">
            {t("sections.followUp")}
          </h3>
          {data.followUp.projects === 0 ? (
            <p className="muted">{t("followUpNone")}</p>
          ) : (
            <FollowUpMoney data={data} />
          )}
        </section>
      </div>

      <section className="card" aria-labelledby={alertsId}>
        <h3 id={alertsId} className="card-title">
          {t("sections.withAlerts")}
          <span className="card-title-note"> · {format.number(data.withAlerts.length)}</span>
        </h3>
        {data.withAlerts.length === 0 ? (
          <p className="muted">{t("noAlerts")}</p>
        ) : (
          <ul className="dashboard-alerts" data-testid="dashboard-alerts">
            {data.withAlerts.map((project) => (
              <li key={project.id}>
                <Link to={`/projects/${encodeURIComponent(project.id)}?tab=follow-up`}>
                  <span className="clave">{project.clave}</span> {project.name}
                </Link>{" "}
                <StageBadge stage={project.stage} />
                <details className="dashboard-alert-details">
                  <summary>
                    <span className="dashboard-alert-names">{alertNames(tAlerts, project.alerts).join(" · ")}</span>
                  </summary>
                  <AlertsList alerts={project.alerts} />
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function FollowUpMoney({ data }: { data: PortfolioDashboard }) {
  const { t, i18n } = useTranslation("dashboard");
  const format = useFormat();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const money = (value: number) => formatMxnCents(language, value);
  const { authorized, committed, spent, projects } = data.followUp;
  const rows = [
    { key: "authorized", label: t("money.authorized"), value: authorized },
    { key: "committed", label: t("money.committed"), value: committed },
    { key: "spent", label: t("money.spent"), value: spent },
  ];
  const title = t("sections.followUp");
  return (
    <DashboardBars
      caption={t("followUpChart")}
      summary={t("followUpFacts", { count: projects, authorized: money(authorized), committed: money(committed), spent: money(spent) })}
      rows={rows}
      formatValue={(value) => format.mxn(value)}
      testId="dashboard-followUp"
      table={
        <>
          <p className="small">{t("followUpFacts", { count: projects, authorized: money(authorized), committed: money(committed), spent: money(spent) })}</p>
          <table className="table table-compact">
            <caption className="visually-hidden">{title}</caption>
            <TableHead columns={[t("columns.concept"), { numeric: t("columns.amount") }, { numeric: t("money.ofAuthorized") }]} />
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label}</th>
                  <td className="numeric">{money(row.value)}</td>
                  <td className="numeric">{authorized > 0 ? format.percent((row.value * 100) / authorized) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      }
    />
  );
}
