// What screens import: the endpoints, the error type, the cache's keys, queries and mutations.
export { api } from "./endpoints";
export { ApiError, onUnauthenticated, reportUnauthenticated } from "./client";
export { queryKeys } from "./keys";
export * from "./queries";
export * from "./types";
