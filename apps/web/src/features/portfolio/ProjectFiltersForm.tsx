import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { projectKinds, projectStages, type OrgRef, type ProjectFilters } from "../../api";
import { Field } from "../../components/Field";
import { choiceOf, Options, OrgOptions } from "../../components/Options";
import { hasActiveFilters } from "./filters";
import "../order/order.css";

type Props = {
  filters: ProjectFilters;
  orgs: OrgRef[] | undefined;
  onChange: (filters: ProjectFilters) => void;
};

/**
 * Selects apply as soon as they change (the result count is announced politely); the free-text
 * search applies on Enter or "Buscar", so the list does not reload on every keystroke.
 */
export function ProjectFiltersForm({ filters, orgs, onChange }: Props) {
  const { t } = useTranslation();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = new FormData(event.currentTarget).get("text");
    onChange({ ...filters, text: typeof text === "string" && text.trim() ? text.trim() : undefined });
  }

  return (
    <form className="filters" role="search" onSubmit={handleSubmit} aria-label={t("portfolio.filters.legend")}>
        <div className="filters-grid">
          <Field label={t("portfolio.filters.text")} className="filters-text">
            {(control) => (
              <div className="input-with-button">
                <input
                  {...control}
                  // Remount when the URL's text changes (clear, back button) so the box follows it.
                  key={filters.text ?? ""}
                  type="search"
                  name="text"
                  defaultValue={filters.text ?? ""}
                  placeholder={t("portfolio.filters.textHint")}
                  autoComplete="off"
                />
                <button type="submit" className="button button-secondary">
                  {t("portfolio.filters.apply")}
                </button>
              </div>
            )}
          </Field>
          <Field label={t("portfolio.filters.stage")}>
            {(control) => (
              <select {...control} value={filters.stage ?? ""} onChange={(event) => onChange({ ...filters, stage: choiceOf(projectStages, event.target.value) })}>
                <Options values={projectStages} label={(stage) => t(`stages.${stage}`)} blank={t("portfolio.filters.allStages")} />
              </select>
            )}
          </Field>
          <Field label={t("portfolio.filters.kind")}>
            {(control) => (
              <select {...control} value={filters.kind ?? ""} onChange={(event) => onChange({ ...filters, kind: choiceOf(projectKinds, event.target.value) })}>
                <Options values={projectKinds} label={(kind) => t(`kinds.${kind}`)} blank={t("portfolio.filters.allKinds")} />
              </select>
            )}
          </Field>
          <Field label={t("portfolio.filters.org")}>
            {(control) => (
              <select
                {...control}
                value={filters.org ?? ""}
                onChange={(event) => onChange({ ...filters, org: event.target.value || undefined })}
              >
                <OrgOptions orgs={orgs} blank={t("portfolio.filters.allOrgs")} />
                {filters.org && !orgs?.some((org) => org.id === filters.org) ? (
                  <option value={filters.org}>{filters.org}</option>
                ) : null}
              </select>
            )}
          </Field>
        </div>
        <div className="filters-checks">
          <label>
            <input type="checkbox" name="mine" checked={filters.mine === "1"} onChange={(event) => onChange({ ...filters, mine: event.target.checked ? "1" : undefined })} />
            {t("order.filters.mine")}
          </label>
          <label>
            <input
              type="checkbox"
              name="archived"
              checked={filters.archived === "1"}
              onChange={(event) => onChange({ ...filters, archived: event.target.checked ? "1" : undefined })}
            />
            {t("order.filters.archived")}
          </label>
        </div>
        {hasActiveFilters(filters) ? (
          <div className="filters-actions">
            <button type="button" className="button button-link" onClick={() => onChange({})}>
              {t("portfolio.filters.clear")}
            </button>
          </div>
        ) : null}
    </form>
  );
}
