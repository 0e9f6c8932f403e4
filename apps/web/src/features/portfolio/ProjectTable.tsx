import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Project } from "../../api";
import { TableScroll } from "../../components/Lists";
import { useFormat } from "../../i18n/format";
import { KindLabel, OrgName, StageBadge } from "../projects/ProjectLabels";
import { PriorityPopover } from "../workspace/PriorityBreakdown";
import { PendingReviewsBadge } from "../reviews/PendingBadge";
import { AlertBadge } from "../follow-up/alerts/AlertBadge";
import { RoleBadge } from "../projects/ProjectLabels";
import type { PortfolioSort, SortColumn } from "./filters";
import "../order/order.css";

type Props = {
  projects: Project[];
  busy: boolean;
  highlightId?: string | undefined;
  /** Review rounds pending for the reader, per project id. */
  pending?: ReadonlyMap<string, number> | undefined;
  /** The rows come sorted by the page; the headers show and change it. */
  sort?: PortfolioSort | null;
  onSort?: (column: SortColumn) => void;
};

const columns: { column: SortColumn; numeric?: boolean }[] = [
  { column: "clave" },
  { column: "name" },
  { column: "kind" },
  { column: "stage" },
  { column: "leadOrg" },
  { column: "myRole" },
  { column: "amount", numeric: true },
  { column: "priority", numeric: true },
  { column: "updated", numeric: true },
];

function useColumnLabel(): (column: SortColumn) => string {
  const { t } = useTranslation();
  return (column) =>
    ({
      clave: t("portfolio.table.clave"),
      name: t("portfolio.table.name"),
      kind: t("portfolio.table.kind"),
      stage: t("portfolio.table.stage"),
      leadOrg: t("portfolio.table.leadOrg"),
      myRole: t("order.table.myRole"),
      amount: t("portfolio.table.amount"),
      priority: t("portfolio.table.priority"),
      updated: t("order.table.updated"),
    })[column];
}

/**
 * A column header that sorts the table: a button inside the <th> (the header keeps its role),
 * `aria-sort` on the sorted one, and the button's name says what pressing it does.
 */
function SortHeader({ column, numeric, sort, onSort }: (typeof columns)[number] & { sort: PortfolioSort | null; onSort?: ((column: SortColumn) => void) | undefined }) {
  const { t } = useTranslation();
  const labelOf = useColumnLabel();
  const active = sort?.column === column;
  const direction = active ? sort.direction : null;
  const text = labelOf(column);
  return (
    <th scope="col" className={numeric ? "numeric" : undefined} aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : undefined}>
      {onSort ? (
        <button
          type="button"
          className="sort-button"
          onClick={() => onSort(column)}
          title={t(direction === "asc" ? "order.table.sortDesc" : "order.table.sortAsc", { column: text })}
        >
          {text}
          <span className="sort-icon" aria-hidden="true">
            {direction === "asc" ? "▲" : direction === "desc" ? "▼" : "↕"}
          </span>
        </button>
      ) : (
        text
      )}
    </th>
  );
}

export function ProjectTable({ projects, busy, highlightId, pending, sort = null, onSort }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const captionId = useId();
  const labelOf = useColumnLabel();
  return (
    <TableScroll labelledBy={captionId}>
      <table className="table projects-table" aria-busy={busy || undefined}>
        <caption id={captionId} className="visually-hidden">
          {t("portfolio.table.caption")}
          {sort ? ` ${t("order.table.sortedBy", { column: labelOf(sort.column), direction: t(`order.table.${sort.direction}`) })}` : null}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <SortHeader key={column.column} {...column} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {projects.map((project) => (
            <tr key={project.id} className={project.id === highlightId ? "row-highlight" : undefined}>
              <td className="clave">{project.clave}</td>
              <th scope="row" className="project-name">
                <Link to={`/projects/${encodeURIComponent(project.id)}`}>{project.name}</Link>
                {pending?.get(project.id) ? (
                  <>
                    {" "}
                    <PendingReviewsBadge count={pending.get(project.id)!} />
                  </>
                ) : null}
                {project.alerts.length > 0 ? (
                  <>
                    {" "}
                    <AlertBadge alerts={project.alerts} />
                  </>
                ) : null}
                {project.archivedAt ? <span className="badge archived-badge">{t("order.project.archivedBadge")}</span> : null}
              </th>
              <td>
                <KindLabel kind={project.kind} />
              </td>
              <td>
                <StageBadge stage={project.stage} />
              </td>
              <td>
                <OrgName org={project.leadOrg} />
              </td>
              <td>{project.myRole ? <RoleBadge role={project.myRole} /> : <span className="muted">{t("order.table.noRole")}</span>}</td>
              <td className="numeric">
                {project.estimatedAmountMxn === null ? (
                  <span className="muted">{t("common.notSet")}</span>
                ) : (
                  format.mxn(project.estimatedAmountMxn)
                )}
              </td>
              <td className="numeric">
                {project.priority ? (
                  <PriorityPopover priority={project.priority} projectName={project.name} />
                ) : (
                  <span className="muted">{t("common.notSet")}</span>
                )}
              </td>
              <td className="numeric">
                <time dateTime={project.updatedAt}>{format.date(project.updatedAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
