import * as Plot from "@observablehq/plot";
import { CHART_COLORS, PlotFigure } from "../follow-up/charts/PlotFigure";

export type BarRow = { key: string; label: string; value: number };

/**
 * One of the dashboard's breakdowns: a horizontal bar chart of `rows` (largest first) with the
 * numbers written at the bars' ends, and the table beside it (always shown: it is the content).
 */
export function DashboardBars({
  caption,
  summary,
  rows,
  formatValue,
  table,
  testId,
}: {
  caption: string;
  summary: string;
  rows: BarRow[];
  formatValue: (value: number) => string;
  table: React.ReactNode;
  testId?: string;
}) {
  const data: [string, number, string][] = rows.map((row) => [row.label, row.value, formatValue(row.value)]);
  return (
    <PlotFigure
      caption={caption}
      summary={summary}
      draw={(width) => drawBars(data, width)}
      drawKey={JSON.stringify(data)}
      table={table}
      tableShown
      className="dashboard-figure"
      {...(testId ? { testId } : {})}
    />
  );
}

function drawBars(rows: [string, number, string][], width: number): Element {
  const data = rows.map(([label, value, text]) => ({ label: label.length > 28 ? `${label.slice(0, 27)}…` : label, value, text }));
  const longest = Math.max(40, ...data.map((d) => d.label.length * 6.5));
  return Plot.plot({
    width,
    height: 8 + data.length * 28,
    marginTop: 4,
    marginBottom: 4,
    marginLeft: Math.min(longest + 8, width * 0.45),
    // Room for the longest number written at a bar's end (amounts with cents), so it stays inside the chart on a phone.
    marginRight: Math.min(Math.max(64, ...data.map((d) => d.text.length * 7 + 8)), width * 0.4),
    style: { fontSize: "12px", fontFamily: "inherit", color: "#16202b" },
    x: { axis: null, domain: [0, Math.max(1, ...data.map((d) => d.value))] },
    y: { label: null, domain: data.map((d) => d.label), padding: 0.25, tickSize: 0 },
    marks: [
      Plot.barX(data, { x: "value", y: "label", fill: CHART_COLORS.bar, className: "dashboard-bars" }),
      Plot.text(data, { x: "value", y: "label", text: "text", textAnchor: "start", dx: 4, fill: "#16202b" }),
      Plot.ruleX([0], { stroke: "#6f7a88" }),
    ],
  });
}
