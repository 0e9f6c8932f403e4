import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, projectStages, type PriorityFactor, type Project } from "../../api";
import { ErrorAlert } from "../../components/Alert";
import { isNotFound } from "../../components/errors";
import { PageHeading } from "../../components/PageHeading";
import { EmptyState, LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { useApiQuery } from "../../lib/useApiQuery";
import { KindLabel, OrgName, PriorityMeter, RoleBadge, StageBadge, stageNumber } from "./ProjectLabels";
import "./project.css";

/**
 * Project summary: the record (ficha), lifecycle, priority factors, members and documents.
 * The project workspace (editor, canvases, reviews) will grow from this route.
 */
export default function ProjectPage() {
  const { projectId = "" } = useParams();
  const { t } = useTranslation();
  const project = useApiQuery(`project:${projectId}`, (signal) => api.projects.get(projectId, { signal }));

  if (project.status === "error") {
    return (
      <div className="container page">
        <BackLink />
        {isNotFound(project.error) ? (
          <>
            <PageHeading title={t("errors.project_not_found")}>{t("errors.project_not_found")}</PageHeading>
            <p>
              <Link to="/" className="button button-primary">
                {t("project.backToPortfolio")}
              </Link>
            </p>
          </>
        ) : (
          <>
            <PageHeading title={t("project.loadError")}>{t("project.loadError")}</PageHeading>
            <ErrorAlert error={project.error} onRetry={project.reload} />
          </>
        )}
      </div>
    );
  }
  if (project.status === "loading" || !project.data) {
    return (
      <div className="container page">
        <BackLink />
        <LoadingState label={t("project.loading")} />
      </div>
    );
  }
  return <ProjectSummary project={project.data} />;
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <p className="back-link">
      <Link to="/">
        <span aria-hidden="true">← </span>
        {t("project.backToPortfolio")}
      </Link>
    </p>
  );
}

