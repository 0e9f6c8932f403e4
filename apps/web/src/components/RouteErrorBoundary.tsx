import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { ErrorBoundary, type FallbackProps } from "react-error-boundary";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useRouteError } from "react-router";
import { PageHeading } from "./PageHeading";
import { isChunkLoadError, retryFailedChunks } from "./retryable-lazy";
import "./error-page.css";

/**
 * Catches what keeps a route from showing, inside the shell's <main> (the header, its navigation
 * and the footer stay): a code chunk that did not arrive (typically a navigation while offline) or
 * an error while rendering. Shows a page that says which, with «Reintentar»; it resets itself when
 * the route changes and, for a chunk or anything that failed offline, when the network comes back.
 * Logs nothing of its own (React reports the error to the console as for any caught error).
 */
export function RouteErrorBoundary({ children }: { children: ReactNode }) {
  const location = useLocation();
  const queryClient = useQueryClient();
  const last = useRef<{ error: unknown; chunk: boolean; online: boolean } | null>(null);

  return (
    <ErrorBoundary
      resetKeys={[location.key]}
      onError={(error) => {
        const chunk = isChunkLoadError(error);
        const online = navigator.onLine;
        // A chunk that fails again with the network up cannot come from this page: React's own
        // lazy throws the very same error after a reset (it keeps a failed import), and after a
        // new release the old chunk's file is gone. A new page can load it, if the server answers.
        const again = chunk && online && last.current !== null && (error === last.current.error || (last.current.chunk && last.current.online));
        last.current = { error, chunk, online };
        if (again) reloadIfServerAnswers();
      }}
      onReset={(details) => {
        retryFailedChunks();
        // After a rendering error the data the screen used may be what broke it: the screen's
        // queries (inactive now that it is gone) are dropped, so it loads them anew.
        if (last.current && !last.current.chunk) queryClient.removeQueries({ type: "inactive" });
        if (details.reason === "keys") last.current = null;
      }}
      FallbackComponent={RouteErrorPage}
    >
      {children}
    </ErrorBoundary>
  );
}

/** Reloads the page unless the server is unreachable (the browser would then show its own error page). */
function reloadIfServerAnswers(): void {
  fetch("/", { method: "HEAD", cache: "no-store" }).then(
    (response) => {
      if (response.ok) window.location.reload();
    },
    () => undefined,
  );
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/**
 * The last resort around the whole app (router, session, shell): an error outside a route's
 * content, e.g. in the header, still gets a page instead of a blank screen.
 */
export function AppErrorBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary
      fallbackRender={(props) => (
        <main id="main-content" className="main">
          <ErrorPage {...props} outsideRouter />
        </main>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}

/**
 * The same last resort as the router's error element (App.tsx's data router): an error that
 * escapes the shell's boundary. «Reintentar» loads the page again.
 */
export function RouterErrorPage() {
  const error = useRouteError();
  return (
    <main id="main-content" className="main">
      <ErrorPage error={error} resetErrorBoundary={() => window.location.reload()} outsideRouter />
    </main>
  );
}

function RouteErrorPage(props: FallbackProps) {
  return <ErrorPage {...props} outsideRouter={false} />;
}

function ErrorPage({ error, resetErrorBoundary, outsideRouter }: FallbackProps & { outsideRouter: boolean }) {
  const { t } = useTranslation();
  const online = useOnline();
  // What failed is judged when it failed: a chunk, or anything while the browser was offline,
  // is worth trying again by itself when the network returns.
  const [kind] = useState<"offline" | "chunk" | "render">(() => (!navigator.onLine ? "offline" : isChunkLoadError(error) ? "chunk" : "render"));

  useEffect(() => {
    if (kind === "render") return;
    const retry = () => resetErrorBoundary();
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [kind, resetErrorBoundary]);

  const title = t(`errorPage.${kind}Title`);
  return (
    <div className="container page-narrow error-page">
      <div role="alert">
        <PageHeading title={title}>{title}</PageHeading>
        <p>{t(`errorPage.${kind}Body`)}</p>
      </div>
      {kind !== "render" && !online ? <p className="muted">{t("errorPage.waiting")}</p> : null}
      <p className="error-page-actions">
        <button type="button" className="button button-primary" onClick={() => resetErrorBoundary()}>
          {t("common.retry")}
        </button>
        {outsideRouter ? (
          <a href="/" className="button button-secondary">
            {t("errorPage.home")}
          </a>
        ) : (
          <Link to="/" className="button button-secondary">
            {t("errorPage.home")}
          </Link>
        )}
      </p>
    </div>
  );
}
