import * as Plot from "@observablehq/plot";
import { useTranslation } from "react-i18next";
import type { ProgressReport } from "../../../api/follow-up";
import { TableHead } from "../../../components/Lists";
import { formatMxnCents, formatPeriod } from "../alerts/alertText";
import { spendingRows, type SpendingRow } from "../model";
import { CHART_COLORS, ChartLegend, PlotFigure } from "./PlotFigure";

/**
 * The latest report's money by funding source as bullet bars: the authorised amount as a light
 * bar with an outline, spent as a solid bar inside it, committed as a dark tick.
 */
export function SpendingChart({ report }: { report: ProgressReport }) {
  const { t, i18n } = useTranslation("followUp");
  const language = i18n.resolvedLanguage ?? i18n.language;
  const period = formatPeriod(language, report.period);
  const rows = spendingRows(report);
  const label = (row: SpendingRow) => (row.source === "total" ? t("spending.total") : t(`sources.${row.source}`));
  const money = (value: number) => formatMxnCents(language, value);
  const labelled = rows.map((row) => ({ ...row, label: label(row) }));
  const { authorized, committed, spent } = report.financial;

  return (
    <>
      {rows[0]?.source === "total" ? <p className="muted small">{t("spending.noBySource")}</p> : null}
      <PlotFigure
        caption={t("spending.caption", { period })}
        summary={t("spending.summary", { period, authorized: money(authorized), committed: money(committed), spent: money(spent) })}
        draw={(width) => drawSpending(labelled, width, language)}
        drawKey={JSON.stringify([labelled, language])}
        testId="spending-chart"
        legend={
          <ChartLegend
            label={t("scurve.legend")}
            items={[
              { label: t("spending.authorized"), color: CHART_COLORS.actual, marker: "outline" },
              { label: t("spending.committed"), color: "#16202b", marker: "tick" },
              { label: t("spending.spent"), color: CHART_COLORS.spent, marker: "bar" },
            ]}
          />
        }
        table={
          <table className="table table-compact">
            <caption className="visually-hidden">{t("chart.tableOf", { caption: t("spending.caption", { period }) })}</caption>
            <TableHead columns={[t("spending.source"), { numeric: t("spending.authorized") }, { numeric: t("spending.committed") }, { numeric: t("spending.spent") }]} />
            <tbody>
              {rows.map((row) => (
                <tr key={row.source}>
                  <th scope="row">{label(row)}</th>
                  <td className="numeric">{money(row.authorized)}</td>
                  <td className="numeric">{money(row.committed)}</td>
                  <td className="numeric">{money(row.spent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </>
  );
}

function drawSpending(rows: (SpendingRow & { label: string })[], width: number, language: string): Element {
  const compact = new Intl.NumberFormat(language, { notation: "compact", maximumFractionDigits: 1 });
  return Plot.plot({
    width,
    height: 40 + rows.length * 44,
    marginLeft: 90,
    marginRight: 20,
    style: { fontSize: "12px", fontFamily: "inherit", color: "#16202b" },
    x: { label: "MXN", grid: true, tickFormat: (value: number) => `$${compact.format(value)}`, ticks: width < 520 ? 3 : 6 },
    y: { label: null, domain: rows.map((row) => row.label), padding: 0.25 },
    marks: [
      Plot.barX(rows, { x: "authorized", y: "label", fill: CHART_COLORS.barSoft, stroke: CHART_COLORS.actual, className: "spending-authorized" }),
      Plot.barX(rows, { x: "spent", y: "label", fill: CHART_COLORS.spent, insetTop: 9, insetBottom: 9, className: "spending-spent" }),
      Plot.tickX(rows, { x: "committed", y: "label", stroke: "#16202b", strokeWidth: 3, className: "spending-committed" }),
      Plot.ruleX([0], { stroke: "#6f7a88" }),
    ],
  });
}
