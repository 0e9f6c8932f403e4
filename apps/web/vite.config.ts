import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The API and the collab WebSocket are served by apps/server on :3000; in development Vite proxies
// them so the browser sees one origin, exactly as in production (cookie session, Origin checks).
const apiTarget = "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": { target: apiTarget, changeOrigin: false },
      "/collab": { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Read by scripts/bundle-report.mjs to report each route's initial JavaScript.
    manifest: true,
    // tldraw alone is ~1.3 MB minified; it loads only on canvas routes (see the route report).
    chunkSizeWarningLimit: 1500,
    // Fonts and icons ship inside the bundle (closed network): no CDN, no third-party requests.
    // tldraw's own assets (@tldraw/assets: fonts, icons, translations) are never inlined: tldraw
    // fetch()es its translation files, and the server's CSP (connect-src 'self') refuses data: URLs.
    assetsInlineLimit: (filePath) => (/[\\/]@tldraw[\\/]assets[\\/]/.test(filePath) ? false : undefined),
    rollupOptions: {
      output: {
        // React, the router and i18n change rarely: keep them in their own long-cached chunk.
        manualChunks(id) {
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next)[\\/]/.test(id)) {
            return "vendor";
          }
          return undefined;
        },
      },
    },
  },
});
