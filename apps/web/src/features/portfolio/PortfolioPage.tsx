import "../workspace/strings";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
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
  pendingOnlyFromSearchParams,
  portfolioSearchParams,
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
  const pendingOnly = pendingOnlyFromSearchParams(searchParams);
  const projects = useQuery(queries.projects(filters));
  // Review rounds waiting for the reader, per project: a badge on each, and the «Pendiente para mí» switch.
  const pending = usePendingByProject();
  const orgs = useQuery(queries.orgs());
  const { abilities } = useCurrentUser();
  const [created, setCreated] = useState<Project | null>(null);

  function changeFilters(next: ProjectFilters, nextPendingOnly = pendingOnly) {
    setCreated(null);
    setSearchParams(portfolioSearchParams(next, view, nextPendingOnly));
  }

  function changeView(next: PortfolioView) {
    setSearchParams(portfolioSearchParams(filters, next, pendingOnly));
  }

  function handleCreated(project: Project) {
    setCreated(project);
    // The unfiltered list shows the new row at once (useCreateProject); if filters would hide it, clear them.
    if (hasActiveFilters(filters) || pendingOnly) setSearchParams(portfolioSearchParams({}, view));
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
      ) : view === "board" ? (
        <ProjectBoard projects={list} busy={loading} stage={filters.stage} highlightId={created?.id} pending={pending.counts} />
      ) : (
        <ProjectTable projects={list} busy={loading} highlightId={created?.id} pending={pending.counts} />
      )}
    </div>
  );
}
