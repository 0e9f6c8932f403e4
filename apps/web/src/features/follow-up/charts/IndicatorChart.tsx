import * as Plot from "@observablehq/plot";
import { useTranslation } from "react-i18next";
import type { Indicator } from "../../../api/follow-up";
import { TableHead } from "../../../components/Lists";
import { useFormat } from "../../../i18n/format";
import { formatDay } from "../alerts/alertText";
import { CHART_COLORS, ChartLegend, PlotFigure } from "./PlotFigure";

const DASH = { target: "8 4", baseline: "2 3" } as const;

/** An indicator's measurements over time (solid line, circles) against its target (dashed) and baseline (dotted). */
export function IndicatorChart({ indicator }: { indicator: Indicator }) {
  const { t, i18n } = useTranslation("followUp");
  const format = useFormat();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const measurements = [...indicator.measurements].sort((a, b) => a.measuredOn.localeCompare(b.measuredOn));
  const last = measurements.at(-1);
  const facts = { name: indicator.name, unit: indicator.unit, baseline: format.number(indicator.baseline), target: format.number(indicator.target) };
  const summary = last
    ? t("indicators.summary", { ...facts, last: format.number(last.value), date: formatDay(language, last.measuredOn) })
    : t("indicators.summaryEmpty", facts);
  const labels = { target: t("indicators.target"), baseline: t("indicators.baseline") };
  const series: [string, number][] = measurements.map((m) => [m.measuredOn, m.value]);

  return (
    <PlotFigure
      caption={t("indicators.caption", { name: indicator.name })}
      summary={summary}
      draw={(width) => drawIndicator(series, indicator.baseline, indicator.target, width, language, labels)}
      drawKey={JSON.stringify([series, indicator.baseline, indicator.target, language, labels])}
      className="indicator-chart"
      legend={
        <ChartLegend
          label={t("scurve.legend")}
          items={[
            { label: `${indicator.name} (${indicator.unit})`, color: CHART_COLORS.actual, marker: "circle" },
            { label: t("indicators.target"), color: CHART_COLORS.target, dash: DASH.target },
            { label: t("indicators.baseline"), color: CHART_COLORS.baseline, dash: DASH.baseline },
          ]}
        />
      }
      table={
        <table className="table table-compact">
          <caption className="visually-hidden">{t("chart.tableOf", { caption: t("indicators.caption", { name: indicator.name }) })}</caption>
          <TableHead columns={[t("indicators.measuredOn"), { numeric: `${t("indicators.value")} (${indicator.unit})` }]} />
          <tbody>
            <tr>
              <th scope="row">{t("indicators.baseline")}</th>
              <td className="numeric">{format.number(indicator.baseline)}</td>
            </tr>
            {measurements.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <time dateTime={m.measuredOn}>{formatDay(language, m.measuredOn)}</time>
                </th>
                <td className="numeric">{format.number(m.value)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("indicators.target")}</th>
              <td className="numeric">{format.number(indicator.target)}</td>
            </tr>
          </tbody>
        </table>
      }
    />
  );
}

function drawIndicator(
  measurements: [string, number][],
  baseline: number,
  target: number,
  width: number,
  language: string,
  labels: { target: string; baseline: string },
): Element {
  const data = measurements.map(([day, value]) => ({ date: new Date(`${day}T00:00:00Z`), value }));
  const values = [baseline, target, ...data.map((d) => d.value)];
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const pad = (max - min || Math.abs(max) || 1) * 0.12;
  const dayFormat = new Intl.DateTimeFormat(language, { month: "short", year: "2-digit", timeZone: "UTC" });
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  return Plot.plot({
    width,
    height: 200,
    marginLeft: 52,
    marginRight: 80,
    style: { fontSize: "12px", fontFamily: "inherit", color: "#16202b" },
    x: { type: "utc", label: null, tickFormat: (d: Date) => dayFormat.format(d), ticks: width < 520 ? 3 : 6 },
    y: { domain: [min - pad, max + pad], label: null, grid: true, ticks: 4, tickFormat: (v: number) => number.format(v) },
    marks: [
      Plot.ruleY([target], { stroke: CHART_COLORS.target, strokeWidth: 2, strokeDasharray: DASH.target, className: "indicator-target" }),
      Plot.ruleY([baseline], { stroke: CHART_COLORS.baseline, strokeWidth: 2, strokeDasharray: DASH.baseline, className: "indicator-baseline" }),
      Plot.text([target], { y: (d: number) => d, frameAnchor: "right", dx: 76, textAnchor: "end", text: () => labels.target, fill: CHART_COLORS.target }),
      Plot.text([baseline], { y: (d: number) => d, frameAnchor: "right", dx: 76, textAnchor: "end", text: () => labels.baseline, fill: CHART_COLORS.baseline }),
      Plot.lineY(data, { x: "date", y: "value", stroke: CHART_COLORS.actual, strokeWidth: 2.5, className: "indicator-values" }),
      Plot.dot(data, { x: "date", y: "value", fill: CHART_COLORS.actual, r: 4, className: "indicator-values-marks" }),
    ],
  });
}
