// The workspace's «Territorio» tab (?tab=territory): the project's location on the map over the
// current layers; owners and editors draw or edit it (point, line or polygon with terra-draw, or
// typed coordinates / pasted GeoJSON as the keyboard alternative) and save it; the land-use
// category; and the territory the server computed from the saved location — microregions, zones
// with each one's compatibility, reserves, infrastructure, the project's compatibility and the
// zone that decided it — with the priority whose land-use factor it feeds.
import "./strings";
import type { Map as MapLibreMap } from "maplibre-gl";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useUpdateProject, type Project } from "../../api";
import { defaultLandUseByKind, landUses, type Geometry, type LandUse } from "../../api/territory";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { TableHead, TableScroll } from "../../components/Lists";
import { useFormat } from "../../i18n/format";
import { PriorityFactorsTable } from "../workspace/PriorityBreakdown";
import { boundsOf, describeGeometry, parseGeometryText, sameGeometry, type GeometryTextError } from "./geometry";
import { CompatibilityBadge, territoryOf } from "./TerritoryLabels";
import { TerritoryMap } from "./TerritoryMap";
import { isDrawable, useGeometryDraw, type DrawMode } from "./useGeometryDraw";
import { useCurrentLayers, useMapStyleUrl } from "./useLayers";
import "./territory.css";

export function TerritoryPanel({ project }: { project: Project }) {
  const { t } = useTranslation("territory");
  const canEdit = project.abilities.update;
  const saved = project.location?.geometry ?? null;
  // undefined: no change since the saved location (null: the location is removed).
  const [draft, setDraft] = useState<Geometry | null | undefined>(undefined);
  const current = draft === undefined ? saved : draft;
  const dirty = draft !== undefined && !sameGeometry(draft, saved);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [justSaved, setJustSaved] = useState(false);
  const [fitN, setFitN] = useState(0);
  const { layers } = useCurrentLayers();
  const style = useMapStyleUrl();
  const update = useUpdateProject(project.id);

  const draw = useGeometryDraw({
    map,
    enabled: canEdit,
    geometry: current,
    onChange: (geometry) => {
      setJustSaved(false);
      setDraft(geometry);
    },
  });

  // What the map looks at: the location (saved or being drawn) when there is one, else every layer.
  const located = saved ? boundsOf([saved]) : null;
  const bounds = located ?? boundsOf(layers.flatMap(({ data }) => data.features.map((feature) => feature.geometry)));
  const fitKey = `${located ? JSON.stringify(located) : `layers:${layers.length}`}:${fitN}`;
  // Read-only readers see the saved location as a plain layer; editors see it in the drawing tools,
  // except locations of several parts (Multi*), which terra-draw does not edit.
  const highlight = !canEdit || !draw.ready || !isDrawable(current) ? current : null;

  function save() {
    if (!dirty) return;
    update.mutate(
      { location: { microregion: project.location?.microregion ?? null, colonia: project.location?.colonia ?? null, geometry: draft ?? null } },
      {
        onSuccess: () => {
          setDraft(undefined);
          setJustSaved(true);
        },
      },
    );
  }

  function discard() {
    setDraft(undefined);
    setJustSaved(false);
    update.reset();
    draw.setMode("static");
    setFitN((n) => n + 1);
  }

  return (
    <div className="territory-panel">
      <p className="page-intro">{t("panel.intro")}</p>
      <div className="territory-grid">
        <section className="card territory-map-card" aria-labelledby="territory-location-title">
          <h2 id="territory-location-title" className="card-title">
            {canEdit ? t("panel.drawTools") : t("panel.title")}
          </h2>
          {canEdit ? <DrawToolbar
              mode={draw.mode}
              ready={draw.ready}
              hasGeometry={current !== null}
              editable={isDrawable(current)}
              onMode={draw.setMode}
              onClear={() => setDraft(null)}
            /> : null}
          {style.ready ? (
            <TerritoryMap
              description={t("panel.mapDescription")}
              layers={layers}
              highlight={highlight}
              bounds={bounds}
              fitKey={fitKey}
              styleUrl={style.url}
              onMap={setMap}
              className="territory-panel-map"
            />
          ) : (
            <div className="territory-map territory-panel-map" data-map-state="loading" />
          )}
          <p className="territory-location-now">
            {saved ? <GeometrySummary geometry={saved} /> : <span className="muted">{t("panel.noGeometry")}</span>}
          </p>
          {canEdit && current && !isDrawable(current) ? <p className="muted">{t("panel.multiReadOnly", { type: current.type })}</p> : null}

          {canEdit ? (
            <>
              <CoordinatesForm
                onUse={(geometry) => {
                  setJustSaved(false);
                  setDraft(geometry);
                  setFitN((n) => n + 1);
                }}
              />
              <div className="territory-save-status">
                {dirty ? <Alert tone="info" title={draft === null ? t("panel.willClear") : t("panel.unsaved")} /> : null}
                {justSaved && !dirty ? <Alert tone="success" title={t("panel.saved")} /> : null}
              </div>
              {update.isError ? <ErrorAlert error={update.error} /> : null}
              <div className="form-actions territory-save-actions">
                <button type="button" className="button button-primary" disabled={!dirty || update.isPending} onClick={save}>
                  {update.isPending ? t("panel.saving") : t("panel.save")}
                </button>
                <button type="button" className="button button-secondary" disabled={!dirty || update.isPending} onClick={discard}>
                  {t("panel.discard")}
                </button>
              </div>
            </>
          ) : null}
        </section>

        <div className="territory-side">
          <LandUseCard project={project} canEdit={canEdit} />
          <ComputedTerritory project={project} />
          <section className="card" aria-labelledby="territory-priority-title">
            <h2 id="territory-priority-title" className="card-title">
              {t("panel.priority")}
            </h2>
            <LandUseFactorNote project={project} />
            <PriorityFactorsTable priority={project.priority} />
          </section>
        </div>
      </div>
    </div>
  );
}

