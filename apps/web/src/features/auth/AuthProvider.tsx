import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiError, api, onUnauthenticated, queries, queryKeys, type SessionUser } from "../../api";
import { clearCopies, listCopies, liveCopies } from "../../collab/local-copies";
import { AuthContext, type AuthContextValue, type AuthState } from "./authContext";

/**
 * Empties the cache of everything but the session entry itself (whose observer, AuthProvider,
 * must see the next value). What is in flight is cancelled first, so no answer from the old
 * session lands in the emptied cache.
 */
function forgetPersonalData(client: QueryClient): void {
  const personal = { predicate: (query: { queryKey: readonly unknown[] }) => query.queryKey[0] !== queryKeys.session[0] };
  void client.cancelQueries(personal);
  client.removeQueries(personal);
  client.getMutationCache().clear();
}

type AnonymousReason = Extract<AuthState, { status: "anonymous" }>["reason"];

/**
 * Owns the session: asks the server who we are on start (the cached session query), and drops to
 * "anonymous" when any API call answers 401 (expired cookie, server restart), so no screen has to
 * handle that itself. Whenever the person changes, the cache is emptied: the next person must not
 * be shown the previous one's projects, not even for a moment.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const session = useQuery(queries.session());
  // Why nobody is signed in, once the session was lost or ended here (the query only knows "nobody").
  const [ended, setEnded] = useState<AnonymousReason>("no_session");

  const endSession = useCallback(
    (reason: AnonymousReason) => {
      // The reason first: the render that sees nobody signed in must already know why.
      setEnded(reason);
      forgetPersonalData(client);
      client.setQueryData<SessionUser | null>(queryKeys.session, null);
    },
    [client],
  );

  useEffect(() => {
    // A 401 from the API or a collaboration socket closed with 4401: the login page, then back.
    // Unsaved document changes stay in IndexedDB and sync after the next login.
    // Both reach it through the API client's listeners (DocumentSession reports the 4401).
    return onUnauthenticated(() => {
      if (client.getQueryData(queryKeys.session)) endSession("expired");
    });
  }, [client, endSession]);

  const login = useCallback(
    async (email: string, password: string) => {
      const { user } = await api.auth.login({ email, password });
      forgetPersonalData(client);
      client.setQueryData<SessionUser | null>(queryKeys.session, user);
      return user;
    },
    [client],
  );

  const userId = session.data?.id ?? null;
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
    endSession("logged_out");
  }, [userId, endSession]);

  const { data, error, isError, isFetching, refetch } = session;
  const retry = useCallback(() => void refetch(), [refetch]);

  const state = useMemo<AuthState>(() => {
    if (data) return { status: "authenticated", user: data };
    if (data === null) return { status: "anonymous", reason: ended };
    return isError && !isFetching ? { status: "unavailable", error } : { status: "checking" };
  }, [data, ended, error, isError, isFetching]);

  const value = useMemo<AuthContextValue>(() => ({ state, login, logout, retry }), [state, login, logout, retry]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
