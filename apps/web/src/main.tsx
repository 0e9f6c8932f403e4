import "@fontsource-variable/public-sans";
import "./styles/app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { AppErrorBoundary } from "./components/RouteErrorBoundary";
import { initI18n } from "./i18n";

const container = document.getElementById("root");
if (!container) throw new Error("index.html must contain #root");

// Strings must be ready before the first paint, or the first screen would flash untranslated keys.
initI18n().then(
  () => {
    createRoot(container).render(
      <StrictMode>
        <AppErrorBoundary>
          <App />
        </AppErrorBoundary>
      </StrictMode>,
    );
  },
  (error: unknown) => {
    container.textContent = "Taller no pudo iniciar. / Taller failed to start.";
    console.error(error);
  },
);