function ProjectSummary({ project }: { project: Project }) {
  const { t } = useTranslation();
  const format = useFormat();
  const notSet = <span className="muted">{t("common.notSet")}</span>;
  const location = [project.location?.microregion, project.location?.colonia].filter(Boolean).join(" · ");

  return (
    <div className="container page project-page">
      <BackLink />
      <header className="project-header">
        <p className="project-clave">{project.clave}</p>
        <PageHeading title={`${project.clave} · ${project.name}`}>{project.name}</PageHeading>
        <ul className="project-tags" aria-label={t("project.summary")}>
          <li>
            <span className="visually-hidden">{t("project.kind")}: </span>
            <span className="badge kind-badge">
              <KindLabel kind={project.kind} />
            </span>
          </li>
          <li>
            <span className="visually-hidden">{t("project.stage")}: </span>
            <StageBadge stage={project.stage} />
          </li>
          {project.myRole ? (
            <li>
              <span className="tag-label">{t("project.myRole")}:</span> <RoleBadge role={project.myRole} />
            </li>
          ) : null}
        </ul>
      </header>

      <section className="card lifecycle" aria-labelledby="lifecycle-title">
        <h2 id="lifecycle-title" className="card-title">
          {t("project.lifecycle")}{" "}
          <span className="card-title-note">
            {t("project.stageProgress", { current: stageNumber(project.stage), total: projectStages.length })}
          </span>
        </h2>
        <ol className="stepper">
          {projectStages.map((stage) => {
            const position = stageNumber(stage) - stageNumber(project.stage);
            const state = position < 0 ? "done" : position === 0 ? "current" : "todo";
            return (
              <li key={stage} className={`step step-${state}`} aria-current={state === "current" ? "step" : undefined}>
                <span className="step-dot" aria-hidden="true" />
                <span className="step-label">{t(`stages.${stage}`)}</span>
                {state === "current" ? <span className="visually-hidden"> ({t("project.currentStage")})</span> : null}
              </li>
            );
          })}
        </ol>
      </section>

      <div className="project-grid">
        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title" className="card-title">
            {t("project.summary")}
          </h2>
          <dl className="facts">
            <div>
              <dt>{t("project.clave")}</dt>
              <dd className="clave">{project.clave}</dd>
            </div>
            <div>
              <dt>{t("project.kind")}</dt>
              <dd>
                <KindLabel kind={project.kind} />
              </dd>
            </div>
            <div>
              <dt>{t("project.stage")}</dt>
              <dd>{t(`stages.${project.stage}`)}</dd>
            </div>
            <div>
              <dt>{t("project.leadOrg")}</dt>
              <dd>{project.leadOrg ? project.leadOrg.name : notSet}</dd>
            </div>
            <div className="facts-wide">
              <dt>{t("project.participatingOrgs")}</dt>
              <dd>
                {project.participatingOrgs.length > 0 ? (
                  <ul className="inline-list">
                    {project.participatingOrgs.map((org) => (
                      <li key={org.id}>
                        <OrgName org={org} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">{t("common.none")}</span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t("project.amount")}</dt>
              <dd className="numeric-value">
                {project.estimatedAmountMxn === null ? notSet : format.mxn(project.estimatedAmountMxn)}
              </dd>
            </div>
            <div>
              <dt>{t("project.evaluationType")}</dt>
              <dd>{project.evaluationType ? t(`evaluationTypes.${project.evaluationType}`) : notSet}</dd>
            </div>
            <div className="facts-wide">
              <dt>{t("project.funding")}</dt>
              <dd>
                {project.funding ? (
                  <ul className="inline-list">
                    {(["federal", "state", "municipal", "private"] as const).map((source) => (
                      <li key={source}>
                        {t(`project.fundingSources.${source}`)} {format.percent(project.funding?.[source] ?? 0)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  notSet
                )}
              </dd>
            </div>
            <div className="facts-wide">
              <dt>{t("project.location")}</dt>
              <dd>{location || notSet}</dd>
            </div>
            <div>
              <dt>{t("project.createdAt")}</dt>
              <dd>
                <time dateTime={project.createdAt}>{format.date(project.createdAt)}</time>
              </dd>
            </div>
            <div>
              <dt>{t("project.updatedAt")}</dt>
              <dd>
                <time dateTime={project.updatedAt}>{format.dateTime(project.updatedAt)}</time>
              </dd>
            </div>
          </dl>
          <h3 className="subheading">{t("project.description")}</h3>
          {project.description ? (
            <p className="description">{project.description}</p>
          ) : (
            <p className="muted">{t("project.noDescription")}</p>
          )}
          <ProjectAlignment alignment={project.alignment} />
        </section>

        <section className="card" aria-labelledby="priority-title">
          <h2 id="priority-title" className="card-title">
            {t("project.priority")}
          </h2>
          {project.priority ? (
            <>
              <p className="priority-headline">
                <span className="priority-big">{Math.round(project.priority.score)}</span>
                <span className="muted"> / 100</span>
                <span className="visually-hidden"> {t("project.priorityScore")}</span>
              </p>
              <PriorityMeter score={project.priority.score} />
              {project.priority.factors.length > 0 ? (
                <table className="table table-compact factors">
                  <caption className="visually-hidden">{t("project.priority")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("project.priorityFactor")}</th>
                      <th scope="col" className="numeric">
                        {t("project.priorityValue")}
                      </th>
                      <th scope="col" className="numeric">
                        {t("project.priorityWeight")}
                      </th>
                      <th scope="col" className="numeric">
                        {t("project.priorityContribution")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {project.priority.factors.map((factor) => (
                      <PriorityFactorRow key={factor.key} factor={factor} />
                    ))}
                  </tbody>
                </table>
              ) : null}
            </>
          ) : (
            <p className="muted">{t("common.notSet")}</p>
          )}
        </section>
      </div>

      <ProjectMembers projectId={project.id} />
      <ProjectDocuments projectId={project.id} />
    </div>
  );
}

const knownFactors = ["social", "economic", "environmental", "alignment", "landUse"] as const;

function PriorityFactorRow({ factor }: { factor: PriorityFactor }) {
  const { t } = useTranslation();
  const format = useFormat();
  const known = knownFactors.find((key) => key === factor.key);
  const label = known ? t(`project.factors.${known}`) : (factor.label ?? factor.key);
  // The land-use factor is a multiplier (×1 or ×0.5) with no weight; the others are 0–5 scores.
  const value =
    factor.weight === null
      ? t("project.priorityMultiplier", { value: format.number(factor.value) })
      : format.number(factor.value);
  const contribution = Math.round(factor.contribution * 10) / 10;
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="numeric">{value}</td>
      <td className="numeric">{factor.weight === null ? "—" : format.percent(factor.weight * 100)}</td>
      <td className="numeric">
        {contribution > 0 ? "+" : ""}
        {format.number(contribution)}
      </td>
    </tr>
  );
}

function ProjectAlignment({ alignment }: { alignment: Project["alignment"] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!alignment) return null;
  const notSet = <span className="muted">{t("common.notSet")}</span>;
  const ratios = (["cos", "cus", "cas"] as const)
    .filter((key) => alignment[key] !== null && alignment[key] !== undefined)
    .map((key) => `${key.toUpperCase()} ${format.number(alignment[key] ?? 0)}`)
    .join(" · ");
  return (
    <>
      <h3 className="subheading">{t("project.alignment")}</h3>
      <dl className="facts">
        <div>
          <dt>{t("project.pmdAxis")}</dt>
          <dd>{alignment.pmdAxis ?? notSet}</dd>
        </div>
        <div>
          <dt>{t("project.governmentProgram")}</dt>
          <dd>{alignment.governmentProgram ?? notSet}</dd>
        </div>
        <div>
          <dt>{t("project.pmduoetZone")}</dt>
          <dd>{alignment.pmduoetZone ?? notSet}</dd>
        </div>
        <div>
          <dt>{t("project.landUse")}</dt>
          <dd>
            {alignment.landUse ? t(`landUse.${alignment.landUse}`) : notSet}
            {ratios ? <span className="muted"> · {ratios}</span> : null}
            {alignment.landUseNote ? <span className="block muted small">{alignment.landUseNote}</span> : null}
          </dd>
        </div>
        <div className="facts-wide">
          <dt>{t("project.ods")}</dt>
          <dd>
            {alignment.ods.length > 0 ? (
              <ul className="inline-list ods-list">
                {alignment.ods.map((goal) => (
                  <li key={goal} className="badge ods-badge">
                    {t("project.ods")} {goal}
                  </li>
                ))}
              </ul>
            ) : (
              notSet
            )}
          </dd>
        </div>
      </dl>
    </>
  );
}

function ProjectMembers({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const members = useApiQuery(`members:${projectId}`, (signal) => api.projects.members(projectId, { signal }));
  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title" className="card-title">
        {t("project.members")}
        {members.data ? <span className="card-title-note"> ({members.data.members.length})</span> : null}
      </h2>
      {members.status === "error" ? (
        <ErrorAlert error={members.error} title={t("project.membersError")} onRetry={members.reload} />
      ) : !members.data ? (
        <LoadingState label={t("common.loading")} />
      ) : members.data.members.length === 0 ? (
        <EmptyState title={t("project.noMembers")} />
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="members-title" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("project.memberName")}</th>
                <th scope="col">{t("project.memberOrg")}</th>
                <th scope="col">{t("project.memberRole")}</th>
              </tr>
            </thead>
            <tbody>
              {members.data.members.map((member) => (
                <tr key={member.userId}>
                  <th scope="row">
                    <span className="member-name">{member.name}</span>
                    {member.email ? <span className="member-email">{member.email}</span> : null}
                  </th>
                  <td>
                    {member.org.name && member.org.name !== member.org.shortName ? (
                      <abbr title={member.org.name}>{member.org.shortName}</abbr>
                    ) : (
                      member.org.shortName
                    )}
                  </td>
                  <td>
                    <RoleBadge role={member.role} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ProjectDocuments({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const documents = useApiQuery(`documents:${projectId}`, (signal) => api.projects.documents(projectId, { signal }));
  return (
    <section className="card" aria-labelledby="documents-title">
      <h2 id="documents-title" className="card-title">
        {t("project.documents")}
      </h2>
      {documents.status === "error" ? (
        <ErrorAlert error={documents.error} title={t("project.documentsError")} onRetry={documents.reload} />
      ) : !documents.data ? (
        <LoadingState label={t("common.loading")} />
      ) : documents.data.documents.length === 0 ? (
        <p className="muted">{t("project.noDocuments")}</p>
      ) : (
        <ul className="document-list">
          {documents.data.documents.map((document) => (
            <li key={document.id}>
              <span className="document-title">{document.title}</span>
              <span className="document-meta">
                <time dateTime={document.createdAt}>{format.date(document.createdAt)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
