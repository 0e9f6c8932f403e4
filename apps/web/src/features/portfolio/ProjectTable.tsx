import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Project } from "../../api";
import { TableHead, TableScroll } from "../../components/Lists";
import { useFormat } from "../../i18n/format";
import { KindLabel, OrgName, StageBadge } from "../projects/ProjectLabels";
import { PriorityPopover } from "../workspace/PriorityBreakdown";
import { PendingReviewsBadge } from "../reviews/PendingBadge";

type Props = {
  projects: Project[];
  busy: boolean;
  highlightId?: string | undefined;
  /** Review rounds pending for the reader, per project id. */
  pending?: ReadonlyMap<string, number> | undefined;
};

export function ProjectTable({ projects, busy, highlightId, pending }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const captionId = useId();
  return (
    <TableScroll labelledBy={captionId}>
      <table className="table projects-table" aria-busy={busy || undefined}>
        <caption id={captionId} className="visually-hidden">
          {t("portfolio.table.caption")}
        </caption>
        <TableHead
          columns={[
            t("portfolio.table.clave"),
            t("portfolio.table.name"),
            t("portfolio.table.kind"),
            t("portfolio.table.stage"),
            t("portfolio.table.leadOrg"),
            { numeric: t("portfolio.table.amount") },
            { numeric: t("portfolio.table.priority") },
          ]}
        />
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
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
