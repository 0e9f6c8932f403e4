// Small presentational pieces shared by the portfolio table and the project page.
import { useTranslation } from "react-i18next";
import { projectStages, type OrgRef, type ProjectKind, type ProjectRole, type ProjectStage } from "../../api";

/** Colour groups follow the SHCP project cycle: pre-investment, investment, operation, closed. */
export function stagePhase(stage: ProjectStage): "pre" | "investment" | "operation" | "closed" {
  switch (stage) {
    case "idea":
    case "profile":
    case "prefeasibility":
    case "feasibility":
      return "pre";
    case "portfolio_registration":
    case "executive_project":
      return "investment";
    case "execution":
    case "monitoring":
      return "operation";
    case "ex_post":
      return "closed";
  }
}

export function stageNumber(stage: ProjectStage): number {
  return projectStages.indexOf(stage) + 1;
}

export function StageBadge({ stage }: { stage: ProjectStage }) {
  const { t } = useTranslation();
  return <span className={`badge stage-badge stage-${stagePhase(stage)}`}>{t(`stages.${stage}`)}</span>;
}

export function KindLabel({ kind }: { kind: ProjectKind }) {
  const { t } = useTranslation();
  return <>{t(`kinds.${kind}`)}</>;
}

export function RoleBadge({ role }: { role: ProjectRole }) {
  const { t } = useTranslation();
  return <span className={`badge role-badge role-${role}`}>{t(`roles.${role}`)}</span>;
}

/** Short name with the full name available on hover and to screen readers. */
export function OrgName({ org }: { org: OrgRef | null }) {
  const { t } = useTranslation();
  if (!org) return <span className="muted">{t("common.notSet")}</span>;
  if (org.shortName === org.name) return <>{org.name}</>;
  return (
    <abbr title={org.name} className="org-abbr">
      {org.shortName}
    </abbr>
  );
}

/**
 * The priority score as a bar and a number, or «Sin evaluar» for a project whose impacts nobody
 * rated yet (the domain's `evaluated`): its score would only measure alignment.
 */
export function PriorityMeter({ score, evaluated = true }: { score: number; evaluated?: boolean }) {
  const { t } = useTranslation();
  if (!evaluated) return <span className="priority priority-none muted">{t("portfolio.table.notEvaluated")}</span>;
  const clamped = Math.max(0, Math.min(100, score));
  const level = clamped >= 70 ? "high" : clamped >= 40 ? "medium" : "low";
  return (
    <span className={`priority priority-${level}`} title={t("portfolio.table.priorityValue", { score: Math.round(clamped) })}>
      <span className="priority-bar" aria-hidden="true">
        <span className="priority-fill" style={{ width: `${clamped}%` }} />
      </span>
      <span className="priority-score">{Math.round(clamped)}</span>
    </span>
  );
}
