// Review rounds as TanStack Query sees them: a project's rounds under ["reviews", projectId], one
// round under ["review", reviewId], and the signed-in person's pending rounds across projects under
// ["pendingReviews"]. The project event stream (review.submitted|decided|closed) invalidates the
// first two (events.ts); the person's own stream (a notification arrived) the third. Each mutation
// writes the round the server answers with into ["review", id] and invalidates the lists and the
// version list of its document (["versions", documentId]: their `latestReview`).
import { mutationOptions, queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { ClientResponse, InferRequestType, InferResponseType } from "hono/client";
import { client } from "./endpoints";
import { queryKeys } from "./keys";

export type { ReviewDecision, ReviewResult, ReviewRule } from "@taller/domain/reviews";

// The wire's shapes, derived from the server's routes (apps/server/src/routes/reviews.ts).
type Reviews = typeof client.reviews;
/** A round as the reader sees it, with what they may do in it (`mine`). */
export type Review = InferResponseType<Reviews[":id"]["$get"]>;
export type ReviewParticipantRecord = Review["participants"][number];
export type ReviewDecisionRecord = Review["decisions"][number];
/** A person as the API names them: name and agency, always. */
export type ReviewPerson = Review["createdBy"];
export type PendingReview = InferResponseType<(typeof client.me)["pending-reviews"]["$get"]>["reviews"][number];
export type NewReview = InferRequestType<(typeof client.versions)[":id"]["reviews"]["$post"]>["json"];
export type NewDecision = InferRequestType<Reviews[":id"]["decisions"]["$post"]>["json"];

type Signal = { signal?: AbortSignal | undefined };
const init = ({ signal }: Signal) => ({ init: { signal: signal ?? null } });
/** The parsed body of a 2xx answer (the client's fetch has already thrown ApiError for any other). */
async function body<T>(call: Promise<ClientResponse<T>>): Promise<T> {
  return (await call).json() as Promise<T>;
}

export const reviewsApi = {
  list: (projectId: string, signal: Signal = {}) => body(client.projects[":id"].reviews.$get({ param: { id: projectId } }, init(signal))),
  get: (reviewId: string, signal: Signal = {}) => body(client.reviews[":id"].$get({ param: { id: reviewId } }, init(signal))),
  pending: (signal: Signal = {}) => body(client.me["pending-reviews"].$get({}, init(signal))),
  submit: (versionId: string, input: NewReview) => body(client.versions[":id"].reviews.$post({ param: { id: versionId }, json: input })),
  decide: (reviewId: string, input: NewDecision) => body(client.reviews[":id"].decisions.$post({ param: { id: reviewId }, json: input })),
  close: (reviewId: string) => body(client.reviews[":id"].close.$post({ param: { id: reviewId } })),
};

export const reviewQueries = {
  /** A project's rounds, in the server's order: pending for me first, other open ones, then closed. */
  list: (projectId: string) =>
    queryOptions({ queryKey: queryKeys.reviews(projectId), queryFn: ({ signal }) => reviewsApi.list(projectId, { signal }) }),
  one: (reviewId: string) => queryOptions({ queryKey: queryKeys.review(reviewId), queryFn: ({ signal }) => reviewsApi.get(reviewId, { signal }) }),
  /** The rounds waiting for the signed-in person's decision, across projects. */
  pending: () => queryOptions({ queryKey: queryKeys.pendingReviews, queryFn: ({ signal }) => reviewsApi.pending({ signal }) }),
};

/** A round the server answered with: shown as is, and everything that lists rounds read again. */
export function reviewSaved(client: QueryClient, review: Review): void {
  client.setQueryData(queryKeys.review(review.id), review);
  void client.invalidateQueries({ queryKey: queryKeys.reviews(review.projectId) });
  void client.invalidateQueries({ queryKey: queryKeys.pendingReviews });
  void client.invalidateQueries({ queryKey: queryKeys.versions(review.version.documentId) });
  // A submission that superseded an earlier round closed that one too.
  void client.invalidateQueries({ queryKey: ["review"], predicate: (query) => query.queryKey[1] !== review.id && (query.state.data as Review | undefined)?.projectId === review.projectId });
}

export const reviewMutations = {
  submit: (client: QueryClient, versionId: string) =>
    mutationOptions({
      mutationFn: (input: NewReview) => reviewsApi.submit(versionId, input),
      onSuccess: (review) => reviewSaved(client, review),
    }),
  decide: (client: QueryClient, reviewId: string) =>
    mutationOptions({
      mutationFn: (input: NewDecision) => reviewsApi.decide(reviewId, input),
      onSuccess: (review) => reviewSaved(client, review),
    }),
  close: (client: QueryClient, reviewId: string) =>
    mutationOptions({
      mutationFn: () => reviewsApi.close(reviewId),
      onSuccess: (review) => reviewSaved(client, review),
    }),
};

export const useProjectReviews = (projectId: string) => useQuery(reviewQueries.list(projectId));
export const useReview = (reviewId: string) => useQuery(reviewQueries.one(reviewId));
export const usePendingReviews = () => useQuery(reviewQueries.pending());
export const useSubmitReview = (versionId: string) => useMutation(reviewMutations.submit(useQueryClient(), versionId));
export const useDecide = (reviewId: string) => useMutation(reviewMutations.decide(useQueryClient(), reviewId));
export const useCloseReview = (reviewId: string) => useMutation(reviewMutations.close(useQueryClient(), reviewId));

/** Whether the project event types are about review rounds (they refresh the rounds' keys). */
export const REVIEW_EVENT_TYPES = ["review.submitted", "review.decided", "review.closed"] as const;

/** What a batch of project events makes stale among the rounds: the project's list, and each named round. */
export function refreshReviewsForEvents(client: QueryClient, projectId: string, events: Record<string, unknown>[]): void {
  const reviewEvents = events.filter((e) => typeof e.type === "string" && e.type.startsWith("review."));
  if (reviewEvents.length === 0) return;
  void client.invalidateQueries({ queryKey: queryKeys.reviews(projectId) });
  void client.invalidateQueries({ queryKey: queryKeys.pendingReviews });
  for (const event of reviewEvents) {
    if (typeof event.reviewId === "string") void client.invalidateQueries({ queryKey: queryKeys.review(event.reviewId) });
    if (typeof event.documentId === "string") void client.invalidateQueries({ queryKey: queryKeys.versions(event.documentId) });
  }
}
