// Images on the canvas go through the server: tldraw's default asset store would inline every
// image as a data: URL inside the document. Here an upload becomes POST
// /api/documents/:id/assets and the record keeps only the returned URL (/api/assets/<id>).
import { AssetRecordType, getHashForString } from "tldraw";
import type { Editor, TLAsset, TLAssetStore, TLBookmarkAsset } from "tldraw";
import { api } from "../../api";

/** What the server accepts (it checks the bytes; SVG is refused because it can carry script). */
export const ACCEPTED_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export const NO_VIDEO_TYPES: readonly string[] = [];
/** Same limit as the server (MAX_ASSET_BYTES). */
export const MAX_ASSET_BYTES = 10 * 1024 * 1024;

/** True for URLs of images stored by this server; anything else is never loaded (closed network). */
export function isOwnAssetUrl(src: unknown): src is string {
  if (typeof src !== "string" || src === "") return false;
  try {
    const url = new URL(src, window.location.href);
    return url.origin === window.location.origin && url.pathname.startsWith("/api/assets/");
  } catch {
    return false;
  }
}

export function createAssetStore(documentId: string): TLAssetStore {
  return {
    async upload(_asset: TLAsset, file: File) {
      const uploaded = await api.documents.uploadAsset(documentId, file);
      return { src: uploaded.url };
    },
    resolve(asset: TLAsset) {
      return isOwnAssetUrl(asset.props.src) ? asset.props.src : null;
    },
  };
}

/**
 * Pasted links become plain bookmarks. tldraw's default handler fetches the linked page to read
 * its title and preview image: a request to a third party, which Taller never makes.
 */
export function registerOfflineBookmarks(editor: Editor): void {
  editor.registerExternalAssetHandler("url", async ({ url }) => {
    const asset: TLBookmarkAsset = AssetRecordType.create({
      id: AssetRecordType.createId(getHashForString(url)),
      typeName: "asset",
      type: "bookmark",
      props: { src: url, title: url, description: "", image: "", favicon: "" },
      meta: {},
    }) as TLBookmarkAsset;
    return asset;
  });
}
