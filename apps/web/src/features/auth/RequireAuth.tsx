import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation } from "react-router";
import { ErrorAlert } from "../../components/Alert";
import { LoadingState } from "../../components/States";
import { useAuth } from "./authContext";
import { ForcedPasswordChange } from "./ForcedPasswordChange";

export type LoginRedirectState = { from?: string; sessionExpired?: boolean };

/**
 * Renders its child routes only for a signed-in user; otherwise sends them to /login and back. A
 * person who must change their password sees only that screen until it is done.
 */
export function RequireAuth() {
  const { state, retry } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();

  if (state.status === "checking") return <LoadingState label={t("common.loading")} />;
  if (state.status === "unavailable") {
    return (
      <div className="page-narrow">
        <ErrorAlert error={state.error} onRetry={retry} />
      </div>
    );
  }
  if (state.status !== "authenticated") {
    if (state.reason === "logged_out") return <Navigate to="/login" replace />;
    const redirect: LoginRedirectState = {
      from: `${location.pathname}${location.search}`,
      sessionExpired: state.reason === "expired",
    };
    return <Navigate to="/login" replace state={redirect} />;
  }
  // After an administrator reset the password, nothing else is shown until the person chose theirs
  // (the server refuses everything else with 403 password_change_required).
  if (state.user.mustChangePassword) return <ForcedPasswordChange />;
  return <Outlet />;
}
