import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { indicatorCreateSchema, indicatorPatchSchema, measurementCreateSchema } from "@taller/domain/follow-up";
import { INDICATOR_DIRECTIONS, type IndicatorDirection } from "@taller/domain/vocabulary";
import { ApiError } from "../../api";
import { useAddMeasurement, useCreateIndicator, useDeleteIndicator, useDeleteMeasurement, useUpdateIndicator, type FollowUp, type Indicator } from "../../api/follow-up";
import { ErrorAlert } from "../../components/Alert";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DialogFooter } from "../../components/Dialog";
import { Field } from "../../components/Field";
import { CardTitle } from "../../components/Lists";
import { Options } from "../../components/Options";
import { EmptyState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { formatDay } from "./alerts/alertText";
import { IndicatorChart } from "./charts/IndicatorChart";
import { check, focusFirstInvalid, serverErrors, type FieldErrors } from "./check";
import { AddDialog, EditDialog } from "./FormDialog";
import { parseAmount } from "./model";

/** The indicators, each with its chart against target and baseline, its measurements, and (for editors) a measurement form. */
export function IndicatorsCard({ projectId, followUp }: { projectId: string; followUp: FollowUp }) {
  const { t } = useTranslation("followUp");
  const canEdit = followUp.abilities.edit;
  return (
    <section className="card" aria-labelledby="indicators-title">
      <div className="card-heading">
        <CardTitle id="indicators-title" note={followUp.indicators.length || null}>
          {t("indicators.title")}
        </CardTitle>
        {canEdit ? (
          <AddDialog title={t("indicators.newTitle")} label={t("indicators.add")}>
            {({ close }) => <IndicatorForm projectId={projectId} onDone={close} />}
          </AddDialog>
        ) : null}
      </div>
      {followUp.indicators.length === 0 ? (
        <EmptyState title={t("indicators.empty")} />
      ) : (
        <div className="indicators">
          {followUp.indicators.map((indicator) => (
            <IndicatorItem key={indicator.id} projectId={projectId} indicator={indicator} canEdit={canEdit} />
          ))}
        </div>
      )}
    </section>
  );
}

function IndicatorItem({ projectId, indicator, canEdit }: { projectId: string; indicator: Indicator; canEdit: boolean }) {
  const { t, i18n } = useTranslation("followUp");
  const language = i18n.resolvedLanguage ?? i18n.language;
  const format = useFormat();
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteIndicator(projectId);
  const removeMeasurement = useDeleteMeasurement(projectId);
  const headingId = `indicator-${indicator.id}`;
  const measurements = [...indicator.measurements].sort((a, b) => b.measuredOn.localeCompare(a.measuredOn));

  return (
    <article className="indicator" aria-labelledby={headingId}>
      <div className="card-heading">
        <div>
          <h3 id={headingId} className="indicator-name">
            {indicator.name}
          </h3>
          <p className="muted small">
            {t("indicators.facts", {
              baseline: format.number(indicator.baseline),
              target: format.number(indicator.target),
              unit: indicator.unit,
              direction: t(`indicators.directions.${indicator.direction}`).toLowerCase(),
            })}
            {indicator.source ? ` · ${t("indicators.source")}: ${indicator.source}` : ""}
          </p>
        </div>
        {canEdit ? (
          <div className="card-actions">
            <EditDialog title={t("indicators.editTitle", { name: indicator.name })} label={t("edit")} ariaLabel={t("indicators.editLabel", { name: indicator.name })}>
              {({ close }) => <IndicatorForm projectId={projectId} indicator={indicator} onDone={close} />}
            </EditDialog>
            <button type="button" className="button button-link" onClick={() => setConfirming(true)} aria-label={t("indicators.deleteLabel", { name: indicator.name })}>
              {t("delete")}
            </button>
          </div>
        ) : null}
      </div>
      {remove.isError ? <ErrorAlert error={remove.error} title={t("indicators.deleteError")} /> : null}
      {indicator.measurements.length > 0 ? <IndicatorChart indicator={indicator} /> : <p className="muted">{t("indicators.noMeasurements")}</p>}
      {measurements.length > 0 ? (
        <details className="measurements">
          <summary>
            {t("indicators.measurements")} ({measurements.length})
          </summary>
          <table className="table table-compact">
            <caption className="visually-hidden">
              {t("indicators.measurements")}: {indicator.name}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("indicators.measuredOn")}</th>
                <th scope="col" className="numeric">
                  {t("indicators.value")} ({indicator.unit})
                </th>
                <th scope="col">{t("indicators.note")}</th>
                <th scope="col">{t("indicators.recordedBy")}</th>
                {canEdit ? (
                  <th scope="col">
                    <span className="visually-hidden">{t("actions")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {measurements.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <time dateTime={m.measuredOn}>{formatDay(language, m.measuredOn)}</time>
                  </th>
                  <td className="numeric">{format.number(m.value)}</td>
                  <td>{m.note || t("none")}</td>
                  <td>{m.recordedBy.name}</td>
                  {canEdit ? (
                    <td>
                      <button
                        type="button"
                        className="button button-link"
                        disabled={removeMeasurement.isPending}
                        onClick={() => removeMeasurement.mutate({ indicatorId: indicator.id, measurementId: m.id })}
                        aria-label={t("indicators.deleteMeasurement", { date: formatDay(language, m.measuredOn) })}
                      >
                        {t("delete")}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      {canEdit ? <MeasurementForm projectId={projectId} indicator={indicator} /> : null}
      <ConfirmDialog
        open={confirming}
        title={t("indicators.deleteLabel", { name: indicator.name })}
        body={t("indicators.deleteConfirm", { name: indicator.name })}
        confirmLabel={t("delete")}
        busy={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => remove.mutate(indicator.id, { onSettled: () => setConfirming(false) })}
      />
    </article>
  );
}

function MeasurementForm({ projectId, indicator }: { projectId: string; indicator: Indicator }) {
  const { t } = useTranslation("followUp");
  const { t: tApp } = useTranslation();
  const add = useAddMeasurement(projectId);
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ measuredOn: "", value: "", note: "" });
  const [errors, setErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = { measuredOn: values.measuredOn, value: parseAmount(values.value) ?? Number.NaN, note: values.note };
    const checked = check(tApp, measurementCreateSchema, input);
    if (checked.errors) {
      setErrors(checked.errors);
      focusFirstInvalid(formRef.current);
      return;
    }
    add.mutate(
      { indicatorId: indicator.id, input: checked.data },
      {
        onSuccess: () => setValues({ measuredOn: "", value: "", note: "" }),
        onError: (error) => {
          const found = serverErrors(tApp, measurementCreateSchema, error);
          if (error instanceof ApiError && error.code === "measurement_date_taken") found.measuredOn = t("indicators.dateTaken");
          setErrors(found);
        },
      },
    );
  }

  const set = (key: keyof typeof values, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors(({ [key]: _dropped, ...rest }) => rest);
  };
  return (
    <form ref={formRef} className="measurement-form" onSubmit={submit} noValidate aria-label={`${t("indicators.addMeasurement")}: ${indicator.name}`}>
      <Field label={t("indicators.measuredOn")} required error={errors.measuredOn}>
        {(control) => <input {...control} type="date" value={values.measuredOn} onChange={(e) => set("measuredOn", e.target.value)} />}
      </Field>
      <Field label={`${t("indicators.value")} (${indicator.unit})`} required error={errors.value}>
        {(control) => <input {...control} type="text" inputMode="decimal" className="input-number" value={values.value} onChange={(e) => set("value", e.target.value)} />}
      </Field>
      <Field label={t("indicators.note")} optional error={errors.note} className="measurement-note">
        {(control) => <input {...control} type="text" value={values.note} maxLength={1000} onChange={(e) => set("note", e.target.value)} />}
      </Field>
      <button type="submit" className="button button-secondary" disabled={add.isPending}>
        {t("indicators.addMeasurement")}
      </button>
      {add.isError && Object.keys(errors).length === 0 ? <ErrorAlert error={add.error} title={t("indicators.measurementError")} /> : null}
    </form>
  );
}

type IndicatorValues = { name: string; unit: string; baseline: string; target: string; direction: IndicatorDirection; source: string };

function IndicatorForm({ projectId, indicator, onDone }: { projectId: string; indicator?: Indicator; onDone: () => void }) {
  const { t } = useTranslation("followUp");
  const { t: tApp } = useTranslation();
  const create = useCreateIndicator(projectId);
  const update = useUpdateIndicator(projectId);
  const saving = indicator ? update : create;
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<IndicatorValues>({
    name: indicator?.name ?? "",
    unit: indicator?.unit ?? "",
    baseline: indicator ? String(indicator.baseline) : "",
    target: indicator ? String(indicator.target) : "",
    direction: indicator?.direction ?? "increase",
    source: indicator?.source ?? "",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = <K extends keyof IndicatorValues>(key: K, value: IndicatorValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors(({ [key]: _dropped, ...rest }) => rest);
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = {
      name: values.name,
      unit: values.unit,
      baseline: parseAmount(values.baseline) ?? Number.NaN,
      target: parseAmount(values.target) ?? Number.NaN,
      direction: values.direction,
      source: values.source,
    };
    const checked = check(tApp, indicatorCreateSchema, input);
    if (checked.errors) {
      setErrors(checked.errors);
      focusFirstInvalid(formRef.current);
      return;
    }
    const onError = (error: Error) => setErrors(serverErrors(tApp, indicator ? indicatorPatchSchema : indicatorCreateSchema, error));
    if (indicator) update.mutate({ id: indicator.id, patch: input }, { onSuccess: onDone, onError });
    else create.mutate(input, { onSuccess: onDone, onError });
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <div className="dialog-body">
        <Field label={t("indicators.name")} required error={errors.name}>
          {(control) => <input {...control} type="text" value={values.name} maxLength={200} onChange={(e) => set("name", e.target.value)} />}
        </Field>
        <div className="form-row">
          <Field label={t("indicators.unit")} required error={errors.unit}>
            {(control) => <input {...control} type="text" value={values.unit} maxLength={40} onChange={(e) => set("unit", e.target.value)} />}
          </Field>
          <Field label={t("indicators.direction")} error={errors.direction}>
            {(control) => (
              <select {...control} value={values.direction} onChange={(e) => set("direction", e.target.value as IndicatorDirection)}>
                <Options values={INDICATOR_DIRECTIONS} label={(direction) => t(`indicators.directions.${direction}`)} />
              </select>
            )}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t("indicators.baseline")} required error={errors.baseline}>
            {(control) => <input {...control} type="text" inputMode="decimal" className="input-number" value={values.baseline} onChange={(e) => set("baseline", e.target.value)} />}
          </Field>
          <Field label={t("indicators.target")} required error={errors.target}>
            {(control) => <input {...control} type="text" inputMode="decimal" className="input-number" value={values.target} onChange={(e) => set("target", e.target.value)} />}
          </Field>
        </div>
        <Field label={t("indicators.source")} optional error={errors.source}>
          {(control) => <input {...control} type="text" value={values.source} maxLength={300} onChange={(e) => set("source", e.target.value)} />}
        </Field>
        {saving.isError && Object.keys(errors).length === 0 ? <ErrorAlert error={saving.error} title={t("indicators.saveError")} /> : null}
      </div>
      <DialogFooter onCancel={onDone} submitLabel={saving.isPending ? t("indicators.saving") : t("indicators.save")} busy={saving.isPending} />
    </form>
  );
}
