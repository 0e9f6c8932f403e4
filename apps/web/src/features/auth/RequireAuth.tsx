import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation } from "react-router";
import { ErrorAlert } from "../../components/Alert";
import { LoadingState } from "../../components/States";
import { useAuth } from "./authContext";

export type LoginRedirectState = { from?: string; sessionExpired?: boolean };

/** Renders its child routes only for a signed-in user; otherwise sends them to /login and back. */
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
  return <Outlet />;
}
