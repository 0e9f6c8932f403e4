import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiError, api, isAbortError, onUnauthenticated } from "../../api";
import { clearCopies, listCopies, liveCopies } from "../../collab/local-copies";
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

  useEffect(() => {
    // A 401 from the API or a collaboration socket closed with 4401: the login page, then back.
    // Unsaved document changes stay in IndexedDB and sync after the next login.
    const expire = () =>
      setState((current) => (current.status === "authenticated" ? { status: "anonymous", reason: "expired" } : current));
    // Both reach it through the API client's listeners (DocumentSession reports the 4401).
    return onUnauthenticated(expire);
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const { user } = await api.auth.login({ email, password });
    setState({ status: "authenticated", user });
    return user;
  }, []);

  const userId = state.status === "authenticated" ? state.user.id : null;
  const logout = useCallback(async () => {
    // This person's copies of documents in this browser go with the session (the next person
    // must not find them; other people's copies stay for their owners). Open documents are
    // closed first, so the server's 4401 on logout reaches no live socket and no open connection
    // blocks the deletion. The caller has offered what is unsaved.
    const names = userId === null ? [] : await listCopies(userId);
    await Promise.all(liveCopies().map((copy) => copy.release()));
    try {
      await api.auth.logout();
    } catch (error) {
      // A 401 means the session was already gone: that is the goal of logging out.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    await clearCopies(names);
    setState({ status: "anonymous", reason: "logged_out" });
  }, [userId]);

  const retry = useCallback(() => {
    setState({ status: "checking" });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<AuthContextValue>(() => ({ state, login, logout, retry }), [state, login, logout, retry]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
