// The «control de versiones» block inside a study: the schema's `versionControl` atom node
// (packages/editor-schema) drawn by React as the table of the document's versions and their
// review status, read from ["versions", documentId] (the same query as the versions panel, kept
// live by the project's event stream). Nothing of it is stored in the text.
import "./strings";
import "./versions.css";
import type { AnyExtension } from "@tiptap/core";
import { NodeViewWrapper, ReactNodeViewRenderer } from "@tiptap/react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { VersionControl } from "@taller/editor-schema";
import { useVersions } from "../../api/versions";
import { useFormat } from "../../i18n/format";
import { reviewStatusText, versionPath } from "./labels";

function VersionControlTable({ documentId }: { documentId: string }) {
  const { t } = useTranslation("versions");
  const format = useFormat();
  const versions = useVersions(documentId);
  const list = [...(versions.data?.versions ?? [])].sort((a, b) => a.number - b.number);
  return (
    <NodeViewWrapper className="version-control" data-type="version-control" contentEditable={false} aria-label={t("control.nodeLabel")} role="group">
      {versions.isPending ? (
        <p>{t("control.loading")}</p>
      ) : versions.isError ? (
        <p>{t("control.error")}</p>
      ) : (
        <table>
          <caption>{t("control.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("control.number")}</th>
              <th scope="col">{t("control.name")}</th>
              <th scope="col">{t("control.date")}</th>
              <th scope="col">{t("control.author")}</th>
              <th scope="col">{t("control.review")}</th>
            </tr>
          </thead>
          <tbody>
            {list.length === 0 ? (
              <tr>
                <td colSpan={5}>{t("control.empty")}</td>
              </tr>
            ) : (
              list.map((version) => (
                // data-label: the column's name in front of each cell when a narrow column stacks them.
                <tr key={version.id} data-version-number={version.number}>
                  <td data-label={t("control.number")}>
                    <Link to={versionPath(version.documentId, version.id)}>v{version.number}</Link>
                  </td>
                  <td data-label={t("control.name")}>{version.name}</td>
                  <td data-label={t("control.date")}>
                    <time dateTime={version.createdAt}>{format.date(version.createdAt)}</time>
                  </td>
                  <td data-label={t("control.author")}>{t("panel.by", { name: version.createdBy.name, org: version.createdBy.org.shortName })}</td>
                  <td data-label={t("control.review")}>{reviewStatusText(t, version.latestReview)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
    </NodeViewWrapper>
  );
}

/** The schema's node with its table drawn for `documentId` (replaces the plain node in an extension list). */
export function versionControlView(documentId: string): AnyExtension {
  return VersionControl.extend({
    addNodeView() {
      return ReactNodeViewRenderer(() => <VersionControlTable documentId={documentId} />);
    },
  });
}

/** `extensions` with the «control de versiones» node drawn as its live table. */
export function withVersionControlView(extensions: AnyExtension[], documentId: string): AnyExtension[] {
  return extensions.map((extension) => (extension.name === VersionControl.name ? versionControlView(documentId) : extension));
}
