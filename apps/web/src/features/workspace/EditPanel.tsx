import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import {
  ApiError,
  evaluationTypes,
  fieldErrorsOf,
  landUseCompatibilities,
  projectKinds,
  queries,
  useUpdateProject,
  type Project,
} from "../../api";
import { Alert } from "../../components/Alert";
import { Field, type ControlProps } from "../../components/Field";
import { useFormat } from "../../i18n/format";
import {
  draftFromProject,
  fundingSources,
  fundingTotal,
  impactKeys,
  odsGoals,
  parseAmount,
  patchFromDraft,
  problemKeyOf,
  ratioKeys,
  validateDraft,
  type DraftProblems,
  type ProjectDraft,
} from "./projectForm";
import { WorkspaceErrorAlert } from "./WorkspaceAlerts";

type Errors = Record<string, string | undefined>;

/**
 * Edits every field of the project record (owners and editors). Checks run on submit and then
 * live while the person fixes them; the server's own validation messages appear beside the same
 * fields. Only changed fields are sent.
 */
export function EditPanel({ project, onDone }: { project: Project; onDone: () => void }) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const format = useFormat();
  const orgs = useQuery(queries.orgs());
  const updateProject = useUpdateProject(project.id);
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<ProjectDraft>(() => draftFromProject(project));
  const [base, setBase] = useState<Project>(project);
  const [checked, setChecked] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<"saved" | "unchanged" | null>(null);

  const problems: DraftProblems = checked ? validateDraft(draft, base.location?.geometry ?? null).problems : {};
  const errors: Errors = {};
  for (const [key, problem] of Object.entries(problems)) if (problem) errors[key] = t(`edit.problems.${problem}`);
  for (const [key, message] of Object.entries(serverErrors)) if (message && !errors[key]) errors[key] = message;
  const errorCount = Object.values(errors).filter(Boolean).length;
  const dirty = Object.keys(patchFromDraft(base, draft).patch ?? { invalid: true }).length > 0;

  function update(change: (current: ProjectDraft) => ProjectDraft, keys: string[]) {
    setDraft(change);
    setResult(null);
    setServerErrors((current) => {
      if (!keys.some((key) => current[key])) return current;
      const next = { ...current };
      for (const key of keys) delete next[key];
      return next;
    });
  }

  const set =
    <K extends keyof ProjectDraft>(key: K, errorKey: string = key) =>
    (value: ProjectDraft[K]) =>
      update((current) => ({ ...current, [key]: value }), [errorKey]);

  function focusFirstError() {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    setSubmitError(null);
    setServerErrors({});
    setResult(null);
    const { patch } = patchFromDraft(base, draft);
    if (!patch) {
      focusFirstError();
      return;
    }
    if (Object.keys(patch).length === 0) {
      setResult("unchanged");
      return;
    }
    setSaving(true);
    try {
      // The mutation also puts the answer in the cache, so the header and overview show it too.
      const saved = await updateProject.mutateAsync(patch);
      setBase(saved);
      setDraft(draftFromProject(saved));
      setChecked(false);
      setResult("saved");
    } catch (error) {
      const mapped: Errors = {};
      for (const [path, message] of Object.entries(fieldErrorsOf(error))) mapped[problemKeyOf(path)] ??= message;
      if (error instanceof ApiError && error.code === "clave_taken") mapped.clave = tApp("errors.clave_taken");
      setServerErrors(mapped);
      setSubmitError(error);
      if (Object.keys(mapped).length > 0) focusFirstError();
    } finally {
      setSaving(false);
    }
  }

  function discard() {
    setDraft(draftFromProject(base));
    setChecked(false);
    setServerErrors({});
    setSubmitError(null);
    setResult(null);
  }

  const amount = parseAmount(draft.amount);
  const total = fundingTotal(draft.funding);
  const fundingFilled = fundingSources.some((source) => draft.funding[source].trim() !== "");
  const orgList = orgs.data?.orgs ?? [];

  return (
    <form ref={formRef} className="edit-form" noValidate onSubmit={(event) => void handleSubmit(event)} aria-labelledby="edit-title">
      <div className="edit-intro">
        <h2 id="edit-title" className="section-title">
          {t("edit.title")}
        </h2>
        <p className="muted">{t("edit.intro")}</p>
      </div>

      {submitError ? (
        <WorkspaceErrorAlert error={submitError} title={t("edit.saveError")} />
      ) : errorCount > 0 ? (
        <p className="form-summary" role="alert">
          {tApp("common.fixErrors", { count: errorCount })}
        </p>
      ) : null}
      {result === "saved" ? <Alert tone="success" title={t("edit.saved")} /> : null}
      {result === "unchanged" ? <Alert tone="info" title={t("edit.unchanged")} /> : null}

      <fieldset className="card form-section">
        <legend className="form-section-title">{t("edit.sections.general")}</legend>
        <div className="form-grid">
          <Field label={t("fields.name")} error={errors.name} required className="span-2">
            {(control) => <TextInput control={control} value={draft.name} onChange={set("name")} maxLength={200} />}
          </Field>
          <Field label={t("fields.clave")} hint={t("edit.claveHint")} error={errors.clave} required>
            {(control) => <TextInput control={control} value={draft.clave} onChange={set("clave")} maxLength={32} />}
          </Field>
          <Field label={t("fields.kind")} error={errors.kind} required>
            {(control) => (
              <select {...control} value={draft.kind} onChange={(event) => set("kind")(projectKinds.find((kind) => kind === event.target.value) ?? draft.kind)}>
                {projectKinds.map((kind) => (
                  <option key={kind} value={kind}>
                    {tApp(`kinds.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("fields.leadOrg")} error={errors.leadOrgId} optional>
            {(control) => (
              <select {...control} value={draft.leadOrgId} onChange={(event) => set("leadOrgId")(event.target.value)}>
                <option value="">{t("edit.noLeadOrg")}</option>
                {orgList.map((org) => (
                  <option key={org.id} value={org.id}>
                    {org.shortName === org.name ? org.name : `${org.shortName} — ${org.name}`}
                  </option>
                ))}
                {draft.leadOrgId && !orgList.some((org) => org.id === draft.leadOrgId) && base.leadOrg ? (
                  <option value={base.leadOrg.id}>{base.leadOrg.name}</option>
                ) : null}
              </select>
            )}
          </Field>
          <Field label={t("fields.evaluationType")} hint={t("edit.evaluationTypeHint")} error={errors.evaluationType} optional>
            {(control) => (
              <select
                {...control}
                value={draft.evaluationType}
                onChange={(event) => set("evaluationType")(evaluationTypes.find((type) => type === event.target.value) ?? "")}
              >
                <option value="">{t("edit.undefined")}</option>
                {evaluationTypes.map((type) => (
                  <option key={type} value={type}>
                    {tApp(`evaluationTypes.${type}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("fields.description")} error={errors.description} optional className="span-2">
            {(control) => (
              <textarea {...control} rows={4} maxLength={10_000} value={draft.description} onChange={(event) => set("description")(event.target.value)} />
            )}
          </Field>
        </div>
        <FieldGroup legend={t("fields.participatingOrgs")} hint={t("edit.participatingHint")} error={errors.participatingOrgIds}>
          {(describedBy) =>
            orgs.isError && !orgs.data ? (
              <WorkspaceErrorAlert error={orgs.error} title={t("edit.orgsError")} onRetry={() => void orgs.refetch()} />
            ) : (
              <div className="checkbox-grid">
                {orgList.map((org) => (
                  <label key={org.id} className="checkbox">
                    <input
                      type="checkbox"
                      aria-describedby={describedBy}
                      checked={draft.participatingOrgIds.includes(org.id)}
                      onChange={(event) =>
                        update(
                          (current) => ({
                            ...current,
                            participatingOrgIds: event.target.checked
                              ? [...current.participatingOrgIds, org.id]
                              : current.participatingOrgIds.filter((id) => id !== org.id),
                          }),
                          ["participatingOrgIds"],
                        )
                      }
                    />
                    <span>
                      <span className="org-short">{org.shortName}</span> <span className="muted small">{org.shortName === org.name ? "" : org.name}</span>
                    </span>
                  </label>
                ))}
              </div>
            )
          }
        </FieldGroup>
      </fieldset>

      <fieldset className="card form-section">
        <legend className="form-section-title">{t("edit.sections.funding")}</legend>
        <div className="form-grid">
          <Field label={t("fields.amountMxn")} hint={t("edit.amountHint")} error={errors.estimatedAmountMxn} optional>
            {(control) => <TextInput control={control} value={draft.amount} onChange={set("amount", "estimatedAmountMxn")} inputMode="decimal" />}
          </Field>
        </div>
        <FieldGroup legend={t("edit.fundingLegend")} hint={t("edit.fundingHint")} error={errors.funding}>
          {(describedBy) => (
            <>
              <div className="funding-inputs">
                {fundingSources.map((source) => (
                  <Field key={source} label={t(`fields.funding.${source}`)}>
                    {(control) => (
                      <div className="input-suffix">
                        <TextInput
                          control={{
                            ...control,
                            "aria-describedby": [describedBy, control["aria-describedby"]].filter(Boolean).join(" ") || undefined,
                            "aria-invalid": errors.funding ? true : undefined,
                          }}
                          value={draft.funding[source]}
                          inputMode="decimal"
                          onChange={(value) => update((current) => ({ ...current, funding: { ...current.funding, [source]: value } }), ["funding"])}
                        />
                        <span aria-hidden="true">%</span>
                        {amount && parseFloat(draft.funding[source]) > 0 ? (
                          <span className="input-derived">{format.mxn((amount * (parseFloat(draft.funding[source]) || 0)) / 100)}</span>
                        ) : null}
                      </div>
                    )}
                  </Field>
                ))}
              </div>
              <p className={`funding-total ${fundingFilled && Math.abs(total - 100) >= 0.001 ? "funding-total-off" : ""}`} aria-live="polite">
                {fundingFilled ? t("edit.fundingTotal", { total: format.percent(total) }) : t("edit.fundingEmpty")}
              </p>
            </>
          )}
        </FieldGroup>
      </fieldset>

      <fieldset className="card form-section">
        <legend className="form-section-title">{t("edit.sections.location")}</legend>
        <div className="form-grid">
          <Field label={t("fields.microregion")} error={errors["location.microregion"]} optional>
            {(control) => <TextInput control={control} value={draft.microregion} onChange={set("microregion", "location.microregion")} maxLength={120} />}
          </Field>
          <Field label={t("fields.colonia")} error={errors["location.colonia"]} optional>
            {(control) => <TextInput control={control} value={draft.colonia} onChange={set("colonia", "location.colonia")} maxLength={120} />}
          </Field>
        </div>
        {base.location?.geometry ? <p className="muted small">{t("edit.geometryKept")}</p> : null}
      </fieldset>

      <fieldset className="card form-section">
        <legend className="form-section-title">{t("edit.sections.alignment")}</legend>
        <div className="form-grid">
          <Field label={t("fields.pmdAxis")} hint={t("edit.pmdAxisHint")} error={errors["alignment.pmdAxis"]} optional>
            {(control) => <TextInput control={control} value={draft.pmdAxis} onChange={set("pmdAxis", "alignment.pmdAxis")} maxLength={200} />}
          </Field>
          <Field label={t("fields.governmentProgram")} error={errors["alignment.governmentProgram"]} optional>
            {(control) => (
              <TextInput control={control} value={draft.governmentProgram} onChange={set("governmentProgram", "alignment.governmentProgram")} maxLength={200} />
            )}
          </Field>
          <Field label={t("fields.pmduoetZone")} hint={t("edit.pmduoetHint")} error={errors["alignment.pmduoetZone"]} optional>
            {(control) => <TextInput control={control} value={draft.pmduoetZone} onChange={set("pmduoetZone", "alignment.pmduoetZone")} maxLength={120} />}
          </Field>
          <Field label={t("fields.landUse")} error={errors["alignment.landUse"]} optional>
            {(control) => (
              <select
                {...control}
                value={draft.landUse}
                onChange={(event) => set("landUse", "alignment.landUse")(landUseCompatibilities.find((value) => value === event.target.value) ?? "")}
              >
                <option value="">{t("edit.undefined")}</option>
                {landUseCompatibilities.map((value) => (
                  <option key={value} value={value}>
                    {tApp(`landUse.${value}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("fields.landUseNote")} hint={t("edit.landUseNoteHint")} error={errors["alignment.landUseNote"]} optional className="span-2">
            {(control) => (
              <textarea
                {...control}
                rows={3}
                maxLength={2000}
                value={draft.landUseNote}
                onChange={(event) => set("landUseNote", "alignment.landUseNote")(event.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="ratio-inputs">
          {ratioKeys.map((key) => (
            <Field key={key} label={t(`fields.${key}Long`)} hint={t("edit.ratioHint")} error={errors[`alignment.${key}`]} optional>
              {(control) => (
                <TextInput
                  control={control}
                  value={draft.ratios[key]}
                  inputMode="decimal"
                  onChange={(value) => update((current) => ({ ...current, ratios: { ...current.ratios, [key]: value } }), [`alignment.${key}`])}
                />
              )}
            </Field>
          ))}
        </div>
        <FieldGroup legend={t("fields.ods")} hint={t("edit.odsHint")} error={errors["alignment.ods"]}>
          {(describedBy) => (
            <div className="ods-grid">
              {odsGoals.map((goal) => (
                <label key={goal} className="checkbox ods-option">
                  <input
                    type="checkbox"
                    aria-describedby={describedBy}
                    aria-invalid={errors["alignment.ods"] ? true : undefined}
                    checked={draft.ods.includes(goal)}
                    onChange={(event) =>
                      update(
                        (current) => ({
                          ...current,
                          ods: event.target.checked ? [...current.ods, goal].sort((a, b) => a - b) : current.ods.filter((g) => g !== goal),
                        }),
                        ["alignment.ods"],
                      )
                    }
                  />
                  <span>
                    <span className="ods-number">{goal}</span> {t(`ods.goals.g${goal}` as "ods.goals.g1")}
                  </span>
                </label>
              ))}
            </div>
          )}
        </FieldGroup>
      </fieldset>

      <fieldset className="card form-section">
        <legend className="form-section-title">{t("edit.sections.impact")}</legend>
        <p className="muted small">{t("edit.impactHint")}</p>
        <div className="impact-inputs">
          {impactKeys.map((key) => (
            <Field key={key} label={t(`fields.impact.${key}`)} hint={t("edit.impactRange")} error={errors[`impact.${key}`]} required>
              {(control) => (
                <TextInput
                  control={control}
                  value={draft.impact[key]}
                  inputMode="numeric"
                  maxLength={1}
                  onChange={(value) => update((current) => ({ ...current, impact: { ...current.impact, [key]: value } }), [`impact.${key}`])}
                />
              )}
            </Field>
          ))}
        </div>
      </fieldset>

      <div className="form-actions sticky-actions">
        <p className="muted small form-actions-status" aria-live="polite">
          {dirty ? t("edit.unsaved") : t("edit.noChanges")}
        </p>
        <button type="button" className="button button-secondary" onClick={discard} disabled={!dirty || saving}>
          {t("edit.discard")}
        </button>
        <button type="button" className="button button-ghost" onClick={onDone}>
          {t("edit.backToOverview")}
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? t("edit.saving") : t("edit.save")}
        </button>
      </div>
    </form>
  );
}

function TextInput({
  control,
  value,
  onChange,
  inputMode,
  maxLength,
}: {
  control: ControlProps;
  value: string;
  onChange: (value: string) => void;
  inputMode?: "decimal" | "numeric";
  maxLength?: number;
}) {
  return (
    <input
      {...control}
      type="text"
      autoComplete="off"
      inputMode={inputMode}
      maxLength={maxLength}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/** A fieldset with legend, hint and one error for a group of controls (checkboxes, the funding split). */
function FieldGroup({
  legend,
  hint,
  error,
  children,
}: {
  legend: string;
  hint?: string;
  error?: string | undefined;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset className={`field-group ${error ? "field-group-invalid" : ""}`}>
      <legend className="field-label">{legend}</legend>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children([errorId, hintId].filter(Boolean).join(" ") || undefined)}
      {error ? (
        <p id={errorId} className="field-error">
          <span aria-hidden="true" className="field-error-icon">
            !
          </span>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
