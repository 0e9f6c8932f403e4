import "./strings";
import { useRef, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { api, type Project } from "../../api";
import { PageHeading } from "../../components/PageHeading";
import { useApiQuery } from "../../lib/useApiQuery";
import { PageLoadFailure, PageLoading } from "./PageLoadStates";
import { useCurrentUser } from "../auth/authContext";
import { KindLabel, RoleBadge, StageBadge, stageNumber } from "../projects/ProjectLabels";
import { ActivityPanel } from "./ActivityPanel";
import { Breadcrumbs } from "./Breadcrumbs";
import { DocumentsPanel } from "./DocumentsPanel";
import { EditPanel } from "./EditPanel";
import { MembersPanel } from "./MembersPanel";
import { OverviewPanel } from "./OverviewPanel";
import { permissionsFor, type WorkspacePermissions } from "./permissions";
import { StagePanel } from "./StagePanel";
import "./workspace.css";

const tabIds = ["overview", "edit", "stage", "members", "documents", "activity"] as const;
type TabId = (typeof tabIds)[number];

function tabAllowed(tab: TabId, can: WorkspacePermissions): boolean {
  if (tab === "edit") return can.edit;
  if (tab === "activity") return can.readActivity;
  return true;
}

/**
 * The project workspace (/projects/:projectId): header and tabs for overview, edit, stage,
 * members, documents and activity. The open tab lives in the URL (?tab=members), so it survives
 * a reload and can be shared.
 */
export default function WorkspacePage() {
  const { projectId = "" } = useParams();
  const { t } = useTranslation("workspace");
  const project = useApiQuery(`project:${projectId}`, (signal) => api.projects.get(projectId, { signal }));

  if (project.status === "error" && !project.data) {
    return (
      <PageLoadFailure
        error={project.error}
        onRetry={project.reload}
        text={{ notFound: t("workspace.notFound"), notFoundHint: t("workspace.notFoundHint"), loadError: t("workspace.loadError") }}
      />
    );
  }
  if (!project.data) return <PageLoading label={t("workspace.loading")} />;
  return <Workspace project={project.data} onProjectChange={(next) => project.setData(() => next)} onReload={project.reload} />;
}

function Workspace({
  project,
  onProjectChange,
  onReload,
}: {
  project: Project;
  onProjectChange: (project: Project) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const user = useCurrentUser();
  const can = permissionsFor(project.myRole, user.isAdmin);
  const [searchParams, setSearchParams] = useSearchParams();
  const visibleTabs = tabIds.filter((tab) => tabAllowed(tab, can));
  const requested = tabIds.find((tab) => tab === searchParams.get("tab"));
  const current: TabId = requested && visibleTabs.includes(requested) ? requested : "overview";
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());

  function select(tab: TabId, focus = false) {
    const next = new URLSearchParams(searchParams);
    if (tab === "overview") next.delete("tab");
    else next.set("tab", tab);
    setSearchParams(next, { replace: true });
    if (focus) tabRefs.current.get(tab)?.focus();
  }

  // WAI-ARIA tabs: arrows move between tabs (wrapping), Home/End jump; selection follows focus.
  function handleKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // Start from the focused tab (the URL update may still be in flight after a fast key repeat).
    const focused = visibleTabs.find((tab) => tabRefs.current.get(tab) === event.target);
    const index = visibleTabs.indexOf(focused ?? current);
    let nextIndex: number | undefined;
    if (event.key === "ArrowRight") nextIndex = (index + 1) % visibleTabs.length;
    else if (event.key === "ArrowLeft") nextIndex = (index - 1 + visibleTabs.length) % visibleTabs.length;
    else if (event.key === "Home") nextIndex = 0;
    else if (event.key === "End") nextIndex = visibleTabs.length - 1;
    const nextTab = nextIndex === undefined ? undefined : visibleTabs[nextIndex];
    if (!nextTab) return;
    event.preventDefault();
    select(nextTab, true);
  }

  return (
    <div className="container page workspace">
      <Breadcrumbs items={[{ label: project.clave }]} />
      <header className="workspace-header">
        <p className="workspace-clave">{project.clave}</p>
        <PageHeading title={`${project.clave} · ${project.name}`}>{project.name}</PageHeading>
        <ul className="workspace-tags" aria-label={t("workspace.summary")}>
          <li>
            <span className="visually-hidden">{t("fields.kind")}: </span>
            <span className="badge kind-badge">
              <KindLabel kind={project.kind} />
            </span>
          </li>
          <li>
            <span className="visually-hidden">{t("fields.stage")}: </span>
            <StageBadge stage={project.stage} />
            <span className="tag-note">{t("stage.progress", { current: stageNumber(project.stage), total: 9 })}</span>
          </li>
          <li className="workspace-role">
            <span className="tag-note">{t("workspace.myRole")}</span>
            {project.myRole ? (
              <RoleBadge role={project.myRole} />
            ) : (
              <span className="badge role-badge">{user.isAdmin ? t("workspace.adminNotMember") : tApp("common.notSet")}</span>
            )}
          </li>
        </ul>
      </header>

      <div role="tablist" aria-label={t("workspace.sections")} className="tabs" onKeyDown={handleKeyDown}>
        {visibleTabs.map((tab) => (
          <button
            key={tab}
            ref={(element) => {
              if (element) tabRefs.current.set(tab, element);
              else tabRefs.current.delete(tab);
            }}
            type="button"
            role="tab"
            id={`tab-${tab}`}
            aria-selected={tab === current}
            aria-controls={tab === current ? `panel-${tab}` : undefined}
            tabIndex={tab === current ? 0 : -1}
            className="tab"
            onClick={() => select(tab)}
          >
            {t(`tabs.${tab}`)}
          </button>
        ))}
      </div>

      <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} tabIndex={0} className="tab-panel">
        {current === "overview" ? (
          <OverviewPanel project={project} canEdit={can.edit} onEdit={() => select("edit", true)} />
        ) : current === "edit" ? (
          <EditPanel project={project} onSaved={onProjectChange} onDone={() => select("overview", true)} />
        ) : current === "stage" ? (
          <StagePanel project={project} canChange={can.changeStage} onChanged={onProjectChange} onReload={onReload} />
        ) : current === "members" ? (
          <MembersPanel project={project} canManage={can.manageMembers} />
        ) : current === "documents" ? (
          <DocumentsPanel project={project} canCreate={can.createDocuments} canRename={can.renameDocuments} />
        ) : (
          <ActivityPanel project={project} />
        )}
      </div>
    </div>
  );
}
