import "./strings";
import { Suspense, type ComponentProps } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import { LoadingState } from "../../components/States";

// The panel (its freeze form pulls the request schemas, hence zod) loads when it is first opened,
// not with the study or the canvas: most visits never open it.
const VersionsPanel = lazy(() => import("./VersionsPanel").then((m) => ({ default: m.VersionsPanel })));

/** The versions panel, loaded on first opening. */
export function LazyVersionsPanel(props: ComponentProps<typeof VersionsPanel>) {
  const { t } = useTranslation("versions");
  return (
    <Suspense fallback={<LoadingState label={t("panel.loading")} />}>
      <VersionsPanel {...props} />
    </Suspense>
  );
}
