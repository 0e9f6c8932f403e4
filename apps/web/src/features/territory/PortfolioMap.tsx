// The portfolio's «Mapa» view (?view=map): the same filtered projects as the table and the board,
// on the map over the territorial layers (points clustered, lines and polygons drawn, coloured by
// stage or priority, with a legend), the layers toggleable, a click opening a project card; and
// below, the same projects as a table with their microregion, zones and computed compatibility —
// plus those without a location («Sin ubicación») — for keyboard and screen-reader users.
import "./strings";
import { useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Project } from "../../api";
import { layerKinds, type LayerKind } from "../../api/territory";
import { Alert } from "../../components/Alert";
import { TableHead, TableScroll } from "../../components/Lists";
import { PriorityMeter, StageBadge } from "../projects/ProjectLabels";
import { boundsOf, type Bounds } from "./geometry";
import { PHASE_COLOURS, PHASES, PRIORITY_COLOURS, PRIORITY_LEVELS, projectCollections, type ColourBy } from "./mapStyle";
import { CompatibilityBadge, LayerSwatch, territoryOf } from "./TerritoryLabels";
import { TerritoryMap } from "./TerritoryMap";
import { useCurrentLayers, useMapStyleUrl } from "./useLayers";
import "./territory.css";

export default function PortfolioMap({ projects, busy }: { projects: Project[]; busy: boolean }) {
  const { t } = useTranslation("territory");
  const { layers, summaries, error: layersError } = useCurrentLayers();
  const style = useMapStyleUrl();
  const [colourBy, setColourBy] = useState<ColourBy>("stage");
  const [hiddenKinds, setHiddenKinds] = useState<ReadonlySet<LayerKind>>(new Set());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focusOn, setFocusOn] = useState<{ id: string; n: number } | null>(null);
  const cardRef = useRef<HTMLElement>(null);
  const mapRef = useRef<HTMLDivElement>(null);
  const listTitleId = useId();
  const unlocatedId = useId();

  const located = projects.filter((project) => project.location?.geometry);
  const unlocated = projects.filter((project) => !project.location?.geometry);
  const collections = useMemo(() => projectCollections(projects), [projects]);
  const visibleKinds = useMemo(() => new Set(layerKinds.filter((kind) => !hiddenKinds.has(kind))), [hiddenKinds]);
  const selected = projects.find((project) => project.id === selectedId) ?? null;

  // The first view: every layer and every listed project; «Ver en el mapa» moves to one project.
  const focused = focusOn ? projects.find((project) => project.id === focusOn.id)?.location?.geometry : null;
  const bounds: Bounds | null = focused
    ? boundsOf([focused])
    : boundsOf([...layers.flatMap(({ data }) => data.features.map((feature) => feature.geometry)), ...located.map((project) => project.location!.geometry!)]);
  const fitKey = focusOn ? `project:${focusOn.id}:${focusOn.n}` : `all:${layers.map(({ layer }) => layer.id).join(",")}:${bounds ? "b" : "-"}`;

  function showOnMap(projectId: string) {
    setSelectedId(projectId);
    setFocusOn((current) => ({ id: projectId, n: (current?.n ?? 0) + 1 }));
    mapRef.current?.scrollIntoView({ block: "nearest" });
    // The card takes the focus, so keyboard users land on what was opened.
    requestAnimationFrame(() => cardRef.current?.focus());
  }

  function toggleKind(kind: LayerKind, shown: boolean) {
    setHiddenKinds((current) => {
      const next = new Set(current);
      if (shown) next.delete(kind);
      else next.add(kind);
      return next;
    });
  }

  const kindsPresent = new Set(summaries.map((layer) => layer.kind));

  return (
    <section className="portfolio-map" aria-busy={busy || undefined}>
      <div className="map-layout">
        <div className="map-controls" role="group" aria-label={t("portfolio.controls")}>
          <fieldset className="map-fieldset">
            <legend>{t("portfolio.colourBy")}</legend>
            <div className="map-radios">
              {(["stage", "priority"] as const).map((value) => (
                <label key={value} className="map-radio">
                  <input type="radio" name="map-colour" value={value} checked={colourBy === value} onChange={() => setColourBy(value)} />
                  {t(value === "stage" ? "portfolio.byStage" : "portfolio.byPriority")}
                </label>
              ))}
            </div>
            <ul className="map-legend" aria-label={t("portfolio.legend")}>
              {colourBy === "stage"
                ? PHASES.map((phase) => (
                    <li key={phase}>
                      <span className="legend-dot" style={{ background: PHASE_COLOURS[phase] }} aria-hidden="true" />
                      {t(`portfolio.phases.${phase}`)}
                    </li>
                  ))
                : PRIORITY_LEVELS.map((level) => (
                    <li key={level}>
                      <span className="legend-dot" style={{ background: PRIORITY_COLOURS[level] }} aria-hidden="true" />
                      {t(`portfolio.priorityLevels.${level}`)}
                    </li>
                  ))}
              <li>
                <span className="legend-dot legend-cluster" aria-hidden="true" />
                {t("portfolio.cluster")}
              </li>
            </ul>
          </fieldset>
          <fieldset className="map-fieldset">
            <legend>{t("portfolio.layers")}</legend>
            {layersError ? <p className="field-error">{t("map.layersError")}</p> : null}
            {!layersError && summaries.length === 0 ? <p className="muted">{t("map.noLayers")}</p> : null}
            <ul className="map-layer-list">
              {layerKinds
                .filter((kind) => kindsPresent.has(kind))
                .map((kind) => (
                  <li key={kind}>
                    <label className="map-check">
                      <input type="checkbox" checked={!hiddenKinds.has(kind)} onChange={(event) => toggleKind(kind, event.target.checked)} />
                      <LayerSwatch kind={kind} />
                      {t(`layerKinds.${kind}`)}
                    </label>
                  </li>
                ))}
            </ul>
          </fieldset>
        </div>

        <div className="map-main" ref={mapRef}>
          {style.ready ? (
            <TerritoryMap
              description={t("portfolio.description", { count: located.length })}
              layers={layers}
              visibleKinds={visibleKinds}
              projects={collections}
              colourBy={colourBy}
              bounds={bounds}
              fitKey={fitKey}
              // On wide screens the project card covers the map's left side: the project is shown beside it.
              fitPadding={focusOn && cardBeside() ? { top: 48, right: 48, bottom: 48, left: 400 } : 48}
              styleUrl={style.url}
              onProjectClick={setSelectedId}
              className="portfolio-map-canvas"
            />
          ) : (
            <div className="territory-map portfolio-map-canvas" data-map-state="loading" />
          )}
          <div aria-live="polite">
            {selected ? (
              <article ref={cardRef} className="map-card" tabIndex={-1} aria-labelledby={`map-card-${selected.id}`}>
                <div className="map-card-header">
                  <p className="map-card-kicker">
                    {t("portfolio.card")} · <span className="clave">{selected.clave}</span>
                  </p>
                  <button type="button" className="button button-icon-only" aria-label={t("portfolio.closeCard")} onClick={() => setSelectedId(null)}>
                    <span aria-hidden="true">×</span>
                  </button>
                </div>
                <h2 id={`map-card-${selected.id}`} className="map-card-title">
                  {selected.name}
                </h2>
                <dl className="map-card-facts">
                  <div>
                    <dt>{t("columns.stage")}</dt>
                    <dd>
                      <StageBadge stage={selected.stage} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t("columns.priority")}</dt>
                    <dd>
                      <PriorityMeter score={selected.priority.score} evaluated={selected.priority.evaluated} />
                    </dd>
                  </div>
                  <ProjectTerritoryFacts project={selected} />
                </dl>
                <Link className="button button-secondary" to={`/projects/${encodeURIComponent(selected.id)}?tab=territory`}>
                  {t("portfolio.open")}
                </Link>
              </article>
            ) : null}
          </div>
        </div>
      </div>

      <h2 id={listTitleId} className="map-section-title">
        {t("portfolio.listTitle")}
      </h2>
      <p className="muted map-list-intro">{t("portfolio.listIntro")}</p>
      {located.length === 0 ? (
        <Alert tone="info" title={t("portfolio.noneLocated")} />
      ) : (
        <TableScroll labelledBy={listTitleId}>
          <table className="table map-projects-table">
            <caption className="visually-hidden">{t("portfolio.listTitle")}</caption>
            <TableHead
              columns={[t("columns.project"), t("columns.stage"), { numeric: t("columns.priority") }, t("columns.microregions"), t("columns.zones"), t("columns.compatibility"), <span className="visually-hidden">{t("columns.actions")}</span>]}
            />
            <tbody>
              {located.map((project) => (
                <ProjectRow key={project.id} project={project} selected={project.id === selectedId} onShow={() => showOnMap(project.id)} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      {unlocated.length > 0 ? (
        <section className="map-unlocated" aria-labelledby={unlocatedId}>
          <h2 id={unlocatedId} className="map-section-title">
            {t("portfolio.unlocated")} ({unlocated.length})
          </h2>
          <p className="muted">{t("portfolio.unlocatedIntro", { count: unlocated.length })}</p>
          <ul className="map-unlocated-list">
            {unlocated.map((project) => (
              <li key={project.id}>
                <span className="clave">{project.clave}</span> <Link to={`/projects/${encodeURIComponent(project.id)}?tab=territory`}>{project.name}</Link>{" "}
                <StageBadge stage={project.stage} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

/** The card sits over the map (not below it) at widths where the layout has the controls beside the map. */
function cardBeside(): boolean {
  return window.matchMedia("(min-width: 901px)").matches;
}

function ProjectTerritoryFacts({ project }: { project: Project }) {
  const { t } = useTranslation("territory");
  const territory = territoryOf(project);
  return (
    <>
      <div>
        <dt>{t("columns.microregions")}</dt>
        <dd>{territory && territory.microregions.length > 0 ? territory.microregions.join(", ") : <span className="muted">{t("panel.none")}</span>}</dd>
      </div>
      <div>
        <dt>{t("columns.compatibility")}</dt>
        <dd>
          <CompatibilityBadge value={territory?.compatibility ?? null} />
          {territory?.decidedBy ? <span className="map-decided"> · {territory.decidedBy}</span> : null}
        </dd>
      </div>
    </>
  );
}

function ProjectRow({ project, selected, onShow }: { project: Project; selected: boolean; onShow: () => void }) {
  const { t } = useTranslation("territory");
  const territory = territoryOf(project);
  const none = <span className="muted">{t("panel.none")}</span>;
  return (
    <tr className={selected ? "row-highlight" : undefined}>
      <th scope="row" className="project-name">
        <span className="clave">{project.clave}</span> <Link to={`/projects/${encodeURIComponent(project.id)}?tab=territory`}>{project.name}</Link>
        <span className="map-geometry-type"> · {t(`portfolio.geometryTypes.${project.location!.geometry!.type}`)}</span>
      </th>
      <td>
        <StageBadge stage={project.stage} />
      </td>
      <td className="numeric">
        <PriorityMeter score={project.priority.score} evaluated={project.priority.evaluated} />
      </td>
      <td>{territory && territory.microregions.length > 0 ? territory.microregions.join(", ") : none}</td>
      <td>
        {territory && territory.zones.length > 0 ? (
          <ul className="map-zone-list">
            {territory.zones.map((zone) => (
              <li key={zone.name}>
                {zone.name}: <CompatibilityBadge value={zone.compatibility} />
              </li>
            ))}
          </ul>
        ) : (
          none
        )}
      </td>
      <td>
        <CompatibilityBadge value={territory?.compatibility ?? null} />
        {territory?.decidedBy ? <div className="map-decided">{t("portfolio.decidedShort", { zone: territory.decidedBy })}</div> : null}
      </td>
      <td>
        <button type="button" className="button button-secondary button-small" onClick={onShow} aria-label={`${t("portfolio.showOnMap")}: ${project.name}`}>
          {t("portfolio.showOnMap")}
        </button>
      </td>
    </tr>
  );
}
