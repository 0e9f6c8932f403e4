// Coordination comments as TanStack Query sees them: a document's threads under ["threads", id]
// (the key the project event stream invalidates when an event names the document), and the
// mutations, each writing the thread the server answers with into that list.
import { mutationOptions, queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { InferResponseType } from "hono/client";
import type { AnchorInput } from "@taller/domain/comments";
import { api, type client } from "./endpoints";
import { queryKeys } from "./keys";

// The wire's shapes, derived from the server's routes (as api/types.ts does for the rest).
/** A thread as the server sends it, with what the caller may do to it (`abilities`). */
export type CommentThread = InferResponseType<(typeof client.documents)[":id"]["threads"]["$get"]>["threads"][number];
export type ThreadComment = CommentThread["comments"][number];
/** A person as comments name them: name and agency, always. */
export type CommentPerson = CommentThread["openedBy"];
export type TextAnchor = Extract<CommentThread["anchor"], { type: "text" }>;
export type CanvasAnchor = Extract<CommentThread["anchor"], { type: "canvas" }>;
export type CommentRevision = InferResponseType<(typeof client.comments)[":id"]["revisions"]["$get"]>["revisions"][number];
export type ThreadExportFormat = "csv" | "json" | "md";

type Threads = { threads: CommentThread[] };

export const threadQueries = {
  /** Every thread of a document, open and resolved (the panel filters; one key for the stream to refresh). */
  threads: (documentId: string) =>
    queryOptions({ queryKey: queryKeys.threads(documentId), queryFn: ({ signal }) => api.threads.list(documentId, { signal }) }),
  /** A comment's earlier bodies (under its document's threads, so a live event refreshes them too). */
  revisions: (documentId: string, commentId: string) =>
    queryOptions({
      queryKey: queryKeys.commentRevisions(documentId, commentId),
      queryFn: ({ signal }) => api.threads.revisions(commentId, { signal }),
    }),
};

/** A thread the server answered with replaces its old copy (or joins the list). */
export function threadSaved(client: QueryClient, thread: CommentThread): void {
  client.setQueryData<Threads>(queryKeys.threads(thread.documentId), (current) => {
    if (!current) return current;
    const known = current.threads.some((t) => t.id === thread.id);
    return { threads: known ? current.threads.map((t) => (t.id === thread.id ? thread : t)) : [...current.threads, thread] };
  });
  // Whatever else the change touched (revisions of an edited comment) is read again when shown.
  void client.invalidateQueries({ queryKey: [...queryKeys.threads(thread.documentId), "revisions"] });
}

export const threadMutations = {
  create: (client: QueryClient, documentId: string) =>
    mutationOptions({
      mutationFn: (input: { anchor: AnchorInput; body: string }) => api.threads.create(documentId, input),
      onSuccess: (thread) => threadSaved(client, thread),
    }),
  reply: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ threadId, body }: { threadId: string; body: string }) => api.threads.reply(threadId, body),
      onSuccess: (thread) => threadSaved(client, thread),
    }),
  resolve: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ threadId, note }: { threadId: string; note?: string | undefined }) => api.threads.resolve(threadId, note),
      onSuccess: (thread) => threadSaved(client, thread),
    }),
  reopen: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (threadId: string) => api.threads.reopen(threadId),
      onSuccess: (thread) => threadSaved(client, thread),
    }),
  edit: (client: QueryClient) =>
    mutationOptions({
      mutationFn: ({ commentId, body }: { commentId: string; body: string }) => api.threads.editComment(commentId, body),
      onSuccess: (thread) => threadSaved(client, thread),
    }),
  remove: (client: QueryClient) =>
    mutationOptions({
      mutationFn: (commentId: string) => api.threads.deleteComment(commentId),
      onSuccess: (thread) => threadSaved(client, thread),
    }),
};

export const useThreads = (documentId: string) => useQuery(threadQueries.threads(documentId));
export const useCommentRevisions = (documentId: string, commentId: string, enabled: boolean) =>
  useQuery({ ...threadQueries.revisions(documentId, commentId), enabled });
export const useCreateThread = (documentId: string) => useMutation(threadMutations.create(useQueryClient(), documentId));
export const useReply = () => useMutation(threadMutations.reply(useQueryClient()));
export const useResolveThread = () => useMutation(threadMutations.resolve(useQueryClient()));
export const useReopenThread = () => useMutation(threadMutations.reopen(useQueryClient()));
export const useEditComment = () => useMutation(threadMutations.edit(useQueryClient()));
export const useDeleteComment = () => useMutation(threadMutations.remove(useQueryClient()));

/** Where the browser downloads a document's threads (a plain link: the server sends the file). */
export function threadsExportUrl(documentId: string, format: ThreadExportFormat): string {
  return api.threads.exportUrl(documentId, format);
}
