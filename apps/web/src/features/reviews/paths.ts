// Addresses of the review screens (small, so any chunk can link to them without loading the screens).

/** A round's page. */
export const reviewPath = (projectId: string, reviewId: string) => `/projects/${encodeURIComponent(projectId)}/reviews/${encodeURIComponent(reviewId)}`;

/** A version's own page (C's VersionPage: read-only content, compare, restore, submit for review). */
export const versionPath = (documentId: string, versionId: string) => `/documents/${encodeURIComponent(documentId)}/versions/${encodeURIComponent(versionId)}`;
