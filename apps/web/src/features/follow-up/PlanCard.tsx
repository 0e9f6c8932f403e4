import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { progressPlanSchema } from "@taller/domain/follow-up";
import { useSavePlan, type FollowUp } from "../../api/follow-up";
import { ErrorAlert } from "../../components/Alert";
import { CardTitle, TableHead, TableScroll } from "../../components/Lists";
import { EmptyState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { formatMxnCents, formatPeriod } from "./alerts/alertText";
import { check, focusFirstInvalid, serverErrors, type FieldErrors } from "./check";
import { amountText, nextPeriod, parseAmount, pctText } from "./model";

type Row = { key: number; period: string; pct: string; spent: string };

let rowKeys = 0;
const newRow = (period: string, pct = "", spent = ""): Row => ({ key: rowKeys++, period, pct, spent });

/** The physical progress plan, month by month; owners and editors edit it in place and save it whole. */
export function PlanCard({ projectId, followUp }: { projectId: string; followUp: FollowUp }) {
  const { t, i18n } = useTranslation("followUp");
  const language = i18n.resolvedLanguage ?? i18n.language;
  const format = useFormat();
  const captionId = useId();
  const [editing, setEditing] = useState(false);
  const plan = [...followUp.plan].sort((a, b) => a.period.localeCompare(b.period));

  return (
    <section className="card" aria-labelledby="plan-title">
      <div className="card-heading">
        <CardTitle id="plan-title" note={plan.length || null}>
          {t("plan.title")}
        </CardTitle>
        {followUp.abilities.edit && !editing ? (
          <button type="button" className="button button-secondary button-small" onClick={() => setEditing(true)}>
            {t("plan.edit")}
          </button>
        ) : null}
      </div>
      <p className="muted small">{t("plan.intro")}</p>
      {editing ? (
        <PlanEditor projectId={projectId} followUp={followUp} onDone={() => setEditing(false)} />
      ) : plan.length === 0 ? (
        <EmptyState title={t("plan.empty")} />
      ) : (
        <TableScroll labelledBy={captionId}>
          <table className="table table-compact">
            <caption id={captionId} className="visually-hidden">
              {t("plan.caption")}
            </caption>
            <TableHead columns={[t("plan.period"), { numeric: t("plan.plannedPct") }, { numeric: t("plan.plannedSpent") }]} />
            <tbody>
              {plan.map((point) => (
                <tr key={point.period}>
                  <th scope="row">{formatPeriod(language, point.period)}</th>
                  <td className="numeric">{format.percent(point.plannedPhysicalPct)}</td>
                  <td className="numeric">{point.plannedSpent === null ? t("none") : formatMxnCents(language, point.plannedSpent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function PlanEditor({ projectId, followUp, onDone }: { projectId: string; followUp: FollowUp; onDone: () => void }) {
  const { t, i18n } = useTranslation("followUp");
  const { t: tApp } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const save = useSavePlan(projectId);
  const formRef = useRef<HTMLFormElement>(null);
  const [rows, setRows] = useState<Row[]>(() =>
    [...followUp.plan].sort((a, b) => a.period.localeCompare(b.period)).map((p) => newRow(p.period, pctText(p.plannedPhysicalPct), amountText(p.plannedSpent))),
  );
  const [errors, setErrors] = useState<FieldErrors>({});

  function change(index: number, patch: Partial<Row>) {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
    setErrors({});
  }

  function addMonth() {
    const last = rows.at(-1)?.period;
    const period = last && /^\d{4}-\d{2}$/.test(last) ? nextPeriod(last) : followUp.today.slice(0, 7);
    setRows((current) => [...current, newRow(period, rows.at(-1)?.pct ?? "")]);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = { points: rows.map((row) => ({ period: row.period, plannedPhysicalPct: parseAmount(row.pct) ?? Number.NaN, plannedSpent: parseAmount(row.spent) })) };
    const checked = check(tApp, progressPlanSchema, input);
    if (checked.errors) {
      setErrors(checked.errors);
      focusFirstInvalid(formRef.current);
      return;
    }
    save.mutate(checked.data, {
      onSuccess: onDone,
      onError: (error) => {
        setErrors(serverErrors(tApp, progressPlanSchema, error));
        focusFirstInvalid(formRef.current);
      },
    });
  }

  const listError = errors["points"];
  return (
    <form ref={formRef} className="plan-editor" onSubmit={submit} noValidate>
      <div className="plan-editor-scroll">
        <table className="table table-compact plan-editor-table">
          <caption className="visually-hidden">{t("plan.caption")}</caption>
          <TableHead columns={[t("plan.period"), t("plan.plannedPct"), t("plan.plannedSpent"), <span className="visually-hidden">{t("actions")}</span>]} />
          <tbody>
            {rows.map((row, index) => {
              const rowLabel = t("plan.rowLabel", { number: index + 1 });
              const error = (field: string) => errors[`points.${index}.${field}`];
              return (
                <tr key={row.key}>
                  <PlanCell type="month" label={`${rowLabel}: ${t("plan.period")}`} value={row.period} error={error("period")} onChange={(period) => change(index, { period })} />
                  <PlanCell label={`${rowLabel}: ${t("plan.plannedPct")}`} value={row.pct} error={error("plannedPhysicalPct")} onChange={(pct) => change(index, { pct })} />
                  <PlanCell label={`${rowLabel}: ${t("plan.plannedSpent")}`} value={row.spent} error={error("plannedSpent")} onChange={(spent) => change(index, { spent })} />
                  <td>
                    <button
                      type="button"
                      className="button button-link"
                      onClick={() => setRows((current) => current.filter((r) => r.key !== row.key))}
                      aria-label={t("plan.removeMonth", { period: row.period ? formatPeriod(language, row.period) : rowLabel })}
                    >
                      {t("delete")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {listError ? (
        <p className="field-error" role="alert">
          {listError}
        </p>
      ) : null}
      {save.isError && Object.keys(errors).length === 0 ? <ErrorAlert error={save.error} title={t("plan.saveError")} /> : null}
      <div className="plan-editor-actions">
        <button type="button" className="button button-secondary button-small" onClick={addMonth}>
          {t("plan.addMonth")}
        </button>
        <span className="spacer" />
        <button type="button" className="button button-secondary" onClick={onDone}>
          {t("cancel")}
        </button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t("plan.saving") : t("plan.save")}
        </button>
      </div>
    </form>
  );
}

/** One cell of the plan's grid: a month or a decimal number, its error announced with it. */
function PlanCell({ type = "number", label, value, error, onChange }: { type?: "month" | "number"; label: string; value: string; error: string | undefined; onChange: (value: string) => void }) {
  const errorId = useId();
  return (
    <td>
      <input
        {...(type === "month" ? { type: "month" } : { type: "text", inputMode: "decimal" as const, className: "input-number" })}
        aria-label={label}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <span id={errorId} className="field-error">
          {error}
        </span>
      ) : null}
    </td>
  );
}
