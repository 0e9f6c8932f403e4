import "../workspace/strings";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, type Project, type ProjectFilters } from "../../api";
import { Alert, ErrorAlert } from "../../components/Alert";
import { PageHeading } from "../../components/PageHeading";
import { EmptyState, LoadingState } from "../../components/States";
import { useApiQuery } from "../../lib/useApiQuery";
import {
  filtersFromSearchParams,
  hasActiveFilters,
  portfolioSearchParams,
  searchParamsFromFilters,
  viewFromSearchParams,
  type PortfolioView,
} from "./filters";
import { NewProjectDialog } from "./NewProjectDialog";
import { ProjectBoard } from "./ProjectBoard";
import { ProjectFiltersForm } from "./ProjectFiltersForm";
import { ProjectTable } from "./ProjectTable";
import { ViewToggle } from "./ViewToggle";
import "./portfolio.css";

export default function PortfolioPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFromSearchParams(searchParams);
  const view = viewFromSearchParams(searchParams);
  const filterQuery = searchParamsFromFilters(filters).toString();
  const projects = useApiQuery(`projects?${filterQuery}`, (signal) => api.projects.list(filters, { signal }));
  const orgs = useApiQuery("orgs", (signal) => api.orgs.list({ signal }));
  const [created, setCreated] = useState<Project | null>(null);

  function changeFilters(next: ProjectFilters) {
    setCreated(null);
    setSearchParams(portfolioSearchParams(next, view));
  }

  function changeView(next: PortfolioView) {
    setSearchParams(portfolioSearchParams(filters, next));
  }

  function handleCreated(project: Project) {
    setCreated(project);
    // Show the new row at once; if filters would hide it, clear them (which also reloads the list).
    projects.setData((current) => ({
      projects: [project, ...(current?.projects ?? []).filter((p) => p.id !== project.id)],
    }));
    if (hasActiveFilters(filters)) setSearchParams(portfolioSearchParams({}, view));
  }

  const list = projects.data?.projects;
  const filtered = hasActiveFilters(filters);

  return (
    <div className="container page">
      <div className="page-header">
        <div>
          <PageHeading title={t("portfolio.title")}>{t("portfolio.title")}</PageHeading>
          <p className="page-intro">{t("portfolio.intro")}</p>
        </div>
        <div className="page-actions">
          <NewProjectDialog orgs={orgs.data?.orgs} onCreated={handleCreated} />
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
          {projects.status === "loading"
            ? t("portfolio.loading")
            : list
              ? t("portfolio.count", { count: list.length })
              : ""}
        </p>
        <ViewToggle view={view} onChange={changeView} />
      </div>

      {projects.status === "error" ? (
        <ErrorAlert error={projects.error} title={t("portfolio.loadError")} onRetry={projects.reload} />
      ) : list === undefined ? (
        <LoadingState label={t("portfolio.loading")} announce={false} />
      ) : list.length === 0 && projects.status === "success" ? (
        filtered ? (
          <EmptyState title={t("portfolio.empty")}>
            <p>{t("portfolio.emptyHint")}</p>
            <button type="button" className="button button-secondary" onClick={() => changeFilters({})}>
              {t("portfolio.filters.clear")}
            </button>
          </EmptyState>
        ) : (
          <EmptyState title={t("portfolio.emptyAll")}>
            <p>{t("portfolio.emptyAllHint")}</p>
          </EmptyState>
        )
      ) : view === "board" ? (
        <ProjectBoard projects={list} busy={projects.status === "loading"} stage={filters.stage} highlightId={created?.id} />
      ) : (
        <ProjectTable projects={list} busy={projects.status === "loading"} highlightId={created?.id} />
      )}
    </div>
  );
}
