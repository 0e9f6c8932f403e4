import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { progressReportCreateSchema, progressReportPatchSchema, REPORT_MAX_PHOTOS } from "@taller/domain/follow-up";
import { FUNDING_SOURCES, type FundingSource } from "@taller/domain/vocabulary";
import { ApiError } from "../../api";
import { followUpApi, useCreateReport, useUpdateReport, type ProgressReport } from "../../api/follow-up";
import { Alert, ErrorAlert } from "../../components/Alert";
import { DialogFooter } from "../../components/Dialog";
import { Field } from "../../components/Field";
import { FieldGroup } from "../../components/FieldGroup";
import { formatMxnCents, formatPeriod } from "./alerts/alertText";
import { check, focusFirstInvalid, serverErrors, type FieldErrors } from "./check";
import { amountText, parseAmount, pctText, sumAmounts } from "./model";

const MEASURES = ["authorized", "committed", "spent"] as const;
type Measure = (typeof MEASURES)[number];
type Amounts = Record<Measure, string>;
type Photo = { id: string; url: string };

const emptyAmounts = (): Amounts => ({ authorized: "", committed: "", spent: "" });

/**
 * «Nuevo reporte de avance» (or editing one): the month, the cumulative physical progress, the
 * money (authorised, committed, spent) in pesos with centavos, optionally by funding source, the
 * narrative and photos uploaded to the project's assets as they are chosen.
 */
