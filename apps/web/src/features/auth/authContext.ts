import { createContext, useContext } from "react";
import type { SessionUser } from "../../api";

export type AuthState =
  | { status: "checking" }
  /**
   * `reason` decides what the login page says and whether to return to the previous page:
   * after an explicit logout the next person must not land on the previous person's page.
   */
  | { status: "anonymous"; reason: "no_session" | "expired" | "logged_out" }
  | { status: "authenticated"; user: SessionUser }
  | { status: "unavailable"; error: unknown };

export type AuthContextValue = {
  state: AuthState;
  login: (email: string, password: string) => Promise<SessionUser>;
  logout: () => Promise<void>;
  retry: () => void;
};

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}

/** The signed-in user; only for screens rendered behind <RequireAuth>. */
export function useCurrentUser(): SessionUser {
  const { state } = useAuth();
  if (state.status !== "authenticated") throw new Error("useCurrentUser needs an authenticated session");
  return state.user;
}
