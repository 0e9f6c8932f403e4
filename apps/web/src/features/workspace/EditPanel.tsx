import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import type { Path, PathValue } from "react-hook-form";
import { fundingAddsUp, projectPatchSchema, type ProjectPatchInput } from "@taller/domain/inputs";
import {
  ApiError,
  evaluationTypes,
  landUseCompatibilities,
  projectKinds,
  queries,
  useUpdateProject,
  type Project,
} from "../../api";
import { Alert } from "../../components/Alert";
import { Field, type ControlProps } from "../../components/Field";
import { FieldGroup } from "../../components/FieldGroup";
import { choiceOf, Options, OrgOptions } from "../../components/Options";
import { useFormat } from "../../i18n/format";
import { countErrors, maxLengthOf, setServerIssues } from "../../forms/validation";
import { focusFirstInvalid } from "../../forms/focus";
import { LeaveGuard } from "../../components/LeaveGuard";
import { useSchemaForm } from "../../forms/useSchemaForm";
import {
  amountValue,
  bodyFromDraft,
  draftFromProject,
  fundingSources,
  fundingTotal,
  impactKeys,
  odsGoals,
  ratioKeys,
  type ProjectDraft,
} from "./projectForm";
import { draftChanges, errorPaths, patchFrom } from "./projectEdit";
import { WorkspaceErrorAlert } from "./WorkspaceAlerts";


const maxLength = (path: string) => maxLengthOf(projectPatchSchema, path);

/**
 * Edits every field of the project record (owners and editors). The draft is checked with the
 * domain's project schema on submit and then live while the person fixes it; the server's issues
 * appear beside the same fields. Only changed fields are sent.
 */
