// A canvas version, read-only: tldraw on a store loaded from the version's record map (never
// connected to the live document), its assets served by Taller as on the live canvas (no CDN).
// Its own chunk: tldraw loads only when a canvas version is opened.
import "tldraw/tldraw.css";
import "../canvas/canvas.css";
import { useMemo } from "react";
import { Tldraw, createTLStore, defaultBindingUtils, defaultShapeUtils, type Editor, type TLRecord } from "tldraw";
import { getAssetUrlsByImport } from "@tldraw/assets/imports.vite";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { queries } from "../../api";
import { Alert } from "../../components/Alert";
import { LoadingState } from "../../components/States";
import { createAssetStore } from "../canvas/assets";

const assetUrls = getAssetUrlsByImport();

/** `onEditor`: the mounted editor (for what the page does with the drawing, such as exporting it), then null when it unmounts. */
export default function ReadOnlyCanvas({
  records,
  documentId,
  label,
  onEditor,
}: {
  records: unknown;
  documentId: string;
  label: string;
  onEditor?: (editor: Editor | null) => void;
}) {
  const { t, i18n } = useTranslation("versions");
  const config = useQuery(queries.clientConfig());
  const loaded = useMemo(() => {
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils, assets: createAssetStore(documentId) });
    try {
      const schema = store.schema.serialize();
      // Stored at the schema of whoever wrote them; the version does not record it: taken as this client's.
      const migrated = store.schema.migrateStoreSnapshot({ schema, store: records as Record<string, TLRecord> });
      if (migrated.type === "error") return null;
      store.loadStoreSnapshot({ store: migrated.value, schema });
      return store;
    } catch (error) {
      console.error("[versions] could not load the canvas of a version", error);
      return null;
    }
  }, [records, documentId]);

  if (!loaded) {
    return (
      <Alert tone="error">
        <p>{t("page.canvasError")}</p>
      </Alert>
    );
  }
  if (config.status === "pending") return <LoadingState label={t("page.loadingCanvas")} />;
  const licenseKey = config.status === "success" ? (config.data.tldrawLicenseKey ?? undefined) : undefined;
  return (
    <section className="version-canvas" aria-label={label}>
      <Tldraw
        store={loaded}
        licenseKey={licenseKey}
        assetUrls={assetUrls}
        locale={i18n.language.startsWith("en") ? "en" : "es"}
        autoFocus={false}
        onMount={(editor) => {
          editor.updateInstanceState({ isReadonly: true });
          // The whole drawing in view, but never magnified beyond 100 % (one small shape would fill the frame).
          const bounds = editor.getCurrentPageBounds();
          if (bounds) editor.zoomToBounds(bounds, { targetZoom: 1, inset: 48 });
          onEditor?.(editor);
          return () => onEditor?.(null);
        }}
      />
    </section>
  );
}
