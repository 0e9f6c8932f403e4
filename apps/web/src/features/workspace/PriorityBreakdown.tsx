// The priority score with its factors (packages/domain priority.ts): each factor's value, weight
// and contribution, so a committee sees why one project ranks above another. Shown inline on the
// project overview and, in the portfolio, in a popover that opens from the score.
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PriorityFactor, Project } from "../../api";
import { TableHead } from "../../components/Lists";
import { useFormat } from "../../i18n/format";
import { PriorityMeter } from "../projects/ProjectLabels";
import "./priority.css";

type Priority = NonNullable<Project["priority"]>;

function FactorRow({ factor }: { factor: PriorityFactor }) {
  const { t } = useTranslation("workspace");
  const format = useFormat();
  // The wire's factor keys are the domain's closed list, each with its translation.
  const label = t(`priority.factors.${factor.key}`);
  const scale = factor.key === "alignment" ? 4 : 5;
  // The land-use factor is a multiplier (×1 or ×0.5) with no weight; the others are scores.
  const value =
    factor.weight === null
      ? t("priority.multiplier", { value: format.number(factor.value) })
      : t("priority.outOf", { value: format.number(factor.value), max: scale });
  const contribution = Math.round(factor.contribution * 10) / 10;
  return (
    <tr>
      <th scope="row">
        {label}
        {factor.key === "landUse" && factor.source ? (
          // Where the land use came from: computed from the territory (and the zone that decided) or declared in the record.
          <span className="priority-source">
            {factor.source === "computed" ? t("priority.landUseComputed", { zone: factor.zone ?? "" }) : t("priority.landUseDeclared")}
          </span>
        ) : null}
      </th>
      <td className="numeric">{value}</td>
      <td className="numeric">{factor.weight === null ? <span aria-label={t("priority.noWeight")}>—</span> : format.percent(factor.weight * 100)}</td>
      <td className={`numeric ${contribution < 0 ? "negative" : ""}`}>
        {contribution > 0 ? "+" : ""}
        {format.number(contribution)}
      </td>
    </tr>
  );
}

/** The factor table: factor, value, weight, contribution, and the score as total. */
export function PriorityFactorsTable({ priority, caption }: { priority: Priority; caption?: string }) {
  const { t } = useTranslation("workspace");
  const format = useFormat();
  return (
    <table className="table table-compact priority-factors">
      <caption className={caption ? "priority-caption" : "visually-hidden"}>{caption ?? t("priority.title")}</caption>
      <TableHead
        columns={[
          t("priority.factor"),
          { numeric: t("priority.value") },
          { numeric: t("priority.weight") },
          { numeric: t("priority.contribution") },
        ]}
      />
      <tbody>
        {priority.factors.map((factor) => (
          <FactorRow key={factor.key} factor={factor} />
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            {t("priority.total")}
          </th>
          <td className="numeric">{format.number(Math.round(priority.score * 10) / 10)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/**
 * The score as a button that opens its factors. Uses the native Popover API (top layer, so a
 * scrolling table cannot clip it; Escape and outside clicks close it and focus returns to the
 * button). Browsers without it show the factors inline under the score.
 */
export function PriorityPopover({ priority, projectName }: { priority: Priority; projectName: string }) {
  // Unrated impacts: «Sin evaluar» instead of a score that would only measure alignment.
  if (!priority.evaluated) return <PriorityMeter score={priority.score} evaluated={false} />;
  return <PriorityScorePopover priority={priority} projectName={projectName} />;
}

function PriorityScorePopover({ priority, projectName }: { priority: Priority; projectName: string }) {
  const { t } = useTranslation("workspace");
  const format = useFormat();
  const popoverId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open) return;
    const place = () => {
      const button = buttonRef.current;
      const popover = popoverRef.current;
      if (!button || !popover) return;
      const anchor = button.getBoundingClientRect();
      const viewportHeight = window.innerHeight;
      popover.style.maxHeight = `${viewportHeight - 16}px`;
      const width = popover.offsetWidth;
      const height = popover.offsetHeight;
      const left = Math.max(8, Math.min(anchor.right - width, window.innerWidth - width - 8));
      // Below the button if it fits, else above, else as low as the viewport allows.
      const below = anchor.bottom + 6;
      const above = anchor.top - height - 6;
      const top =
        below + height <= viewportHeight - 8 ? below : above >= 8 ? above : Math.max(8, viewportHeight - height - 8);
      popover.style.left = `${left}px`;
      popover.style.top = `${top}px`;
    };
    place();
    window.addEventListener("resize", place);
    window.addEventListener("scroll", place, true);
    return () => {
      window.removeEventListener("resize", place);
      window.removeEventListener("scroll", place, true);
    };
  }, [open]);

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="priority-button"
        popoverTarget={popoverId}
        aria-expanded={open}
        aria-controls={popoverId}
        aria-label={t("priority.showFactors", { score: format.number(Math.round(priority.score)), name: projectName })}
      >
        <PriorityMeter score={priority.score} />
        <span className="priority-chevron" aria-hidden="true">
          ▾
        </span>
      </button>
      <div
        ref={popoverRef}
        id={popoverId}
        popover="auto"
        className="priority-popover"
        onToggle={(event) => setOpen(event.newState === "open")}
      >
        <div className="priority-popover-header">
          <p className="priority-popover-title">{t("priority.popoverTitle", { name: projectName })}</p>
          <button
            type="button"
            className="button button-icon-only"
            popoverTarget={popoverId}
            popoverTargetAction="hide"
            aria-label={t("priority.close")}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
        <PriorityFactorsTable priority={priority} />
        <p className="priority-note">{t("priority.explanation")}</p>
      </div>
    </>
  );
}