export function EditPanel({ project, onDone }: { project: Project; onDone: () => void }) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const format = useFormat();
  const orgs = useQuery(queries.orgs());
  const updateProject = useUpdateProject(project.id);
  const formRef = useRef<HTMLFormElement>(null);
  const [base, setBase] = useState<Project>(project);
  // The form does not edit the geometry: it is validated and kept as stored.
  const form = useSchemaForm(projectPatchSchema, {
    defaultValues: draftFromProject(project),
    toInput: (values: ProjectDraft) => bodyFromDraft(values, base.location?.geometry ?? null),
  });
  const { errorText: errorOf } = form;
  const draft = form.watch();
  const [submitError, setSubmitError] = useState<unknown>(null);
  const saving = form.formState.isSubmitting;
  const [result, setResult] = useState<"saved" | "unchanged" | null>(null);

  const errorCount = countErrors(form.formState.errors);
  const dirty = draftChanges(base, draft);

  const set =
    <P extends Path<ProjectDraft>>(path: P) =>
    (value: PathValue<ProjectDraft, P>) => {
      form.setValue(path, value, { shouldDirty: true });
      setResult(null);
      // Live checks once the form was sent. A funding share is judged with the others (their
      // sum is the group's rule), so the whole group is checked again.
      if (form.formState.isSubmitted) void form.trigger(path.startsWith("funding.") ? "funding" : path);
    };

  // After a refused save, the first invalid control gets focus as soon as the errors are on
  // screen (the inputs are controlled, so react-hook-form has no element of its own to focus).
  const focusPending = useRef(false);
  useEffect(() => {
    if (!focusPending.current) return;
    if (focusFirstInvalid(formRef.current)) focusPending.current = false;
  });
  const focusFirstError = () => {
    focusPending.current = true;
  };

  async function save(parsed: ProjectPatchInput) {
    setSubmitError(null);
    setResult(null);
    const patch = patchFrom(base, parsed);
    if (Object.keys(patch).length === 0) {
      setResult("unchanged");
      return;
    }
    try {
      // The mutation also puts the answer in the cache, so the header and overview show it too.
      const saved = await updateProject.mutateAsync(patch);
      setBase(saved);
      form.reset(draftFromProject(saved));
      setResult("saved");
    } catch (error) {
      setSubmitError(error);
      if (error instanceof ApiError && error.code === "clave_taken") {
        form.setError("clave", { type: "server", message: error.code });
        focusFirstError();
      } else if (setServerIssues(error, form.setError, errorPaths(form.getValues()))) {
        focusFirstError();
      }
    }
  }

  function refuse() {
    setSubmitError(null);
    setResult(null);
    focusFirstError();
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => form.handleSubmit(save, refuse)(event);

  function discard() {
    form.reset(draftFromProject(base));
    setSubmitError(null);
    setResult(null);
  }

  const typedAmount = amountValue(draft.estimatedAmountMxn);
  const amount = typeof typedAmount === "number" ? typedAmount : null;
  const total = fundingTotal(draft.funding);
  const fundingFilled = fundingSources.some((source) => draft.funding[source].trim() !== "");
  const orgList = orgs.data?.orgs ?? [];

  return (
    <form ref={formRef} className="edit-form" noValidate onSubmit={(event) => void handleSubmit(event)} aria-labelledby="edit-title">
      {/* Leaving with unsaved changes (another tab, «Ver resumen», a link, back, reload) asks first. */}
      <LeaveGuard dirty={dirty} />
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
          <Field label={t("fields.name")} error={errorOf("name")} required className="span-2">
            {(control) => <TextInput control={control} value={draft.name} onChange={set("name")} maxLength={maxLength("name")} />}
          </Field>
          <Field label={t("fields.clave")} hint={t("edit.claveHint")} error={errorOf("clave")} required>
            {(control) => <TextInput control={control} value={draft.clave} onChange={set("clave")} />}
          </Field>
          <Field label={t("fields.kind")} error={errorOf("kind")} required>
            {(control) => (
              <select {...control} value={draft.kind} onChange={(event) => set("kind")(choiceOf(projectKinds, event.target.value) ?? draft.kind)}>
                <Options values={projectKinds} label={(kind) => tApp(`kinds.${kind}`)} />
              </select>
            )}
          </Field>
          <Field label={t("fields.leadOrg")} error={errorOf("leadOrgId")} optional>
            {(control) => (
              <select {...control} value={draft.leadOrgId} onChange={(event) => set("leadOrgId")(event.target.value)}>
                <OrgOptions orgs={orgList} blank={t("edit.noLeadOrg")} />
                {draft.leadOrgId && !orgList.some((org) => org.id === draft.leadOrgId) && base.leadOrg ? (
                  <option value={base.leadOrg.id}>{base.leadOrg.name}</option>
                ) : null}
              </select>
            )}
          </Field>
          <Field label={t("fields.evaluationType")} hint={t("edit.evaluationTypeHint")} error={errorOf("evaluationType")} optional>
            {(control) => (
              <select {...control} value={draft.evaluationType} onChange={(event) => set("evaluationType")(choiceOf(evaluationTypes, event.target.value) ?? "")}>
                <Options values={evaluationTypes} label={(type) => tApp(`evaluationTypes.${type}`)} blank={t("edit.undefined")} />
              </select>
            )}
          </Field>
          <Field label={t("fields.description")} error={errorOf("description")} optional className="span-2">
            {(control) => (
              <textarea {...control} rows={4} maxLength={maxLength("description")} value={draft.description} onChange={(event) => set("description")(event.target.value)} />
            )}
          </Field>
        </div>
        <FieldGroup legend={t("fields.participatingOrgs")} hint={t("edit.participatingHint")} error={errorOf("participatingOrgIds")}>
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
                        set("participatingOrgIds")(
                          event.target.checked
                            ? [...draft.participatingOrgIds, org.id]
                            : draft.participatingOrgIds.filter((id) => id !== org.id),
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
          <Field label={t("fields.amountMxn")} hint={t("edit.amountHint")} error={errorOf("estimatedAmountMxn")} optional>
            {(control) => <TextInput control={control} value={draft.estimatedAmountMxn} onChange={set("estimatedAmountMxn")} inputMode="decimal" />}
          </Field>
        </div>
        <FieldGroup legend={t("edit.fundingLegend")} hint={t("edit.fundingHint")} error={errorOf("funding")}>
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
                            "aria-invalid": errorOf("funding") ? true : undefined,
                          }}
                          value={draft.funding[source]}
                          inputMode="decimal"
                          onChange={set(`funding.${source}`)}
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
              <p className={`funding-total ${fundingFilled && !fundingAddsUp(total) ? "funding-total-off" : ""}`} aria-live="polite">
                {fundingFilled ? t("edit.fundingTotal", { total: format.percent(total) }) : t("edit.fundingEmpty")}
              </p>
            </>
          )}
        </FieldGroup>
      </fieldset>

      <fieldset className="card form-section">
        <legend className="form-section-title">{t("edit.sections.location")}</legend>
        <div className="form-grid">
          <Field label={t("fields.microregion")} error={errorOf("location.microregion")} optional>
            {(control) => <TextInput control={control} value={draft.location.microregion} onChange={set("location.microregion")} maxLength={maxLength("location.microregion")} />}
          </Field>
          <Field label={t("fields.colonia")} error={errorOf("location.colonia")} optional>
            {(control) => <TextInput control={control} value={draft.location.colonia} onChange={set("location.colonia")} maxLength={maxLength("location.colonia")} />}
          </Field>
        </div>
        {base.location?.geometry ? <p className="muted small">{t("edit.geometryKept")}</p> : null}
      </fieldset>

      <fieldset className="card form-section">
        <legend className="form-section-title">{t("edit.sections.alignment")}</legend>
        <div className="form-grid">
          <Field label={t("fields.pmdAxis")} hint={t("edit.pmdAxisHint")} error={errorOf("alignment.pmdAxis")} optional>
            {(control) => <TextInput control={control} value={draft.alignment.pmdAxis} onChange={set("alignment.pmdAxis")} maxLength={maxLength("alignment.pmdAxis")} />}
          </Field>
          <Field label={t("fields.governmentProgram")} error={errorOf("alignment.governmentProgram")} optional>
            {(control) => (
              <TextInput control={control} value={draft.alignment.governmentProgram} onChange={set("alignment.governmentProgram")} maxLength={maxLength("alignment.governmentProgram")} />
            )}
          </Field>
          <Field label={t("fields.pmduoetZone")} hint={t("edit.pmduoetHint")} error={errorOf("alignment.pmduoetZone")} optional>
            {(control) => <TextInput control={control} value={draft.alignment.pmduoetZone} onChange={set("alignment.pmduoetZone")} maxLength={maxLength("alignment.pmduoetZone")} />}
          </Field>
          <Field label={t("fields.landUse")} error={errorOf("alignment.landUse")} optional>
            {(control) => (
              <select {...control} value={draft.alignment.landUse} onChange={(event) => set("alignment.landUse")(choiceOf(landUseCompatibilities, event.target.value) ?? "")}>
                <Options values={landUseCompatibilities} label={(value) => tApp(`landUse.${value}`)} blank={t("edit.undefined")} />
              </select>
            )}
          </Field>
          <Field label={t("fields.landUseNote")} hint={t("edit.landUseNoteHint")} error={errorOf("alignment.landUseNote")} optional className="span-2">
            {(control) => (
              <textarea
                {...control}
                rows={3}
                maxLength={maxLength("alignment.landUseNote")}
                value={draft.alignment.landUseNote}
                onChange={(event) => set("alignment.landUseNote")(event.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="ratio-inputs">
          {ratioKeys.map((key) => (
            <Field key={key} label={t(`fields.${key}Long`)} hint={t("edit.ratioHint")} error={errorOf(`alignment.${key}`)} optional>
              {(control) => (
                <TextInput
                  control={control}
                  value={draft.alignment[key]}
                  inputMode="decimal"
                  onChange={set(`alignment.${key}`)}
                />
              )}
            </Field>
          ))}
        </div>
        <FieldGroup legend={t("fields.ods")} hint={t("edit.odsHint")} error={errorOf("alignment.ods")}>
          {(describedBy) => (
            <div className="ods-grid">
              {odsGoals.map((goal) => (
                <label key={goal} className="checkbox ods-option">
                  <input
                    type="checkbox"
                    aria-describedby={describedBy}
                    aria-invalid={errorOf("alignment.ods") ? true : undefined}
                    checked={draft.alignment.ods.includes(goal)}
                    onChange={(event) =>
                      set("alignment.ods")(
                        event.target.checked
                          ? [...draft.alignment.ods, goal].sort((a, b) => a - b)
                          : draft.alignment.ods.filter((g) => g !== goal),
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
            <Field key={key} label={t(`fields.impact.${key}`)} hint={t("edit.impactRange")} error={errorOf(`impact.${key}`)} required>
              {(control) => (
                <TextInput
                  control={control}
                  value={draft.impact[key]}
                  inputMode="numeric"
                  maxLength={1}
                  onChange={set(`impact.${key}`)}
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
