import "./strings";
import { useTranslation } from "react-i18next";
import { ExportMenu } from "./ExportMenu";
import { REVIEW_FORMATS, STUDY_FORMATS, reviewExportUrl, studyExportUrl } from "./links";

/** «Exportar» for a study (the live text, or one version of it): PDF, Word, HTML, Markdown, made by the server. */
export function StudyExportMenu({ documentId, versionId, align }: { documentId: string; versionId?: string; align?: "start" | "end" }) {
  const { t } = useTranslation("exports");
  const entries = STUDY_FORMATS.map((format) => ({
    key: format,
    label: t(`formats.${format}`),
    hint: t(`hints.${format}`),
    href: studyExportUrl(documentId, format, versionId),
  }));
  return <ExportMenu entries={entries} what={t(versionId ? "what.version" : "what.study")} align={align ?? "end"} className="study-export-menu" />;
}

/** «Exportar» for a review round: its decisions as CSV or JSON, made by the server. */
export function ReviewExportMenu({ reviewId, align }: { reviewId: string; align?: "start" | "end" }) {
  const { t } = useTranslation("exports");
  const entries = REVIEW_FORMATS.map((format) => ({
    key: format,
    label: t(`formats.${format}`),
    hint: t(`hints.${format}`),
    href: reviewExportUrl(reviewId, format),
  }));
  return <ExportMenu entries={entries} what={t("what.review")} align={align ?? "end"} className="review-export-menu" />;
}
