import "./strings";
import { useTranslation } from "react-i18next";
import { useVersions } from "../../api/versions";

/** The bar button that shows or hides a document's versions panel, with how many versions there are. */
export function VersionsToggle({ documentId, open, controls, onToggle }: { documentId: string; open: boolean; controls: string; onToggle: () => void }) {
  const { t } = useTranslation("versions");
  const versions = useVersions(documentId);
  const count = versions.data?.versions.length;
  return (
    <button type="button" className="button button-ghost button-small versions-toggle" aria-expanded={open} aria-controls={open ? controls : undefined} onClick={onToggle}>
      <span aria-hidden="true">{t("panel.toggle")}</span>
      {count !== undefined ? (
        <>
          <span aria-hidden="true" className="study-comments-count">
            {count}
          </span>
          <span className="visually-hidden">{t("panel.toggleCount", { count })}</span>
        </>
      ) : (
        <span className="visually-hidden">{t("panel.toggle")}</span>
      )}
    </button>
  );
}
