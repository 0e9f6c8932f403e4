// A diff between a version and another version or the live document, from the earlier to the
// later (the server decides which is which): a study as its later reading with insertions and
// deletions inline, a canvas as its later state with the changed shapes highlighted. Embeddable
// anywhere (the version page, a review round, the diff page): it fetches what it shows.
import "./strings";
import "./diff.css";
import { Suspense } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import { useVersionDiff, type DiffEnd } from "../../api/diffs";
import { ErrorAlert } from "../../components/Alert";
import { LoadingState } from "../../components/States";
import { TextDiffView } from "./TextDiffView";

// tldraw is large: it loads only when a canvas diff is shown.
const CanvasDiffView = lazy(() => import("./CanvasDiffView"));

export interface VersionDiffProps {
  versionId: string;
  /** Another version's id, or "live". */
  against: string;
}

export function VersionDiff({ versionId, against }: VersionDiffProps) {
  const { t } = useTranslation("diff");
  const diff = useVersionDiff(versionId, against);
  if (diff.isError && !diff.data) return <ErrorAlert error={diff.error} title={t("loadError")} onRetry={() => void diff.refetch()} />;
  if (!diff.data) return <LoadingState label={t("loading")} />;
  const data = diff.data;
  return (
    <div className="version-diff" data-diff-kind={data.kind}>
      <p className="diff-range">{t("range", { from: endLabel(t, data.from), to: endLabel(t, data.to) })}</p>
      {data.kind === "text" ? (
        <TextDiffView diff={data} />
      ) : (
        <Suspense fallback={<LoadingState label={t("canvas.loading")} />}>
          <CanvasDiffView diff={data} toLabel={endLabel(t, data.to)} />
        </Suspense>
      )}
    </div>
  );
}

export default VersionDiff;

type T = ReturnType<typeof useTranslation<"diff">>["t"];

/** «v2 «Para revisión»» or «documento actual». */
export function endLabel(t: T, end: DiffEnd): string {
  return end.versionId === null || end.number === null ? t("live") : t("version", { number: end.number, name: end.name ?? "" });
}
