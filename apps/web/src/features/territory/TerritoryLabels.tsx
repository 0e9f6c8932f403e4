// Small pieces the territory screens share: a compatibility as a badge (words, not colour alone),
// a layer kind's legend swatch in the map's own colours, and a project's computed territory.
import { useTranslation } from "react-i18next";
import type { LandUseCompatibility, Project } from "../../api";
import type { LayerKind, TerritoryResult } from "../../api/territory";
import { LAYER_STYLE } from "./mapStyle";

/** The territory the server computed for a project (null without a saved location). */
export function territoryOf(project: Project): TerritoryResult | null {
  return project.territory;
}

export function CompatibilityBadge({ value }: { value: LandUseCompatibility | null }) {
  const { t } = useTranslation("territory");
  return <span className={`badge compat-badge compat-${value ?? "none"}`}>{t(`compatibility.${value ?? "none"}`)}</span>;
}

export function LayerSwatch({ kind }: { kind: LayerKind }) {
  const style = LAYER_STYLE[kind];
  return (
    <span
      className="layer-swatch"
      aria-hidden="true"
      style={{
        background: style.fill ? `color-mix(in srgb, ${style.fill} ${Math.round(style.fillOpacity * 100 + 20)}%, white)` : "transparent",
        borderColor: style.line,
        borderStyle: kind === "infrastructure" ? "dotted" : style.dashed ? "dashed" : "solid",
        borderWidth: kind === "infrastructure" ? "0 0 3px 0" : "2px",
      }}
    />
  );
}
