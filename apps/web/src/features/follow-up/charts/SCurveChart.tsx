import * as Plot from "@observablehq/plot";
import { useTranslation } from "react-i18next";
import type { PlanPoint, ProgressReport } from "../../../api/follow-up";
import { TableHead } from "../../../components/Lists";
import { useFormat } from "../../../i18n/format";
import { formatPeriod } from "../alerts/alertText";
import { periodDate, sCurveRows, type SCurveRow } from "../model";
import { CHART_COLORS, ChartLegend, PlotFigure } from "./PlotFigure";

const DASH = { planned: "7 4", actual: undefined, spent: "2 3" } as const;

/**
 * The S-curve: cumulative physical progress planned (dashed, squares) and reported (solid,
 * circles), and spending as % of the authorised amount (dotted, triangles), month by month.
 */
export function SCurveChart({ plan, reports }: { plan: readonly PlanPoint[]; reports: readonly ProgressReport[] }) {
  const { t, i18n } = useTranslation("followUp");
  const format = useFormat();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const rows = sCurveRows(plan, reports);
  const pct = (value: number | null) => (value === null ? t("none") : format.percent(value));
  const last = rows.at(-1);
  const lastActual = [...rows].reverse().find((row) => row.actual !== null);
  const summaryRow = lastActual ?? last;
  const summary = summaryRow
    ? t("scurve.summary", {
        count: rows.length,
        period: formatPeriod(language, summaryRow.period),
        planned: pct(summaryRow.planned),
        actual: pct(summaryRow.actual),
        spent: pct(summaryRow.spent),
      })
    : t("scurve.summaryEmpty");

  const axis = t("scurve.axis");
  const drawKey = JSON.stringify([rows, language, axis]);

  return (
    <PlotFigure
      caption={t("scurve.caption")}
      summary={summary}
      draw={(width) => drawSCurve(rows, width, language, axis)}
      drawKey={drawKey}
      testId="scurve"
      legend={
        <ChartLegend
          label={t("scurve.legend")}
          items={[
            { label: t("scurve.planned"), color: CHART_COLORS.planned, dash: DASH.planned, marker: "square" },
            { label: t("scurve.actual"), color: CHART_COLORS.actual, marker: "circle" },
            { label: t("scurve.spent"), color: CHART_COLORS.spent, dash: DASH.spent, marker: "triangle" },
          ]}
        />
      }
      table={
        <table className="table table-compact" data-testid="scurve-table">
          <caption className="visually-hidden">{t("chart.tableOf", { caption: t("scurve.caption") })}</caption>
          <TableHead columns={[t("scurve.period"), { numeric: t("scurve.colPlanned") }, { numeric: t("scurve.colActual") }, { numeric: t("scurve.colSpent") }]} />
          <tbody>
            {rows.map((row) => (
              <tr key={row.period}>
                <th scope="row">{formatPeriod(language, row.period)}</th>
                <td className="numeric">{pct(row.planned)}</td>
                <td className="numeric">{pct(row.actual)}</td>
                <td className="numeric">{pct(row.spent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function drawSCurve(rows: SCurveRow[], width: number, language: string, axisLabel: string): Element {
  const planned = rows.filter((row) => row.planned !== null);
  const actual = rows.filter((row) => row.actual !== null);
  const spent = rows.filter((row) => row.spent !== null);
  const x = (row: SCurveRow) => periodDate(row.period);
  const monthFormat = new Intl.DateTimeFormat(language, { month: "short", year: "2-digit", timeZone: "UTC" });
  const phone = width < 520;
  return Plot.plot({
    width,
    height: phone ? 240 : 300,
    marginLeft: 44,
    marginRight: 16,
    style: { fontSize: "12px", fontFamily: "inherit", color: "#16202b" },
    x: { type: "utc", label: null, tickFormat: (d: Date) => monthFormat.format(d), ticks: phone ? 4 : 8 },
    y: { domain: [0, 100], label: `${axisLabel} (%)`, grid: true, ticks: 5 },
    marks: [
      Plot.ruleY([0], { stroke: "#6f7a88" }),
      Plot.lineY(planned, { x, y: "planned", stroke: CHART_COLORS.planned, strokeWidth: 2, strokeDasharray: DASH.planned, className: "scurve-planned" }),
      Plot.dot(planned, { x, y: "planned", symbol: "square", fill: CHART_COLORS.planned, r: 3.5, className: "scurve-planned-marks" }),
      Plot.lineY(spent, { x, y: "spent", stroke: CHART_COLORS.spent, strokeWidth: 2, strokeDasharray: DASH.spent, className: "scurve-spent" }),
      Plot.dot(spent, { x, y: "spent", symbol: "triangle", fill: CHART_COLORS.spent, r: 4, className: "scurve-spent-marks" }),
      Plot.lineY(actual, { x, y: "actual", stroke: CHART_COLORS.actual, strokeWidth: 2.5, className: "scurve-actual" }),
      Plot.dot(actual, { x, y: "actual", symbol: "circle", fill: CHART_COLORS.actual, r: 4, className: "scurve-actual-marks" }),
    ],
  });
}