function GeometrySummary({ geometry }: { geometry: Geometry }) {
  const { t } = useTranslation("territory");
  const format = useFormat();
  const coordinate = (n: number) => format.number(Math.round(n * 1e5) / 1e5);
  return <>{t("panel.current", { geometry: describeGeometry(geometry, t(`portfolio.geometryTypes.${geometry.type}`), coordinate) })}</>;
}

function DrawToolbar({
  mode,
  ready,
  hasGeometry,
  editable,
  onMode,
  onClear,
}: {
  mode: DrawMode;
  ready: boolean;
  hasGeometry: boolean;
  /** The location is one terra-draw can edit (not Multi*). */
  editable: boolean;
  onMode: (mode: DrawMode) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation("territory");
  const hintId = useId();
  const tools: { mode: DrawMode; label: string; icon: string }[] = [
    { mode: "point", label: t("panel.point"), icon: "M12 21s-6-5.3-6-10a6 6 0 1 1 12 0c0 4.7-6 10-6 10zm0-8a2 2 0 1 0 0-4 2 2 0 0 0 0 4z" },
    { mode: "linestring", label: t("panel.line"), icon: "M4 18 10 8l4 6 6-9" },
    { mode: "polygon", label: t("panel.polygon"), icon: "M5 8l7-4 7 5-2 9H7z" },
    { mode: "select", label: t("panel.edit"), icon: "M5 3l12 8-5 1 3 6-2 1-3-6-4 4z" },
  ];
  return (
    <div className="draw-toolbar-wrap">
      <div className="draw-toolbar" role="toolbar" aria-label={t("panel.drawTools")} aria-describedby={hintId}>
        {tools.map((tool) => (
          <button
            key={tool.mode}
            type="button"
            className="draw-tool"
            aria-pressed={mode === tool.mode}
            disabled={!ready || (tool.mode === "select" && !editable)}
            onClick={() => onMode(mode === tool.mode ? "static" : tool.mode)}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="draw-icon">
              <path d={tool.icon} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round" />
            </svg>
            {tool.label}
          </button>
        ))}
        <button type="button" className="draw-tool draw-tool-danger" disabled={!hasGeometry} onClick={onClear}>
          {t("panel.clear")}
        </button>
      </div>
      <p id={hintId} className="draw-hint">
        {t(`panel.hints.${mode}`)}
      </p>
    </div>
  );
}

function CoordinatesForm({ onUse }: { onUse: (geometry: Geometry) => void }) {
  const { t } = useTranslation("territory");
  const [text, setText] = useState("");
  const [error, setError] = useState<GeometryTextError | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = parseGeometryText(text);
    if ("error" in result) {
      setError(result.error);
      return;
    }
    setError(null);
    onUse(result.geometry);
  }

  return (
    <form className="coordinates-form" onSubmit={submit} noValidate>
      <Field label={t("panel.coordinates")} hint={t("panel.coordinatesHint")} error={error ? t(`panel.coordinatesErrors.${error}`) : undefined}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            spellCheck={false}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
            }}
          />
        )}
      </Field>
      <button type="submit" className="button button-secondary">
        {t("panel.useCoordinates")}
      </button>
    </form>
  );
}

