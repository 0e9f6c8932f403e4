import "../strings";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Colours of the charts: each ≥ 3:1 against white (WCAG 1.4.11), and lines told apart by dash and marker too. */
export const CHART_COLORS = {
  planned: "#4a5563",
  actual: "#0b5563",
  spent: "#8a4b00",
  target: "#1d6b40",
  baseline: "#4a5563",
  bar: "#0b5563",
  barSoft: "#9cc9d1",
} as const;

export type LegendItem = { label: string; color: string; dash?: string; marker?: "circle" | "square" | "triangle" | "bar" | "outline" | "tick" };

/** The chart's legend in HTML: a sample of each line (its dash and marker) and its name. */
export function ChartLegend({ items, label }: { items: LegendItem[]; label: string }) {
  return (
    <ul className="chart-legend" aria-label={label}>
      {items.map((item) => (
        <li key={item.label}>
          <svg viewBox="0 0 36 14" width="36" height="14" aria-hidden="true" focusable="false">
            {item.marker === "bar" ? (
              <rect x="2" y="2" width="32" height="10" fill={item.color} />
            ) : item.marker === "outline" ? (
              <rect x="2.5" y="2.5" width="31" height="9" fill={CHART_COLORS.barSoft} stroke={item.color} />
            ) : item.marker === "tick" ? (
              <line x1="18" x2="18" y1="0" y2="14" stroke={item.color} strokeWidth="3" />
            ) : (
              <>
                <line x1="1" x2="35" y1="7" y2="7" stroke={item.color} strokeWidth="2" strokeDasharray={item.dash} />
                {item.marker === "circle" ? <circle cx="18" cy="7" r="3.5" fill={item.color} /> : null}
                {item.marker === "square" ? <rect x="14.5" y="3.5" width="7" height="7" fill={item.color} /> : null}
                {item.marker === "triangle" ? <path d="M18 2.5 L22.5 11 L13.5 11 Z" fill={item.color} /> : null}
              </>
            )}
          </svg>
          <span>{item.label}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A chart as a figure: its caption, the drawing (an SVG with role="img" named by `summary`, the
 * chart's numbers in a sentence), its legend, and the same numbers as a table — behind «Ver tabla
 * de datos», or always shown (`tableShown`). `draw` builds the SVG for a width; it runs again when
 * the figure is resized or `drawKey` changes.
 */
export function PlotFigure({
  caption,
  summary,
  draw,
  drawKey,
  legend,
  table,
  tableShown = false,
  className,
  testId,
}: {
  caption: string;
  summary: string;
  draw: (width: number) => Element;
  /** Changes when what `draw` draws changes (its data and language): the chart is drawn again then. */
  drawKey: string;
  legend?: ReactNode;
  table: ReactNode;
  tableShown?: boolean;
  className?: string;
  testId?: string;
}) {
  const { t } = useTranslation("followUp");
  const holder = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const captionId = useId();
  const drawRef = useRef(draw);
  useEffect(() => {
    drawRef.current = draw;
  });

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const measure = () => setWidth(Math.floor(element.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = holder.current;
    if (!element || width <= 0) return;
    const chart = drawRef.current(width);
    const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector("svg");
    if (svg) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", summary);
      // Plot names each mark's group ("bar", "line"): inside an image those names are not allowed
      // (aria-label on a plain <g>), and the image's own name already says what the chart shows.
      for (const named of svg.querySelectorAll("[aria-label], [aria-description]")) {
        named.removeAttribute("aria-label");
        named.removeAttribute("aria-description");
      }
    }
    element.replaceChildren(chart);
    return () => chart.remove();
  }, [drawKey, width, summary]);

  return (
    <figure className={`chart ${className ?? ""}`.trim()} aria-labelledby={captionId} data-testid={testId}>
      <figcaption id={captionId} className="chart-caption">
        {caption}
      </figcaption>
      {legend}
      <div ref={holder} className="chart-drawing" />
      {tableShown ? (
        // Focusable, so that keyboard users can scroll a wide table sideways on a phone.
        <div className="chart-table" role="region" aria-label={t("chart.tableOf", { caption })} tabIndex={0}>
          {table}
        </div>
      ) : (
        <details className="chart-table">
          <summary>{t("chart.showTable")}</summary>
          {table}
        </details>
      )}
    </figure>
  );
}
