import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FollowUp } from "../../api/follow-up";
import { Alert } from "../../components/Alert";
import { CardTitle, TableHead, TableScroll } from "../../components/Lists";
import { EmptyState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { formatMxnCents, formatPeriod } from "./alerts/alertText";
import { EditDialog, FormDialog } from "./FormDialog";
import { nextPeriod } from "./model";
import { ReportForm } from "./ReportForm";

/** The progress reports by month (newest first) and, for owners and editors in a follow-up stage, «Nuevo reporte de avance». */
export function ReportsCard({ projectId, followUp }: { projectId: string; followUp: FollowUp }) {
  const { t, i18n } = useTranslation("followUp");
  const language = i18n.resolvedLanguage ?? i18n.language;
  const format = useFormat();
  const captionId = useId();
  const [savedPeriod, setSavedPeriod] = useState<string | null>(null);
  const reports = [...followUp.reports].sort((a, b) => b.period.localeCompare(a.period));
  const canReport = followUp.abilities.report && followUp.inFollowUp;
  const money = (value: number) => formatMxnCents(language, value);
  // The next month to report: after the latest report, or the previous month.
  const latest = reports[0]?.period;
  const [y, m] = [Number(followUp.today.slice(0, 4)), Number(followUp.today.slice(5, 7))];
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  const defaultPeriod = latest && latest >= lastMonth ? nextPeriod(latest) : lastMonth;

  return (
    <section className="card" aria-labelledby="reports-title">
      <div className="card-heading">
        <CardTitle id="reports-title" note={reports.length || null}>
          {t("reports.title")}
        </CardTitle>
        {canReport ? (
          <FormDialog
            title={t("reports.formTitle")}
            className="dialog-wide"
            trigger={(open) => (
              <button
                type="button"
                className="button button-primary button-small"
                aria-haspopup="dialog"
                onClick={() => {
                  setSavedPeriod(null);
                  open();
                }}
              >
                <span aria-hidden="true" className="button-icon">
                  +
                </span>
                {t("reports.new")}
              </button>
            )}
          >
            {({ close }) => (
              <ReportForm
                projectId={projectId}
                defaultPeriod={defaultPeriod}
                onCancel={close}
                onDone={(period) => {
                  close();
                  setSavedPeriod(period);
                }}
              />
            )}
          </FormDialog>
        ) : null}
      </div>
      {!followUp.inFollowUp ? <p className="muted small">{t("reports.notOffered")}</p> : null}
      {savedPeriod ? <Alert tone="success" title={t("reports.savedNotice", { period: formatPeriod(language, savedPeriod) })} /> : null}
      {reports.length === 0 ? (
        <EmptyState title={t("reports.empty")} />
      ) : (
        <>
          <TableScroll labelledBy={captionId}>
            <table className="table table-compact reports-table" data-testid="reports-table">
              <caption id={captionId} className="visually-hidden">
                {t("reports.caption")}
              </caption>
              <TableHead
                columns={[
                  t("reports.period"),
                  { numeric: t("reports.physical") },
                  { numeric: t("reports.authorized") },
                  { numeric: t("reports.committed") },
                  { numeric: t("reports.spent") },
                  t("reports.reportedBy"),
                  ...(canReport ? [<span className="visually-hidden">{t("actions")}</span>] : []),
                ]}
              />
              <tbody>
                {reports.map((report) => (
                  <tr key={report.id}>
                    <th scope="row">{formatPeriod(language, report.period)}</th>
                    <td className="numeric">{format.percent(report.physicalPct)}</td>
                    <td className="numeric">{money(report.financial.authorized)}</td>
                    <td className="numeric">{money(report.financial.committed)}</td>
                    <td className="numeric">{money(report.financial.spent)}</td>
                    <td>
                      {report.reportedBy.name}
                      {report.reportedBy.orgShortName ? <span className="muted"> · {report.reportedBy.orgShortName}</span> : null}
                    </td>
                    {canReport ? (
                      <td className="row-actions">
                        <EditDialog
                          title={t("reports.editTitle", { period: formatPeriod(language, report.period) })}
                          label={t("edit")}
                          ariaLabel={t("reports.editLabel", { period: formatPeriod(language, report.period) })}
                          className="dialog-wide"
                        >
                          {({ close }) => <ReportForm projectId={projectId} report={report} defaultPeriod={report.period} onDone={close} onCancel={close} />}
                        </EditDialog>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {reports.some((report) => report.narrative || report.photos.length > 0) ? (
            <div className="report-notes">
              {reports
                .filter((report) => report.narrative || report.photos.length > 0)
                .map((report) => (
                  <details key={report.id} className="report-note">
                    <summary>
                      {t("reports.narrative")} · {formatPeriod(language, report.period)}
                      {report.photos.length > 0 ? ` · ${t("reports.photos")}: ${report.photos.length}` : ""}
                    </summary>
                    {report.narrative ? <p className="description">{report.narrative}</p> : null}
                    {report.photos.length > 0 ? (
                      <ul className="report-photos">
                        {report.photos.map((photo, index) => (
                          <li key={photo.id}>
                            <a href={photo.url} target="_blank" rel="noreferrer">
                              <img src={photo.url} alt={t("reports.photoAlt", { number: index + 1, period: formatPeriod(language, report.period) })} loading="lazy" />
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </details>
                ))}
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
