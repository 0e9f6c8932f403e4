import "../workspace/strings";
import { useQuery } from "@tanstack/react-query";
import { Suspense, useState } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { queries, type Project, type ProjectFilters } from "../../api";
import { Alert, ErrorAlert } from "../../components/Alert";
import { PageHeading } from "../../components/PageHeading";
import { EmptyState, LoadingState } from "../../components/States";
import { useCurrentUser } from "../auth/authContext";
import { PendingOnlyToggle, usePendingByProject } from "../reviews/PendingBadge";
import {
  filtersFromSearchParams,
  hasActiveFilters,
  nextSort,
  pendingOnlyFromSearchParams,
  portfolioSearchParams,
  sortFromSearchParams,
  sortProjects,
  viewFromSearchParams,
  type PortfolioView,
  type SortColumn,
} from "./filters";
import { NewProjectDialog } from "./NewProjectDialog";
import { ProjectBoard } from "./ProjectBoard";
import { ProjectFiltersForm } from "./ProjectFiltersForm";
import { ProjectTable } from "./ProjectTable";
import { ViewToggle } from "./ViewToggle";

/**
 * The filters, the view and the sort live in the URL. The data router applies a navigation in a
 * transition, after the click: a checkbox or sort header bound to the URL would show its old state
 * for a moment (and a screen reader would announce it). `flushSync` applies it with the click.
 */
const SYNC = { flushSync: true } as const;
import "./portfolio.css";

// The map view brings MapLibre (its own chunk, with its CSS and worker): loaded only when chosen.
const PortfolioMap = lazy(() => import("../territory/PortfolioMap"));
// The dashboard brings Observable Plot (its own chunk): loaded only when chosen.
const PortfolioDashboard = lazy(() => import("../dashboard/DashboardView"));

export default function PortfolioPage() {
  const { t, i18n } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFromSearchParams(searchParams);
  const view = viewFromSearchParams(searchParams);
  const pendingOnly = pendingOnlyFromSearchParams(searchParams);
  const sort = sortFromSearchParams(searchParams);
  const projects = useQuery(queries.projects(filters));
  // Review rounds waiting for the reader, per project: a badge on each, and the «Pendiente para mí» switch.
  const pending = usePendingByProject();
  const orgs = useQuery(queries.orgs());
  const { abilities } = useCurrentUser();
  const [created, setCreated] = useState<Project | null>(null);

  function changeFilters(next: ProjectFilters, nextPendingOnly = pendingOnly) {
    setCreated(null);
    setSearchParams(portfolioSearchParams(next, view, nextPendingOnly, sort), SYNC);
  }

  function changeView(next: PortfolioView) {
    setSearchParams(portfolioSearchParams(filters, next, pendingOnly, sort), SYNC);
  }

  // The table's sort lives in the URL with the filters (replacing the entry: sorting is no page to go back to).
  function changeSort(column: SortColumn) {
    setSearchParams(portfolioSearchParams(filters, view, pendingOnly, nextSort(sort, column)), { replace: true, ...SYNC });
  }

  function handleCreated(project: Project) {
    setCreated(project);
    // The unfiltered list shows the new row at once (useCreateProject); if filters would hide it, clear them.
    if (hasActiveFilters(filters) || pendingOnly) setSearchParams(portfolioSearchParams({}, view), SYNC);
  }

  const list = pendingOnly ? projects.data?.projects.filter((project) => (pending.counts.get(project.id) ?? 0) > 0) : projects.data?.projects;
  const filtered = hasActiveFilters(filters) || pendingOnly;
  // Loading: nothing yet, or the previous filters' rows shown while the new ones arrive.
  const loading = projects.isPending || projects.isPlaceholderData;

  return (
    <div className="container page">
      <div className="page-header">
        <div>
          <PageHeading title={t("portfolio.title")}>{t("portfolio.title")}</PageHeading>
          <p className="page-intro">{t("portfolio.intro")}</p>
        </div>
        <div className="page-actions">
          {abilities.createProject ? <NewProjectDialog orgs={orgs.data?.orgs} onCreated={handleCreated} /> : null}
        </div>
      </div>

      {created ? (
        <Alert tone="success" title={t("portfolio.created", { clave: created.clave, name: created.name })}>
          <Link to={`/projects/${encodeURIComponent(created.id)}`}>{t("portfolio.openCreated")}</Link>
        </Alert>
      ) : null}

      <ProjectFiltersForm filters={filters} orgs={orgs.data?.orgs} onChange={changeFilters} />

      <div className="results-bar">
        <p className="results-count" role="status">
          {loading
            ? t("portfolio.loading")
            : list
              ? t("portfolio.count", { count: list.length })
              : ""}
        </p>
        <div className="results-tools">
          <PendingOnlyToggle
            checked={pendingOnly}
            total={pending.loaded ? [...pending.counts.values()].reduce((a, b) => a + b, 0) : null}
            onChange={(checked) => changeFilters(filters, checked)}
          />
          <ViewToggle view={view} onChange={changeView} />
        </div>
      </div>

      {projects.isError ? (
        <ErrorAlert error={projects.error} title={t("portfolio.loadError")} onRetry={() => void projects.refetch()} />
      ) : list === undefined ? (
        <LoadingState label={t("portfolio.loading")} announce={false} />
      ) : list.length === 0 && !loading ? (
        filtered ? (
          <EmptyState title={t("portfolio.empty")}>
            <p>{t("portfolio.emptyHint")}</p>
            <button type="button" className="button button-secondary" onClick={() => changeFilters({}, false)}>
              {t("portfolio.filters.clear")}
            </button>
          </EmptyState>
        ) : (
          <EmptyState title={t("portfolio.emptyAll")}>
            <p>{t("portfolio.emptyAllHint")}</p>
          </EmptyState>
        )
      ) : view === "dashboard" ? (
        <Suspense fallback={<LoadingState label={t("portfolio.loading")} />}>
          <PortfolioDashboard filters={filters} />
        </Suspense>
      ) : view === "map" ? (
        <Suspense fallback={<LoadingState label={t("portfolio.loading")} />}>
          <PortfolioMap projects={list} busy={loading} />
        </Suspense>
      ) : view === "board" ? (
        <ProjectBoard projects={list} busy={loading} stage={filters.stage} highlightId={created?.id} pending={pending.counts} />
      ) : (
        <ProjectTable
          projects={sortProjects(list, sort, i18n.language, (kind) => t(`kinds.${kind}`))}
          busy={loading}
          highlightId={created?.id}
          pending={pending.counts}
          sort={sort}
          onSort={changeSort}
        />
      )}
    </div>
  );
}
