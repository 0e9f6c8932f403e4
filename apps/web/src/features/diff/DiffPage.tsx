// /documents/:documentId/versions/:versionId/diff?against=<versionId>|live — a linkable page
// comparing a version with another version of the same document or with the live document: its
// heading names both ends, breadcrumbs lead back to the document, «Comparar con» picks the other end.
import "./strings";
import "../workspace/strings";
// The workspace's styles: breadcrumbs and page frame look as on every project page when the diff is opened directly.
import "../workspace/workspace.css";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { queries } from "../../api";
import { useVersionDiff } from "../../api/diffs";
import { client } from "../../api/endpoints";
import { PageHeading } from "../../components/PageHeading";
import { Breadcrumbs } from "../workspace/Breadcrumbs";
import { PageLoadFailure } from "../workspace/PageLoadStates";
import { VersionDiff, endLabel } from "./VersionDiff";

/** The document's versions: the same key (["versions", documentId], see api/keys.ts) and answer as the versions panel's list. */
function useDocumentVersions(documentId: string) {
  return useQuery({
    queryKey: ["versions", documentId] as const,
    queryFn: async ({ signal }) => (await client.documents[":id"].versions.$get({ param: { id: documentId } }, { init: { signal } })).json(),
  });
}

export default function DiffPage() {
  const { documentId = "", versionId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const against = params.get("against") || "live";
  const { t } = useTranslation("diff");
  const { t: tw } = useTranslation("workspace");
  const selectId = useId();
  const document = useQuery(queries.document(documentId));
  const project = useQuery({ ...queries.project(document.data?.projectId ?? ""), enabled: Boolean(document.data) });
  const versions = useDocumentVersions(documentId);
  const diff = useVersionDiff(versionId, against);

  if (document.isError && !document.data) {
    return (
      <PageLoadFailure
        error={document.error}
        onRetry={() => void document.refetch()}
        text={{ notFound: tw("document.notFound"), notFoundHint: tw("document.notFoundHint"), loadError: tw("document.loadError") }}
      />
    );
  }
  const projectPath = document.data ? `/projects/${encodeURIComponent(document.data.projectId)}` : "/";
  const documentPath = `/documents/${encodeURIComponent(documentId)}`;
  const version = versions.data?.versions.find((v) => v.id === versionId);
  const heading = diff.data ? t("page.heading", { from: endLabel(t, diff.data.from), to: endLabel(t, diff.data.to) }) : t("page.title");

  return (
    <div className="container page diff-page">
      <Breadcrumbs
        items={[
          { label: project.data?.clave ?? tw("document.project"), to: projectPath },
          { label: document.data?.title ?? "…", to: documentPath },
          { label: version ? t("page.versionOption", { number: version.number, name: version.name }) : t("page.versions") },
        ]}
      />
      <PageHeading title={`${heading} · ${document.data?.title ?? ""}`}>{heading}</PageHeading>
      <div className="diff-page-tools">
        <label htmlFor={selectId}>{t("page.compareWith")}</label>
        <select id={selectId} className="input" value={against} onChange={(event) => setParams({ against: event.target.value }, { replace: true })}>
          <option value="live">{t("liveLong")}</option>
          {(versions.data?.versions ?? [])
            .filter((v) => v.id !== versionId)
            .map((v) => (
              <option key={v.id} value={v.id}>
                {t("page.versionOption", { number: v.number, name: v.name })}
              </option>
            ))}
          {/* A version id in the link that the list does not hold (yet): keep it selectable. */}
          {against !== "live" && versions.data && !versions.data.versions.some((v) => v.id === against) ? <option value={against}>{against}</option> : null}
        </select>
      </div>
      <VersionDiff versionId={versionId} against={against} />
    </div>
  );
}
