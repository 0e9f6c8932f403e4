import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError, projectStages, queryKeys, useChangeStage, type Project, type ProjectStage } from "../../api";
import { Alert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { Stepper } from "./OverviewPanel";
import { WorkspaceErrorAlert } from "./WorkspaceAlerts";

/**
 * Lifecycle: owners move the project one stage forward, or one back for rework (the only moves the
 * server accepts), with an optional reason that the audit trail keeps.
 */
export function StagePanel({ project, canChange }: { project: Project; canChange: boolean }) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const index = projectStages.indexOf(project.stage);
  const next = projectStages[index + 1];
  const previous = projectStages[index - 1];
  const [target, setTarget] = useState<ProjectStage | "">(next ?? previous ?? "");
  const [reason, setReason] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [moved, setMoved] = useState<{ from: ProjectStage; to: ProjectStage } | null>(null);
  const [targetError, setTargetError] = useState<string | undefined>();
  const groupId = useId();
  const changeStage = useChangeStage(project.id);
  const client = useQueryClient();
  const reload = () => void client.invalidateQueries({ queryKey: queryKeys.project(project.id), exact: true });

  // After a move the options are those of the new stage.
  const options = [
    next ? { stage: next, direction: "forward" as const } : null,
    previous ? { stage: previous, direction: "back" as const } : null,
  ].filter((option) => option !== null);
  const selected = options.some((option) => option.stage === target) ? target : "";

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setMoved(null);
    if (!selected) {
      setTargetError(t("stage.chooseTarget"));
      return;
    }
    setSaving(true);
    try {
      const from = project.stage;
      const updated = await changeStage.mutateAsync({ to: selected, reason: reason.trim() || undefined });
      setMoved({ from, to: updated.stage });
      setReason("");
      const nextIndex = projectStages.indexOf(updated.stage);
      setTarget(projectStages[nextIndex + 1] ?? projectStages[nextIndex - 1] ?? "");
    } catch (caught) {
      // After invalid_stage_transition the mutation has already asked for the current stage.
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const conflict = error instanceof ApiError && error.code === "invalid_stage_transition";

  return (
    <div className="stage-panel">
      <section className="card" aria-labelledby="stage-title">
        <h2 id="stage-title" className="card-title">
          {t("stage.lifecycle")}
        </h2>
        <p className="stage-now">
          {t("stage.now", { stage: tApp(`stages.${project.stage}`), current: index + 1, total: projectStages.length })}
        </p>
        <Stepper project={project} />
      </section>

      {moved ? (
        <Alert tone="success" title={t("stage.moved", { from: tApp(`stages.${moved.from}`), to: tApp(`stages.${moved.to}`) })} />
      ) : null}

      {canChange ? (
        <section className="card" aria-labelledby="stage-move-title">
          <h2 id="stage-move-title" className="card-title">
            {t("stage.moveTitle")}
          </h2>
          <p className="muted">{t("stage.rule")}</p>
          {error ? (
            <WorkspaceErrorAlert
              error={error}
              title={conflict ? t("stage.conflictTitle") : t("stage.moveError")}
              {...(conflict ? { onRetry: reload, retryLabel: t("stage.reload") } : {})}
            />
          ) : null}
          <form className="form stage-form" noValidate onSubmit={(event) => void handleSubmit(event)}>
            <fieldset className={`field-group ${targetError ? "field-group-invalid" : ""}`} aria-describedby={targetError ? `${groupId}-error` : undefined}>
              <legend className="field-label">{t("stage.target")}</legend>
              <div className="stage-options">
                {options.map((option) => (
                  <label key={option.stage} className={`stage-option ${selected === option.stage ? "stage-option-selected" : ""}`}>
                    <input
                      type="radio"
                      name="stage-target"
                      value={option.stage}
                      checked={selected === option.stage}
                      onChange={() => {
                        setTarget(option.stage);
                        setTargetError(undefined);
                      }}
                    />
                    <span className="stage-option-text">
                      <span className="stage-option-direction">
                        <span aria-hidden="true">{option.direction === "forward" ? "→ " : "← "}</span>
                        {option.direction === "forward" ? t("stage.forward") : t("stage.back")}
                      </span>
                      <span className="stage-option-stage">{tApp(`stages.${option.stage}`)}</span>
                      <span className="muted small">
                        {option.direction === "forward" ? t("stage.forwardHint") : t("stage.backHint")}
                      </span>
                    </span>
                  </label>
                ))}
              </div>
              {targetError ? (
                <p id={`${groupId}-error`} className="field-error">
                  <span aria-hidden="true" className="field-error-icon">
                    !
                  </span>
                  {targetError}
                </p>
              ) : null}
            </fieldset>
            <Field label={t("stage.reason")} hint={t("stage.reasonHint")} optional>
              {(control) => <textarea {...control} rows={3} maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={saving}>
                {saving
                  ? t("stage.moving")
                  : selected
                    ? t("stage.submit", { stage: tApp(`stages.${selected}`) })
                    : t("stage.submitNone")}
              </button>
            </div>
          </form>
        </section>
      ) : (
        <Alert tone="info" title={t("stage.ownersOnly")} />
      )}
    </div>
  );
}
