// The inbox as TanStack Query sees it: the signed-in person's notifications and unread count under
// ["notifications"] (the key their own event stream invalidates, see events.ts), their email
// preference under ["preferences"], and the mutations, each writing what the server answered.
import { mutationOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import type { InferResponseType } from "hono/client";
import { api, type client } from "./endpoints";
import { queryKeys } from "./keys";

export type Inbox = InferResponseType<typeof client.notifications.$get>;
export type InboxItem = Inbox["items"][number];
export type Preferences = InferResponseType<typeof client.me.preferences.$get>;

export const notificationQueries = {
  inbox: () => queryOptions({ queryKey: queryKeys.notifications, queryFn: ({ signal }) => api.notifications.list({ signal }) }),
  preferences: () => queryOptions({ queryKey: queryKeys.preferences, queryFn: ({ signal }) => api.notifications.preferences({ signal }) }),
};

export const notificationMutations = {
  /**
   * Marks the given ids (or all) read, then reads the list again for the server's `readAt`. The
   * count and the items change together, in that one refetch (the mutation stays pending until
   * it lands): writing the answer's count first showed «Todo leído» above items still «Sin leer».
   */
  markRead: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (input: { ids: string[] } | { all: true }) => api.notifications.markRead(input),
      onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.notifications }),
    }),
  setPreferences: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (preferences: { emailNotifications: boolean }) => api.notifications.setPreferences(preferences),
      onSuccess: (saved) => client.setQueryData(queryKeys.preferences, saved),
    }),
};
