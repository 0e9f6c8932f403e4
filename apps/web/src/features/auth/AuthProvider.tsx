import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiError, api, isAbortError, onUnauthenticated } from "../../api";
import { AuthContext, type AuthContextValue, type AuthState } from "./authContext";

/**
 * Owns the session: asks the server who we are on start, and drops to "anonymous" when any API
 * call answers 401 (expired cookie, server restart), so no screen has to handle that itself.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "checking" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api.auth.me({ signal: controller.signal }).then(
      ({ user }) => setState({ status: "authenticated", user }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        if (error instanceof ApiError && error.status === 401) {
          setState({ status: "anonymous", reason: "no_session" });
        } else {
          setState({ status: "unavailable", error });
        }
      },
    );
    return () => controller.abort();
  }, [attempt]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setState((current) =>
          current.status === "authenticated" ? { status: "anonymous", reason: "expired" } : current,
        );
      }),
    [],
  );

  const login = useCallback(async (email: string, password: string) => {
    const { user } = await api.auth.login({ email, password });
    setState({ status: "authenticated", user });
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.auth.logout();
    } catch (error) {
      // A 401 means the session was already gone: that is the goal of logging out.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setState({ status: "anonymous", reason: "logged_out" });
  }, []);

  const retry = useCallback(() => {
    setState({ status: "checking" });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<AuthContextValue>(() => ({ state, login, logout, retry }), [state, login, logout, retry]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