function LandUseCard({ project, canEdit }: { project: Project; canEdit: boolean }) {
  const { t } = useTranslation("territory");
  const saved = project.alignment.landUseCategory ?? null;
  const [value, setValue] = useState<LandUse | "">(saved ?? "");
  const [justSaved, setJustSaved] = useState(false);
  const update = useUpdateProject(project.id);
  const byKind = defaultLandUseByKind[project.kind];
  // Follow the server when the category changes elsewhere (another tab, another person).
  const lastSaved = useRef(saved);
  useEffect(() => {
    if (lastSaved.current !== saved) {
      lastSaved.current = saved;
      setValue(saved ?? "");
    }
  }, [saved]);

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ alignment: { ...project.alignment, landUseCategory: value === "" ? null : value } }, { onSuccess: () => setJustSaved(true) });
  }

  const defaultLabel = byKind ? t("panel.landUseDefault", { use: t(`uses.${byKind}`) }) : t("panel.landUseDefaultNone");
  return (
    <section className="card" aria-labelledby="territory-landuse-title">
      <h2 id="territory-landuse-title" className="card-title">
        {t("panel.landUseTitle")}
      </h2>
      {canEdit ? (
        <form onSubmit={submit} className="landuse-form">
          <Field label={t("panel.landUse")} hint={t("panel.landUseHint")}>
            {(control) => (
              <select
                {...control}
                value={value}
                onChange={(event) => {
                  setValue(event.target.value as LandUse | "");
                  setJustSaved(false);
                }}
              >
                <option value="">{defaultLabel}</option>
                {landUses.map((use) => (
                  <option key={use} value={use}>
                    {t(`uses.${use}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {update.isError ? <ErrorAlert error={update.error} /> : null}
          <div aria-live="polite">{justSaved && value === (saved ?? "") ? <p className="field-saved">{t("panel.landUseSaved")}</p> : null}</div>
          <button type="submit" className="button button-secondary" disabled={update.isPending || value === (saved ?? "")}>
            {t("panel.landUseSave")}
          </button>
        </form>
      ) : (
        <p>{saved ? t(`uses.${saved}`) : defaultLabel}</p>
      )}
    </section>
  );
}

function NameList({ names }: { names: readonly string[] }) {
  const { t } = useTranslation("territory");
  if (names.length === 0) return <span className="muted">{t("panel.none")}</span>;
  return (
    <ul className="inline-list">
      {names.map((name) => (
        <li key={name}>{name}</li>
      ))}
    </ul>
  );
}

function ComputedTerritory({ project }: { project: Project }) {
  const { t } = useTranslation("territory");
  const format = useFormat();
  const territory = territoryOf(project);
  const zonesId = useId();
  const ratio = (value: number | null) => (value === null ? <span className="muted">—</span> : format.number(value));
  return (
    <section className="card territory-computed" aria-labelledby="territory-computed-title">
      <h2 id="territory-computed-title" className="card-title">
        {t("panel.computed")}
      </h2>
      {!territory ? (
        <p className="muted">{t("panel.noTerritory")}</p>
      ) : (
        <>
          <p className="muted territory-computed-intro">{t("panel.computedIntro")}</p>
          <dl className="facts territory-facts">
            <div className="fact">
              <dt>{t("panel.overall")}</dt>
              <dd>
                <CompatibilityBadge value={territory.compatibility} />
                <p className="territory-decided">{territory.decidedBy ? t("panel.decidedBy", { zone: territory.decidedBy }) : t("panel.noDecision")}</p>
              </dd>
            </div>
            <div className="fact">
              <dt>{t("panel.use")}</dt>
              <dd>{territory.use ? t(`uses.${territory.use}`) : <span className="muted">{t("panel.noUse")}</span>}</dd>
            </div>
            <div className="fact">
              <dt>{t("panel.microregions")}</dt>
              <dd>
                <NameList names={territory.microregions} />
              </dd>
            </div>
            <div className="fact">
              <dt>{t("panel.reserves")}</dt>
              <dd>
                <NameList names={territory.reserves} />
              </dd>
            </div>
            <div className="fact">
              <dt>{t("panel.infrastructure")}</dt>
              <dd>
                <NameList names={territory.infrastructure} />
              </dd>
            </div>
          </dl>
          <h3 id={zonesId} className="subheading">
            {t("panel.zones")}
          </h3>
          {territory.zones.length === 0 ? (
            <p className="muted">{t("panel.none")}</p>
          ) : (
            <TableScroll labelledBy={zonesId}>
              <table className="table table-compact territory-zones">
                <caption className="visually-hidden">{t("panel.zones")}</caption>
                <TableHead columns={[t("panel.zone"), t("columns.compatibility"), { numeric: t("panel.cos") }, { numeric: t("panel.cus") }, { numeric: t("panel.cas") }]} />
                <tbody>
                  {territory.zones.map((zone) => (
                    <tr key={`${zone.layer}:${zone.name}`} className={zone.name === territory.decidedBy ? "row-highlight" : undefined}>
                      <th scope="row">
                        {zone.name}
                        <span className="territory-zone-layer"> · {zone.layer}</span>
                      </th>
                      <td>
                        <CompatibilityBadge value={zone.compatibility} />
                      </td>
                      <td className="numeric">{ratio(zone.cos)}</td>
                      <td className="numeric">{ratio(zone.cus)}</td>
                      <td className="numeric">{ratio(zone.cas)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {territory.unruled.length > 0 ? <p className="muted">{t("panel.unruled", { zones: territory.unruled.join(", ") })}</p> : null}
        </>
      )}
    </section>
  );
}

function LandUseFactorNote({ project }: { project: Project }) {
  const { t } = useTranslation("territory");
  const factor = project.priority.factors.find((f) => f.key === "landUse");
  const territory = territoryOf(project);
  if (!factor) return null;
  if (factor.source === "computed" && territory?.compatibility) {
    return <p className="territory-factor-note">{t("panel.priorityComputed", { compatibility: t(`compatibility.${territory.compatibility}`), zone: factor.zone ?? territory.decidedBy ?? "" })}</p>;
  }
  if (factor.source === "declared" && project.alignment.landUse) {
    return <p className="territory-factor-note">{t("panel.priorityDeclared", { compatibility: t(`compatibility.${project.alignment.landUse}`) })}</p>;
  }
  return <p className="territory-factor-note muted">{t("panel.priorityNone")}</p>;
}
