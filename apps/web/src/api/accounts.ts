// Account administration and one's own password: edit a person (name, agency, admin flag),
// deactivate or reactivate them, reset their password (a one-time password in the answer only), and
// change one's own password. Answers are typed by the server's routes (apps/server/src/routes/
// accounts.ts and auth.ts); the lists in the cache take the server's answers, never guesses.
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { ClientResponse } from "hono/client";
import type { PasswordChangeInput, UserPatchInput } from "@taller/domain/inputs";
import { client } from "./endpoints";
import { queryKeys } from "./keys";
import type { AdminUser, SessionUser } from "./types";

/** The parsed body of a 2xx answer (the client's fetch has already thrown ApiError for any other). */
async function body<T>(call: Promise<ClientResponse<T>>): Promise<T> {
  return (await call).json() as Promise<T>;
}

export const accountsApi = {
  updateUser: (userId: string, patch: UserPatchInput) => body(client.users[":id"].$patch({ param: { id: userId }, json: patch })),
  deactivate: (userId: string) => body(client.users[":id"].deactivate.$post({ param: { id: userId } })),
  reactivate: (userId: string) => body(client.users[":id"].reactivate.$post({ param: { id: userId } })),
  resetPassword: (userId: string) => body(client.users[":id"]["reset-password"].$post({ param: { id: userId } })),
  changeOwnPassword: (input: PasswordChangeInput) => body(client.auth.password.$post({ json: input })),
};

/** Puts the server's answer about an account into the admin list (and the session, when it is oneself). */
function storeUser(queryClient: QueryClient, user: AdminUser): void {
  queryClient.setQueryData<{ users: AdminUser[] }>(queryKeys.users, (current) =>
    current ? { users: current.users.map((candidate) => (candidate.id === user.id ? user : candidate)) } : current,
  );
  const session = queryClient.getQueryData<SessionUser | null>(queryKeys.session);
  // One's own name or agency: the header shows them. The admin flag cannot change for oneself.
  if (session?.id === user.id) void queryClient.invalidateQueries({ queryKey: queryKeys.session });
}

export const accountMutations = {
  updateUser: (queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: ({ userId, patch }: { userId: string; patch: UserPatchInput }) => accountsApi.updateUser(userId, patch),
      onSuccess: (user) => storeUser(queryClient, user),
    }),
  /** Deactivates (`active: false`) or reactivates an account. */
  setActive: (queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: ({ userId, active }: { userId: string; active: boolean }) => (active ? accountsApi.reactivate(userId) : accountsApi.deactivate(userId)),
      onSuccess: (user) => storeUser(queryClient, user),
    }),
  resetPassword: (queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (userId: string) => accountsApi.resetPassword(userId),
      // The list says the person must change it: read again rather than guessed.
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.users }),
    }),
  /** One's own password; the session takes the server's answer (no change required any more). */
  changeOwnPassword: (queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (input: PasswordChangeInput) => accountsApi.changeOwnPassword(input),
      onSuccess: ({ user }) => queryClient.setQueryData<SessionUser | null>(queryKeys.session, user),
    }),
};

export const useUpdateUser = () => useMutation(accountMutations.updateUser(useQueryClient()));
export const useSetUserActive = () => useMutation(accountMutations.setActive(useQueryClient()));
export const useResetPassword = () => useMutation(accountMutations.resetPassword(useQueryClient()));
export const useChangeOwnPassword = () => useMutation(accountMutations.changeOwnPassword(useQueryClient()));
