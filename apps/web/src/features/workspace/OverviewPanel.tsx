import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { projectStages, type Project } from "../../api";
import { TableHead } from "../../components/Lists";
import { useFormat } from "../../i18n/format";
import { KindLabel, OrgName, PriorityMeter } from "../projects/ProjectLabels";
import { PriorityFactorsTable } from "./PriorityBreakdown";
import { fundingSources, impactKeys } from "./projectForm";
import { DossierCard } from "../exports/DossierCard";
import { AlertsCard } from "../follow-up/alerts/AlertsCard";

/** The project record (ficha) in reading form: what a committee member needs at a glance. */
export function OverviewPanel({
  project,
  canEdit,
  onEdit,
  onOpenFollowUp,
}: {
  project: Project;
  canEdit: boolean;
  onEdit: () => void;
  /** Opens the «Seguimiento» tab (from the follow-up alerts' card). */
  onOpenFollowUp?: () => void;
}) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const format = useFormat();
  const notSet = <span className="muted">{tApp("common.notSet")}</span>;

  return (
    <div className="overview">
      <section className="card overview-lifecycle" aria-labelledby="lifecycle-title">
        <div className="card-heading">
          <h2 id="lifecycle-title" className="card-title">
            {t("stage.lifecycle")}
          </h2>
          {canEdit ? (
            <button type="button" className="button button-secondary button-small" onClick={onEdit}>
              {t("overview.editRecord")}
            </button>
          ) : null}
        </div>
        <Stepper project={project} />
      </section>

      <AlertsCard alerts={project.alerts} {...(onOpenFollowUp ? { onOpen: onOpenFollowUp } : {})} />

      <div className="overview-grid">
        <div className="overview-main">
          <section className="card" aria-labelledby="record-title">
            <h2 id="record-title" className="card-title">
              {t("overview.record")}
            </h2>
            <dl className="facts">
              <Fact label={t("fields.clave")}>{project.clave}</Fact>
              <Fact label={t("fields.kind")}>
                <KindLabel kind={project.kind} />
              </Fact>
              <Fact label={t("fields.leadOrg")}>{project.leadOrg ? project.leadOrg.name : notSet}</Fact>
              <Fact label={t("fields.evaluationType")}>
                {project.evaluationType ? tApp(`evaluationTypes.${project.evaluationType}`) : notSet}
              </Fact>
              <Fact label={t("fields.participatingOrgs")} wide>
                {project.participatingOrgs.length > 0 ? (
                  <ul className="inline-list">
                    {project.participatingOrgs.map((org) => (
                      <li key={org.id}>
                        <OrgName org={org} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">{tApp("common.none")}</span>
                )}
              </Fact>
              <Fact label={t("overview.createdAt")}>
                <time dateTime={project.createdAt}>{format.date(project.createdAt)}</time>
              </Fact>
              <Fact label={t("overview.updatedAt")}>
                <time dateTime={project.updatedAt}>{format.dateTime(project.updatedAt)}</time>
              </Fact>
            </dl>
            <h3 className="subheading">{t("fields.description")}</h3>
            {project.description ? (
              <p className="description">{project.description}</p>
            ) : (
              <p className="muted">{t("overview.noDescription")}</p>
            )}
          </section>

          <Alignment project={project} />
          <Funding project={project} />
        </div>

        <div className="overview-side">
          <section className="card" aria-labelledby="priority-title">
            <h2 id="priority-title" className="card-title">
              {t("priority.title")}
            </h2>
            {project.priority && !project.priority.evaluated ? (
              <>
                <p className="priority-headline">
                  <span className="priority-big priority-not-evaluated">{t("priority.notEvaluated")}</span>
                </p>
                <p className="priority-note">{t("priority.notEvaluatedHint")}</p>
              </>
            ) : project.priority ? (
              <>
                <p className="priority-headline">
                  <span className="priority-big">{format.number(Math.round(project.priority.score))}</span>
                  <span className="muted"> {t("priority.ofHundred")}</span>
                </p>
                <div className="priority-wide" aria-hidden="true">
                  <PriorityMeter score={project.priority.score} />
                </div>
                {project.priority.factors.length > 0 ? <PriorityFactorsTable priority={project.priority} /> : null}
                <p className="priority-note">{t("priority.explanation")}</p>
              </>
            ) : (
              <p className="muted">{t("priority.none")}</p>
            )}
          </section>

          <section className="card" aria-labelledby="impact-title">
            <h2 id="impact-title" className="card-title">
              {t("overview.impact")}
            </h2>
            <ul className="impact-list">
              {impactKeys.map((key) => {
                const value = project.impact?.[key] ?? 0;
                return (
                  <li key={key}>
                    <span className="impact-label">{t(`fields.impact.${key}`)}</span>
                    <span className="impact-dots" aria-hidden="true">
                      {[1, 2, 3, 4, 5].map((dot) => (
                        <span key={dot} className={dot <= value ? "impact-dot impact-dot-on" : "impact-dot"} />
                      ))}
                    </span>
                    <span className="impact-value">{t("overview.impactValue", { value })}</span>
                  </li>
                );
              })}
            </ul>
          </section>

          <section className="card" aria-labelledby="location-title">
            <h2 id="location-title" className="card-title">
              {t("overview.location")}
            </h2>
            <dl className="facts facts-single">
              <Fact label={t("fields.microregion")}>{project.location?.microregion ?? notSet}</Fact>
              <Fact label={t("fields.colonia")}>{project.location?.colonia ?? notSet}</Fact>
              <Fact label={t("overview.geometry")}>
                {project.location?.geometry ? t("overview.geometryYes") : <span className="muted">{t("overview.geometryNo")}</span>}
              </Fact>
            </dl>
          </section>

          <DossierCard projectId={project.id} />
        </div>
      </div>
    </div>
  );
}

function Fact({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "facts-wide" : undefined}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The nine lifecycle stages as an ordered list; the current one carries aria-current="step". */
export function Stepper({ project }: { project: Project }) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const currentIndex = projectStages.indexOf(project.stage);
  return (
    <ol className="stepper">
      {projectStages.map((stage, index) => {
        const state = index < currentIndex ? "done" : index === currentIndex ? "current" : "todo";
        return (
          <li key={stage} className={`step step-${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span className="step-dot" aria-hidden="true" />
            <span className="step-label">
              {tApp(`stages.${stage}`)}
              {state === "current" ? <span className="visually-hidden"> ({t("stage.current")})</span> : null}
              {state === "done" ? <span className="visually-hidden"> ({t("stage.done")})</span> : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function Alignment({ project }: { project: Project }) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const format = useFormat();
  const alignment = project.alignment;
  const notSet = <span className="muted">{tApp("common.notSet")}</span>;
  const ratio = (value: number | null | undefined) => (value === null || value === undefined ? notSet : format.number(value));
  return (
    <section className="card" aria-labelledby="alignment-title">
      <h2 id="alignment-title" className="card-title">
        {t("overview.alignment")}
      </h2>
      <dl className="facts">
        <Fact label={t("fields.pmdAxis")}>{alignment?.pmdAxis ?? notSet}</Fact>
        <Fact label={t("fields.governmentProgram")}>{alignment?.governmentProgram ?? notSet}</Fact>
        <Fact label={t("fields.pmduoetZone")}>{alignment?.pmduoetZone ?? notSet}</Fact>
        <Fact label={t("fields.landUse")}>
          {alignment?.landUse ? (
            <span className={`badge land-use land-use-${alignment.landUse}`}>{tApp(`landUse.${alignment.landUse}`)}</span>
          ) : (
            notSet
          )}
        </Fact>
        {alignment?.landUseNote ? (
          <Fact label={t("fields.landUseNote")} wide>
            <span className="description">{alignment.landUseNote}</span>
          </Fact>
        ) : null}
        <Fact label={t("overview.ratios")} wide>
          <ul className="ratio-list">
            <li>
              <abbr title={t("fields.cosLong")}>COS</abbr> {ratio(alignment?.cos)}
            </li>
            <li>
              <abbr title={t("fields.cusLong")}>CUS</abbr> {ratio(alignment?.cus)}
            </li>
            <li>
              <abbr title={t("fields.casLong")}>CAS</abbr> {ratio(alignment?.cas)}
            </li>
          </ul>
        </Fact>
        <Fact label={t("fields.ods")} wide>
          {alignment && alignment.ods.length > 0 ? (
            <ul className="ods-list">
              {[...alignment.ods]
                .sort((a, b) => a - b)
                .map((goal) => (
                  <li key={goal} className="ods-item">
                    <span className="ods-number">{t("ods.short", { number: goal })}</span>
                    <span>{t(`ods.goals.g${goal}` as "ods.goals.g1")}</span>
                  </li>
                ))}
            </ul>
          ) : (
            notSet
          )}
        </Fact>
      </dl>
    </section>
  );
}

function Funding({ project }: { project: Project }) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const format = useFormat();
  const amount = project.estimatedAmountMxn;
  return (
    <section className="card" aria-labelledby="funding-title">
      <h2 id="funding-title" className="card-title">
        {t("overview.funding")}
      </h2>
      <p className="amount-line">
        <span className="amount-label">{t("fields.amount")}</span>
        <span className="amount-value">{amount === null ? <span className="muted">{tApp("common.notSet")}</span> : format.mxn(amount)}</span>
      </p>
      {project.funding ? (
        <>
          <div className="funding-bar" aria-hidden="true">
            {fundingSources.map((source) =>
              (project.funding?.[source] ?? 0) > 0 ? (
                <span key={source} className={`funding-segment funding-${source}`} style={{ width: `${project.funding?.[source] ?? 0}%` }} />
              ) : null,
            )}
          </div>
          <table className="table table-compact funding-table">
            <caption className="visually-hidden">{t("overview.fundingCaption")}</caption>
            <TableHead columns={[t("overview.fundingSource"), { numeric: t("overview.fundingShare") }, { numeric: t("overview.fundingAmount") }]} />
            <tbody>
              {fundingSources.map((source) => {
                const share = project.funding?.[source] ?? 0;
                return (
                  <tr key={source}>
                    <th scope="row">
                      <span className={`funding-swatch funding-${source}`} aria-hidden="true" />
                      {t(`fields.funding.${source}`)}
                    </th>
                    <td className="numeric">{format.percent(share)}</td>
                    <td className="numeric">{amount === null ? "—" : format.mxn((amount * share) / 100)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {amount === null ? <p className="muted small">{t("overview.fundingNoAmount")}</p> : null}
        </>
      ) : (
        <p className="muted">{t("overview.noFunding")}</p>
      )}
    </section>
  );
}