export function ReportForm({
  projectId,
  report,
  defaultPeriod,
  onDone,
  onCancel,
}: {
  projectId: string;
  report?: ProgressReport;
  defaultPeriod: string;
  onDone: (period: string) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation("followUp");
  const { t: tApp } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const create = useCreateReport(projectId);
  const update = useUpdateReport(projectId);
  const saving = report ? update : create;
  const formRef = useRef<HTMLFormElement>(null);
  const schema = report ? progressReportPatchSchema : progressReportCreateSchema;

  const [period, setPeriod] = useState(report?.period ?? defaultPeriod);
  const [physical, setPhysical] = useState(pctText(report?.physicalPct));
  const [totals, setTotals] = useState<Amounts>(
    report ? { authorized: amountText(report.financial.authorized), committed: amountText(report.financial.committed), spent: amountText(report.financial.spent) } : emptyAmounts(),
  );
  const [split, setSplit] = useState(Boolean(report?.financial.bySource?.length));
  const [bySource, setBySource] = useState<Record<FundingSource, Amounts>>(() => {
    const initial = Object.fromEntries(FUNDING_SOURCES.map((source) => [source, emptyAmounts()])) as Record<FundingSource, Amounts>;
    for (const row of report?.financial.bySource ?? []) {
      initial[row.source] = { authorized: amountText(row.authorized), committed: amountText(row.committed), spent: amountText(row.spent) };
    }
    return initial;
  });
  const [narrative, setNarrative] = useState(report?.narrative ?? "");
  const [photos, setPhotos] = useState<Photo[]>(report?.photos ?? []);
  const [uploading, setUploading] = useState<string[]>([]);
  const [uploadFailures, setUploadFailures] = useState<{ name: string; error: unknown }[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});

  const clear = (...paths: string[]) => setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !paths.some((p) => path === p || path.startsWith(`${p}.`)))));

  // The sources kept are the ones with any amount typed; their sum is shown as they are typed.
  const usedSources = FUNDING_SOURCES.filter((source) => MEASURES.some((m) => bySource[source][m].trim() !== ""));
  const sourceSums = Object.fromEntries(MEASURES.map((m) => [m, sumAmounts(usedSources.map((s) => parseAmount(bySource[s][m]) ?? 0).filter(Number.isFinite))])) as Record<Measure, number>;

  async function addPhotos(files: FileList | null) {
    if (!files) return;
    for (const file of [...files].slice(0, Math.max(0, REPORT_MAX_PHOTOS - photos.length))) {
      setUploading((current) => [...current, file.name]);
      try {
        const asset = await followUpApi.uploadPhoto(projectId, file);
        setPhotos((current) => [...current, { id: asset.id, url: asset.url }]);
      } catch (error) {
        setUploadFailures((current) => [...current, { name: file.name, error }]);
      } finally {
        setUploading((current) => current.filter((name) => name !== file.name));
      }
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const amount = (text: string) => parseAmount(text) ?? Number.NaN;
    const financial = {
      authorized: amount(totals.authorized),
      committed: amount(totals.committed),
      spent: amount(totals.spent),
      bySource: split && usedSources.length > 0 ? usedSources.map((source) => ({ source, ...mapAmounts(bySource[source], (text) => parseAmount(text) ?? 0) })) : null,
    };
    const body = { physicalPct: parseAmount(physical) ?? Number.NaN, financial, narrative, photoAssetIds: photos.map((photo) => photo.id) };
    const checked = report ? check(tApp, progressReportPatchSchema, body) : check(tApp, progressReportCreateSchema, { period, ...body });
    if (checked.errors) {
      setErrors(checked.errors);
      focusFirstInvalid(formRef.current);
      return;
    }
    const onError = (error: Error) => {
      const found = serverErrors(tApp, schema, error);
      if (error instanceof ApiError && error.code === "report_period_taken") found.period = t("reports.periodTaken");
      setErrors(found);
      focusFirstInvalid(formRef.current);
    };
    if (report) update.mutate({ id: report.id, patch: body }, { onSuccess: () => onDone(report.period), onError });
    else create.mutate({ period, ...body }, { onSuccess: () => onDone(period), onError });
  }

  const stageRefused = saving.error instanceof ApiError && saving.error.code === "stage_not_in_follow_up";
  return (
    <form ref={formRef} className="form report-form" onSubmit={submit} noValidate>
      <div className="dialog-body">
        <p className="muted">{t("reports.formIntro")}</p>
        <div className="form-row">
          {report ? (
            <p className="report-form-period">
              <span className="field-label">{t("reports.period")}</span> {formatPeriod(language, report.period)}
            </p>
          ) : (
            <Field label={t("reports.period")} required error={errors.period}>
              {(control) => (
                <input
                  {...control}
                  type="month"
                  value={period}
                  onChange={(e) => {
                    setPeriod(e.target.value);
                    clear("period");
                  }}
                />
              )}
            </Field>
          )}
          <Field label={t("reports.physicalPct")} required error={errors.physicalPct}>
            {(control) => (
              <input
                {...control}
                type="text"
                inputMode="decimal"
                className="input-number"
                value={physical}
                onChange={(e) => {
                  setPhysical(e.target.value);
                  clear("physicalPct");
                }}
              />
            )}
          </Field>
        </div>
        <FieldGroup legend={t("reports.totals")} error={errors["financial"]}>
          {() => (
            <div className="form-row form-row-3">
              {MEASURES.map((measure) => (
                <Field key={measure} label={t(`reports.${measure}`)} required error={errors[`financial.${measure}`]}>
                  {(control) => (
                    <input
                      {...control}
                      type="text"
                      inputMode="decimal"
                      className="input-number"
                      value={totals[measure]}
                      onChange={(e) => {
                        setTotals((current) => ({ ...current, [measure]: e.target.value }));
                        clear(`financial.${measure}`, "financial.bySource");
                      }}
                    />
                  )}
                </Field>
              ))}
            </div>
          )}
        </FieldGroup>
        <label className="checkbox">
          <input type="checkbox" checked={split} onChange={(e) => setSplit(e.target.checked)} />
          {t("reports.bySourceToggle")}
        </label>
        {split ? (
          <FieldGroup legend={t("reports.bySource")} error={errors["financial.bySource"]}>
            {(describedBy) => (
              <div className="by-source">
                <table className="table table-compact by-source-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("spending.source")}</th>
                      {MEASURES.map((measure) => (
                        <th key={measure} scope="col">
                          {t(`reports.${measure}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {FUNDING_SOURCES.map((source) => (
                      <tr key={source}>
                        <th scope="row">{t(`sources.${source}`)}</th>
                        {MEASURES.map((measure) => (
                          <td key={measure}>
                            <input
                              type="text"
                              inputMode="decimal"
                              className="input-number"
                              aria-label={`${t(`sources.${source}`)}: ${t(`reports.${measure}`)}`}
                              aria-describedby={describedBy}
                              value={bySource[source][measure]}
                              onChange={(e) => {
                                setBySource((current) => ({ ...current, [source]: { ...current[source], [measure]: e.target.value } }));
                                clear("financial.bySource");
                              }}
                            />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="muted small" aria-live="polite">
                  {t("reports.bySourceSum", {
                    authorized: formatMxnCents(language, sourceSums.authorized),
                    committed: formatMxnCents(language, sourceSums.committed),
                    spent: formatMxnCents(language, sourceSums.spent),
                  })}
                </p>
              </div>
            )}
          </FieldGroup>
        ) : null}
        <Field label={t("reports.narrative")} hint={t("reports.narrativeHint")} optional error={errors.narrative}>
          {(control) => <textarea {...control} rows={4} value={narrative} maxLength={20_000} onChange={(e) => setNarrative(e.target.value)} />}
        </Field>
        <Field label={t("reports.photos")} hint={t("reports.photosHint", { max: REPORT_MAX_PHOTOS })} optional error={errors.photoAssetIds}>
          {(control) => (
            <input
              {...control}
              type="file"
              accept="image/png,image/jpeg,image/gif,image/webp"
              multiple
              disabled={photos.length >= REPORT_MAX_PHOTOS}
              onChange={(e) => {
                void addPhotos(e.target.files);
                e.target.value = "";
              }}
            />
          )}
        </Field>
        {photos.length > 0 ? (
          <ul className="report-photos report-photos-edit">
            {photos.map((photo, index) => (
              <li key={photo.id}>
                <img src={photo.url} alt={t("reports.photoAlt", { number: index + 1, period: period ? formatPeriod(language, period) : "" })} />
                <button type="button" className="button button-link" onClick={() => setPhotos((current) => current.filter((p) => p.id !== photo.id))}>
                  {t("reports.removePhoto", { number: index + 1 })}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {uploading.length > 0 ? (
          <p role="status" className="muted small">
            {uploading.map((name) => t("reports.uploading", { name })).join(" ")}
          </p>
        ) : null}
        {uploadFailures.map((failure, index) => (
          <ErrorAlert key={index} error={failure.error} title={t("reports.uploadError", { name: failure.name })} />
        ))}
        {stageRefused ? <Alert tone="error" title={t("reports.stageNotInFollowUp")} /> : null}
        {saving.isError && !stageRefused && Object.keys(errors).length === 0 ? <ErrorAlert error={saving.error} title={t("reports.saveError")} /> : null}
      </div>
      <DialogFooter onCancel={onCancel} submitLabel={saving.isPending ? t("reports.saving") : t("reports.save")} busy={saving.isPending || uploading.length > 0} />
    </form>
  );
}

function mapAmounts(amounts: Amounts, read: (text: string) => number): Record<Measure, number> {
  return { authorized: read(amounts.authorized), committed: read(amounts.committed), spent: read(amounts.spent) };
}
