import "./strings";
import { useQuery } from "@tanstack/react-query";
import { Suspense, useEffect, useRef, type KeyboardEvent } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { queries, type Project, type ProjectAbilities } from "../../api";
import { useProjectEvents } from "../../api/events";
import { PageHeading } from "../../components/PageHeading";
import { useScrollCue } from "../../components/useScrollCue";
import { LoadingState } from "../../components/States";
import { PageLoadFailure, PageLoading } from "./PageLoadStates";
import { useCurrentUser } from "../auth/authContext";
import { KindLabel, RoleBadge, StageBadge, stageNumber } from "../projects/ProjectLabels";
import { ActivityPanel } from "./ActivityPanel";
import { Breadcrumbs } from "./Breadcrumbs";
import { DocumentsPanel } from "./DocumentsPanel";
import { MembersPanel } from "./MembersPanel";
import { OverviewPanel } from "./OverviewPanel";
import { StagePanel } from "./StagePanel";
import { ProjectArchiveBar } from "../order/ArchiveBanners";
import "./workspace.css";

// The edit form brings the domain's schemas (zod) and react-hook-form: loaded with its tab.
const EditPanel = lazy(() => import("./EditPanel").then((module) => ({ default: module.EditPanel })));
// Review rounds (features/reviews): their strings and styles load with the tab.
const ReviewsPanel = lazy(() => import("../reviews/ReviewsPanel").then((module) => ({ default: module.ReviewsPanel })));
// The project's territory (features/territory): MapLibre and terra-draw load with the tab.
const TerritoryPanel = lazy(() => import("../territory/TerritoryPanel").then((module) => ({ default: module.TerritoryPanel })));
// The project's follow-up (features/follow-up): its forms and Observable Plot's charts load with the tab.
const FollowUpPanel = lazy(() => import("../follow-up/FollowUpPanel").then((module) => ({ default: module.FollowUpPanel })));

const tabIds = ["overview", "edit", "stage", "members", "documents", "reviews", "follow-up", "territory", "activity"] as const;
type TabId = (typeof tabIds)[number];

function tabAllowed(tab: TabId, can: ProjectAbilities): boolean {
  if (tab === "edit") return can.update;
  if (tab === "activity") return can.readAudit;
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
  const project = useQuery(queries.project(projectId));
  // Live: changes by others (fields, stage, members, documents, activity) refresh what is shown.
  useProjectEvents(projectId || undefined);

  if (project.isError && !project.data) {
    return (
      <PageLoadFailure
        error={project.error}
        onRetry={() => void project.refetch()}
        text={{ notFound: t("workspace.notFound"), notFoundHint: t("workspace.notFoundHint"), loadError: t("workspace.loadError") }}
      />
    );
  }
  if (!project.data) return <PageLoading label={t("workspace.loading")} />;
  // Changes made in the tabs write the server's answer into the cached project, which re-renders this.
  return <Workspace project={project.data} />;
}

function Workspace({ project }: { project: Project }) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const user = useCurrentUser();
  const can = project.abilities;
  const [searchParams, setSearchParams] = useSearchParams();
  const visibleTabs = tabIds.filter((tab) => tabAllowed(tab, can));
  const requested = tabIds.find((tab) => tab === searchParams.get("tab"));
  const current: TabId = requested && visibleTabs.includes(requested) ? requested : "overview";
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());
  const { attach: tabsScroller, frame: tabsFrame } = useScrollCue<HTMLDivElement>(`${visibleTabs.join()} ${tApp("language.label")}`);
  // On a phone the tabs scroll sideways: the open one (a deep link to ?tab=reviews) is brought into view.
  useEffect(() => {
    const tab = tabRefs.current.get(current);
    const list = tab?.parentElement;
    if (!tab || !list) return;
    const [box, frame] = [tab.getBoundingClientRect(), list.getBoundingClientRect()];
    if (box.left < frame.left || box.right > frame.right) list.scrollLeft += box.left - frame.left - (frame.width - box.width) / 2;
  }, [current]);

  function select(tab: TabId, focus = false) {
    const next = new URLSearchParams(searchParams);
    if (tab === "overview") next.delete("tab");
    else next.set("tab", tab);
    // Applied with the click (see PortfolioPage: the data router would otherwise apply it in a transition).
    setSearchParams(next, { replace: true, flushSync: true });
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
      <ProjectArchiveBar project={project} />

      {/* A shadow on the edge where more tabs are hidden (phones, and English's longer names). */}
      <div className="scroll-cue tabs-frame" {...tabsFrame}>
        <div ref={tabsScroller} role="tablist" aria-label={t("workspace.sections")} className="tabs" onKeyDown={handleKeyDown}>
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
      </div>

      <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} tabIndex={0} className="tab-panel">
        {current === "overview" ? (
          <OverviewPanel project={project} canEdit={can.update} onEdit={() => select("edit", true)} onOpenFollowUp={() => select("follow-up", true)} />
        ) : current === "edit" ? (
          <Suspense fallback={<LoadingState label={tApp("common.loading")} />}>
            <EditPanel project={project} onDone={() => select("overview", true)} />
          </Suspense>
        ) : current === "stage" ? (
          <StagePanel project={project} canChange={can.changeStage} />
        ) : current === "members" ? (
          <MembersPanel project={project} canManage={can.manageMembers} />
        ) : current === "documents" ? (
          <DocumentsPanel project={project} canCreate={can.createDocument} canRename={can.renameDocument} />
        ) : current === "follow-up" ? (
          <Suspense fallback={<LoadingState label={tApp("common.loading")} />}>
            <FollowUpPanel projectId={project.id} />
          </Suspense>
        ) : current === "territory" ? (
          <Suspense fallback={<LoadingState label={tApp("common.loading")} />}>
            <TerritoryPanel project={project} />
          </Suspense>
        ) : current === "reviews" ? (
          <Suspense fallback={<LoadingState label={tApp("common.loading")} />}>
            <ReviewsPanel projectId={project.id} canSubmit={can.submitReview} />
          </Suspense>
        ) : (
          <ActivityPanel project={project} />
        )}
      </div>
    </div>
  );
}
