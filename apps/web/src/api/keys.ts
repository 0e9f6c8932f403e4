// Every cache key of the web app, in one place: a screen that reads the same data as another
// uses the same key (so it is fetched once and shared), and a mutation invalidates by the same
// keys. Everything about one project lives under ["project", id], so one call reaches it all.
import type { ProjectFilters } from "./types";

export const queryKeys = {
  /** The signed-in person (null while nobody is): GET /api/auth/me. */
  session: ["session"] as const,
  clientConfig: ["client-config"] as const,
  orgs: ["orgs"] as const,
  users: ["users"] as const,
  /** Every version of the territorial layers (GET /api/layers?all=1, the admin page): under ["layers"], so imports refresh it with the map's list. */
  layerVersions: ["layers", "all"] as const,
  /** The land-use compatibility matrix (GET /api/compatibility). */
  compatibility: ["compatibility"] as const,
  /** The people directory; "" is everybody (the activity trail's names). */
  people: (q: string) => ["people", q] as const,
  /** Every portfolio list, whatever its filters. */
  projectLists: ["projects"] as const,
  /** One portfolio list. Unset filters are left out of the key, so {} and {stage: undefined} share it. */
  projects: (filters: ProjectFilters) => ["projects", definedOnly(filters)] as const,
  project: (projectId: string) => ["project", projectId] as const,
  members: (projectId: string) => ["project", projectId, "members"] as const,
  documents: (projectId: string) => ["project", projectId, "documents"] as const,
  activity: (projectId: string) => ["project", projectId, "activity"] as const,
  /** A document opened by id; it carries its project's id in its data (see invalidateProject). */
  document: (documentId: string) => ["document", documentId] as const,
  /** A document's comment threads (open and resolved); the project event stream invalidates it. */
  threads: (documentId: string) => ["threads", documentId] as const,
  /** The signed-in person's inbox (items and unread count); their own event stream invalidates it. */
  notifications: ["notifications"] as const,
  /** The signed-in person's preferences (email on or off). */
  preferences: ["preferences"] as const,
  /** A comment's earlier bodies, under its document's threads. */
  commentRevisions: (documentId: string, commentId: string) => ["threads", documentId, "revisions", commentId] as const,
  /** A diff from the earlier to the later of a version and `against` (another version's id, or "live"). */
  versionDiff: (versionId: string, against: string) => ["versionDiff", versionId, against] as const,
  /** A document's versions, newest first; the project event stream invalidates it (version and review events name the document). */
  versions: (documentId: string) => ["versions", documentId] as const,
  /** One version with its content (immutable, so it is never stale). */
  version: (versionId: string) => ["version", versionId] as const,
  /** A project's review rounds (pending for me first); the project event stream invalidates it. */
  reviews: (projectId: string) => ["reviews", projectId] as const,
  /** One review round, with its participants, decisions and what the signed-in person may do. */
  review: (reviewId: string) => ["review", reviewId] as const,
  /** The rounds waiting for the signed-in person, across projects (the portfolio's «pendiente para mí»). */
  pendingReviews: ["pendingReviews"] as const,
  /** Meetings listed by when they are ("upcoming" | "past" | "all"), with whether the person may convene. */
  meetings: (when: string) => ["meetings", when] as const,
  /** One meeting: facts, agenda, attendees, agreements, seal, addenda; its event stream invalidates it. */
  meeting: (meetingId: string) => ["meeting", meetingId] as const,
  /** The meetings whose agenda touches a project (a round's «En la orden del día de»). */
  projectMeetings: (projectId: string) => ["projectMeetings", projectId] as const,
  /** A project's follow-up (milestones, plan, reports, indicators, alerts): under the project, so its event stream refreshes it. */
  followUp: (projectId: string) => ["project", projectId, "followUp"] as const,
  /** The portfolio dashboard for some filters: under the portfolio lists, so whatever refreshes them refreshes it. */
  dashboard: (filters: ProjectFilters) => ["projects", "dashboard", definedOnly(filters)] as const,
  /** The current territorial layers (GET /api/layers); admins' imports invalidate it. */
  layers: ["layers"] as const,
  /** One layer version's GeoJSON (immutable: a new import is a new id). */
  layer: (layerId: string) => ["layer", layerId] as const,
};

function definedOnly(filters: ProjectFilters): ProjectFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== ""));
}
