import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { useAuth } from "../features/auth/authContext";
import { collectUnsaved, listCopies, type UnsavedSummary } from "../collab/local-copies";
import { ErrorAlert } from "./Alert";
import { UnsavedChangesDialog } from "./UnsavedChanges";
import { LanguageSwitch } from "./LanguageSwitch";
import { InboxLink } from "./InboxLink";
import { LoadingState } from "./States";
import { RouteErrorBoundary } from "./RouteErrorBoundary";
import "../features/auth/account.css";

/**
 * Frame of every page: skip link, header (brand, navigation, session, language), main landmark
 * and footer. Route chunks load inside <main>, so the header never blinks while code arrives.
 */
export function AppShell() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main-content">
        {t("a11y.skipToContent")}
      </a>
      <AppHeader />
      <main id="main-content" className="main" tabIndex={-1}>
        {/* Inside <main>: a route that fails (a chunk that did not arrive, a rendering error)
            gets a page with «Reintentar» while the header and the footer stay. */}
        <RouteErrorBoundary>
          <Suspense fallback={<LoadingState label={t("common.loading")} />}>
            <Outlet />
          </Suspense>
        </RouteErrorBoundary>
      </main>
      <footer className="footer">
        <div className="container footer-inner">
          <span>{t("app.name")}</span>
          <span aria-hidden="true">·</span>
          <span>{t("app.tagline")}</span>
        </div>
      </footer>
    </>
  );
}

function AppHeader() {
  const { t } = useTranslation();
  const { state, logout } = useAuth();
  const navigate = useNavigate();
  const [loggingOut, setLoggingOut] = useState(false);
  const [logoutError, setLogoutError] = useState<unknown>(null);
  const user = state.status === "authenticated" ? state.user : null;

  const [unsaved, setUnsaved] = useState<UnsavedSummary[] | null>(null);

  /**
   * Logging out deletes this browser's copies of documents: first say what they hold that the
   * server has not stored (with a copy button), and log out only when the person confirms.
   */
  async function handleLogout(confirmed: boolean) {
    setLoggingOut(true);
    setLogoutError(null);
    try {
      if (!confirmed) {
        const found = user ? await collectUnsaved(await listCopies(user.id)) : [];
        if (found.length > 0) {
          setUnsaved(found);
          return;
        }
      }
      await logout();
      setUnsaved(null);
      await navigate("/login", { replace: true });
    } catch (error) {
      setLogoutError(error);
    } finally {
      setLoggingOut(false);
    }
  }

  return (
    <header className="header">
      <div className="container header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          <span className="brand-text">
            <span className="brand-name">{t("app.name")}</span>
            <span className="brand-tagline">{t("app.tagline")}</span>
          </span>
        </Link>

        {user && !user.mustChangePassword ? (
          <nav className="nav" aria-label={t("a11y.mainNav")}>
            <ul>
              <li>
                <NavLink to="/" end className="nav-link">
                  {t("nav.portfolio")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/meetings" className="nav-link">
                  {t("nav.meetings")}
                </NavLink>
              </li>
              {user.abilities.manageOrganizations || user.abilities.manageUsers ? (
                <li>
                  <NavLink to="/admin" className="nav-link">
                    {t("nav.admin")}
                  </NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}

        <div className="header-tools">
          <LanguageSwitch />
          {user ? (
            <>
              {user.mustChangePassword ? null : <InboxLink />}
              <Link to="/profile" className="session session-link">
                <span className="visually-hidden">{t("account.profileLink")}: </span>
                <span className="session-avatar" aria-hidden="true">
                  {initials(user.name)}
                </span>
                <span className="session-text">
                  <span className="session-name">{user.name}</span>
                  <span className="session-org" title={user.org.name}>
                    <span aria-hidden="true">{user.org.shortName}</span>
                    <span className="visually-hidden">{user.org.name}</span>
                  </span>
                </span>
              </Link>
              <button type="button" className="button button-ghost button-small" onClick={() => void handleLogout(false)} disabled={loggingOut}>
                {loggingOut ? t("nav.loggingOut") : t("nav.logout")}
              </button>
            </>
          ) : null}
        </div>
      </div>
      <UnsavedChangesDialog
        open={unsaved !== null}
        title={t("logout.unsavedTitle")}
        intro={t("logout.unsavedIntro")}
        summaries={unsaved ?? []}
        confirmLabel={t("logout.confirm")}
        cancelLabel={t("logout.cancel")}
        busy={loggingOut}
        onConfirm={() => void handleLogout(true)}
        onCancel={() => setUnsaved(null)}
      />
      {logoutError ? (
        <div className="container">
          <ErrorAlert error={logoutError} />
        </div>
      ) : null}
    </header>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}
