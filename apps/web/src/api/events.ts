// Live refresh from the server's event streams (Server-Sent Events, apps/server/src/routes/
// events.ts). An event says only what changed (ids); the screens' data is fetched again through
// the usual queries, so there is one source of truth. The browser's EventSource reconnects by
// itself and sends the last event id, and the server resumes right after it: nothing is missed
// across a dropped connection.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { api } from "./endpoints";
import { queryKeys } from "./keys";
import { invalidateProject } from "./queries";
import { refreshReviewsForEvents } from "./reviews";

/**
 * The event types of a project's stream (`event:` is the type, and EventSource only delivers
 * named events to listeners of that name): the audit actions of project changes and comments.
 */
export const PROJECT_EVENT_TYPES = [
  "project.updated",
  "project.stage_changed",
  "member.added",
  "member.role_changed",
  "member.removed",
  "document.created",
  "document.renamed",
  "document.archived",
  "document.restored",
  "document.deleted",
  "project.archived",
  "project.restored",
  "asset.uploaded",
  "thread.created",
  "thread.resolved",
  "thread.reopened",
  "comment.created",
  "comment.edited",
  "comment.deleted",
  "version.created",
  "version.restored",
  "review.submitted",
  "review.decided",
  "review.closed",
  "meeting.scheduled_review",
  "meeting.unscheduled_review",
  "milestone.created",
  "milestone.updated",
  "milestone.deleted",
  "progress_plan.updated",
  "progress_report.created",
  "progress_report.updated",
  "indicator.created",
  "indicator.updated",
  "indicator.deleted",
  "indicator.measured",
  "measurement.deleted",
] as const;

/** The event types of a person's own stream. */
export const USER_EVENT_TYPES = ["notification.created", "notifications.read"] as const;

/** Where a live stream is: connecting (or reconnecting), open, or ended by the server (access lost). */
export type LiveStatus = "connecting" | "open" | "closed";

/** Events that arrive together (a burst of changes) refresh once, after this pause. */
const BATCH_MS = 60;

interface StreamOptions {
  url: string;
  types: readonly string[];
  /** Called once per batch with the `data` of every event in it. */
  onEvents: (events: Record<string, unknown>[]) => void;
  /** The server ended the stream for good (`event: access`: removed from the project, session ended). */
  onAccessEnded: () => void;
}

/** One EventSource on `url` while mounted; answers its status. */
function useEventStream({ url, types, onEvents, onAccessEnded }: StreamOptions): LiveStatus {
  // The status of the stream on `url` (a new url starts as connecting).
  const [state, setState] = useState<{ url: string; status: LiveStatus }>({ url, status: "connecting" });
  useEffect(() => {
    if (!url || typeof EventSource === "undefined") return;
    const setStatus = (status: LiveStatus) => setState({ url, status });
    const source = new EventSource(url);
    let batch: Record<string, unknown>[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const events = batch;
      batch = [];
      if (events.length > 0) onEvents(events);
    };
    const onEvent = (event: MessageEvent<string>) => {
      try {
        batch.push(JSON.parse(event.data) as Record<string, unknown>);
      } catch {
        batch.push({});
      }
      timer ??= setTimeout(flush, BATCH_MS);
    };
    for (const type of types) source.addEventListener(type, onEvent);
    source.addEventListener("ready", () => setStatus("open"));
    source.addEventListener("access", () => {
      source.close();
      setStatus("closed");
      onAccessEnded();
    });
    // A network failure: the browser reconnects (CONNECTING); a refusal (401, 404) closes it.
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "closed" : "connecting");
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [url, types, onEvents, onAccessEnded]);
  return state.url === url ? state.status : "connecting";
}

/** What a project's events make stale: everything of the project, and the threads of the documents they name. */
export function refreshForProjectEvents(client: QueryClient, projectId: string, events: Record<string, unknown>[]): void {
  void invalidateProject(client, projectId);
  const documentIds = new Set(events.map((e) => e.documentId).filter((id): id is string => typeof id === "string"));
  for (const documentId of documentIds) void client.invalidateQueries({ queryKey: queryKeys.threads(documentId) });
  // A version frozen or restored, or a review of one: the document's versions list (and its review status).
  for (const documentId of documentIds) void client.invalidateQueries({ queryKey: queryKeys.versions(documentId) });
  refreshReviewsForEvents(client, projectId, events);
  // A round put on or taken off a meeting's agenda: the project's meetings (a round's «Sesiones» box).
  if (events.some((e) => e.type === "meeting.scheduled_review" || e.type === "meeting.unscheduled_review")) {
    void client.invalidateQueries({ queryKey: queryKeys.projectMeetings(projectId) });
  }
}

/**
 * Keeps what is shown of a project live while mounted: each event of its stream invalidates the
 * project's queries (["project", id] and the rest `invalidateProject` reaches) and, when it names
 * a document, that document's threads (["threads", documentId]).
 */
export function useProjectEvents(projectId: string | undefined): LiveStatus {
  const client = useQueryClient();
  const bound = useMemo(
    () => ({
      onEvents: (events: Record<string, unknown>[]) => {
        if (projectId) refreshForProjectEvents(client, projectId, events);
      },
      // Removed from the project: what was shown of the project is dropped and read again, so the
      // workspace shows the server's refusal instead of data the person may no longer see. An open
      // document is left alone: its socket is closed with 4403 too, and the document page then
      // offers what this browser holds unsaved before anything of it is dropped.
      onAccessEnded: () => {
        if (!projectId) return;
        void client.resetQueries({ queryKey: queryKeys.project(projectId) });
        void client.invalidateQueries({ queryKey: queryKeys.projectLists });
      },
    }),
    [client, projectId],
  );
  const status = useEventStream({ url: projectId ? api.events.project(projectId) : "", types: PROJECT_EVENT_TYPES, ...bound });
  return projectId ? status : "closed";
}

/**
 * Keeps the signed-in person's inbox (["notifications"]) live while mounted, and the rounds pending
 * for them (["pendingReviews"]: a review request or reminder arrives as a notification).
 */
export function useUserEvents(enabled = true): LiveStatus {
  const client = useQueryClient();
  const [bound] = useState(() => ({
    onEvents: () => {
      void client.invalidateQueries({ queryKey: queryKeys.notifications });
      void client.invalidateQueries({ queryKey: queryKeys.pendingReviews });
    },
    onAccessEnded: () => void client.invalidateQueries({ queryKey: queryKeys.notifications }),
  }));
  const status = useEventStream({ url: enabled ? api.events.mine() : "", types: USER_EVENT_TYPES, ...bound });
  return enabled ? status : "closed";
}
