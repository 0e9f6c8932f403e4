import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { projectStages, type Project, type ProjectStage } from "../../api";
import { useScrollCue } from "../../components/useScrollCue";
import { KindLabel, OrgName } from "../projects/ProjectLabels";
import { PriorityPopover } from "../workspace/PriorityBreakdown";
import { PendingReviewsBadge } from "../reviews/PendingBadge";
import { AlertBadge } from "../follow-up/alerts/AlertBadge";

type Props = {
  projects: Project[];
  busy: boolean;
  /** With a stage filter only that column is shown; otherwise all nine, in lifecycle order. */
  stage?: ProjectStage | undefined;
  highlightId?: string | undefined;
  /** Review rounds pending for the reader, per project id. */
  pending?: ReadonlyMap<string, number> | undefined;
};

/**
 * The portfolio as a board by lifecycle stage (idea → … → evaluación ex post). Each column is a
 * labelled list; cards link to the project workspace. The board scrolls sideways inside a
 * focusable region so keyboard users can scroll it too.
 */
export function ProjectBoard({ projects, busy, stage, highlightId, pending }: Props) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const stages = stage ? [stage] : projectStages;
  // Nine columns do not fit even 1200 px: shadows on the hidden edges and a hint say it scrolls.
  const { attach: scroller, frame, start, end } = useScrollCue<HTMLDivElement>(`${stages.length} ${projects.length}`);
  const scrolls = start || end;
  return (
    <div className="board-frame">
      <p className="board-hint" hidden={!scrolls}>
        {t("board.scrollHint", { count: stages.length })}
        <span aria-hidden="true"> →</span>
      </p>
      <div className="scroll-cue" {...frame}>
        <div ref={scroller} className="board-scroll" role="region" aria-label={t("board.label")} tabIndex={0} aria-busy={busy || undefined}>
          <div className={`board ${stage ? "board-single" : ""}`}>
            {stages.map((column) => {
              const cards = projects.filter((project) => project.stage === column);
              const headingId = `board-${column}`;
              return (
                <section key={column} className="board-column" aria-labelledby={headingId}>
                  <h2 id={headingId} className="board-column-title">
                    <span className="board-step" aria-hidden="true">
                      {projectStages.indexOf(column) + 1}
                    </span>
                    <span className="board-stage">{tApp(`stages.${column}`)}</span>
                    <span className="board-count">
                      <span className="visually-hidden">: </span>
                      {t("board.count", { count: cards.length })}
                    </span>
                  </h2>
                  {cards.length === 0 ? (
                    <p className="board-empty">{t("board.emptyColumn")}</p>
                  ) : (
                    <ul className="board-cards">
                      {cards.map((project) => (
                        <li key={project.id} className={`board-card ${project.id === highlightId ? "board-card-new" : ""}`}>
                          <p className="board-card-clave">{project.clave}</p>
                          <h3 className="board-card-name">
                            <Link to={`/projects/${encodeURIComponent(project.id)}`}>{project.name}</Link>
                          </h3>
                          {pending?.get(project.id) ? (
                            <p className="board-card-pending">
                              <PendingReviewsBadge count={pending.get(project.id)!} />
                            </p>
                          ) : null}
                          {project.alerts.length > 0 ? (
                            <p className="board-card-pending">
                              <AlertBadge alerts={project.alerts} />
                            </p>
                          ) : null}
                          <dl className="board-card-facts">
                            <div>
                              <dt className="visually-hidden">{t("board.kind")}</dt>
                              <dd>
                                <span className="badge kind-badge">
                                  <KindLabel kind={project.kind} />
                                </span>
                              </dd>
                            </div>
                            <div>
                              <dt>{t("board.leadOrg")}</dt>
                              <dd>
                                <OrgName org={project.leadOrg} />
                              </dd>
                            </div>
                            <div>
                              <dt>{t("board.priority")}</dt>
                              <dd>
                                {project.priority ? (
                                  <PriorityPopover priority={project.priority} projectName={project.name} />
                                ) : (
                                  <span className="muted">{tApp("common.notSet")}</span>
                                )}
                              </dd>
                            </div>
                          </dl>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
