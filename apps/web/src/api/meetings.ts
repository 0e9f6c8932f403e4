// Meetings (sesiones) as TanStack Query sees them: the lists under ["meetings", when], one meeting
// under ["meeting", id], the meetings whose agenda touches a project under ["projectMeetings",
// projectId]. Every mutation writes the meeting the server answers with into ["meeting", id] (or
// invalidates it when the answer is a part of it) and invalidates the lists. The meeting's own
// event stream (`meeting:<id>`, GET /api/meetings/:id/events) invalidates ["meeting", id] for
// everyone on the page, so meeting mode and the detail page follow each other live.
//
// The shapes are the ones fixed in the contracts (notes/13-contracts.md) for
// apps/server/src/routes/meetings.ts; request bodies come from the domain's schemas, which the
// server validates with.
import { mutationOptions, queryOptions, useMutation, useQuery, useQueryClient, type QueryClient, type UseMutationOptions, type UseMutationResult } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { z } from "zod";
import type {
  AgendaItemCreateInput,
  AgreementCreateInput,
  AgreementUpdateInput,
  Attendance,
  AttendancePatchInput,
  AttendeeCreateInput,
  MeetingKind,
  MeetingStatus,
  meetingCreateSchema,
  meetingUpdateSchema,
} from "@taller/domain/meetings";
import type { ReviewResult, ReviewRule } from "@taller/domain/reviews";
import type { DocumentKind } from "@taller/domain/vocabulary";
import type { InferResponseType } from "hono/client";
import { apiFetch } from "./client";
import type { client } from "./endpoints";
import { queryKeys } from "./keys";

export type { Attendance, MeetingKind, MeetingStatus } from "@taller/domain/meetings";

/** A person as the API names them (presenters/people.ts). */
export interface MeetingPerson {
  id: string;
  name: string;
  org: { id: string; shortName: string } | null;
}

export interface MeetingProjectRef {
  id: string;
  clave: string;
  name: string;
}

export type MeetingWhen = "upcoming" | "past" | "all";

export interface MeetingSummary {
  id: string;
  title: string;
  kind: MeetingKind;
  status: MeetingStatus;
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  link: string | null;
  convener: MeetingPerson;
  agendaCount: number;
  projects: MeetingProjectRef[];
}

export interface AgendaReview {
  id: string;
  status: "open" | "closed";
  result: ReviewResult | null;
  rule: ReviewRule;
  dueAt: string | null;
  version: { id: string; number: number; name: string; sha256: string };
  document: { id: string; title: string; kind: DocumentKind };
  project: MeetingProjectRef;
  lastApprovedVersionId: string | null;
  /** The actor may open the project's content (the version, its diff, its threads). */
  canRead: boolean;
  decisionsInMeeting: number;
}

export interface AgendaItem {
  id: string;
  position: number;
  kind: "review" | "topic";
  topic: string | null;
  notes: string | null;
  review: AgendaReview | null;
}

export interface Attendee {
  id: string;
  userId: string | null;
  name: string;
  orgName: string;
  orgShortName: string | null;
  attendance: Attendance;
  representedBy: string | null;
}

export interface Agreement {
  id: string;
  agendaItemId: string | null;
  text: string;
  responsible: { userId: string | null; name: string };
  dueOn: string;
  createdAt: string;
}

export interface Addendum {
  id: string;
  body: string;
  sha256: string;
  sealSha256: string;
  createdBy: MeetingPerson;
  createdAt: string;
}

export interface MeetingSeal {
  sealedAt: string;
  sealedBy: MeetingPerson;
  sha256: string;
}

export interface Meeting {
  id: string;
  title: string;
  kind: MeetingKind;
  status: MeetingStatus;
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  link: string | null;
  convener: MeetingPerson;
  createdAt: string;
  actaCollabName: string;
  currentItemId: string | null;
  agenda: AgendaItem[];
  attendees: Attendee[];
  agreements: Agreement[];
  seal: MeetingSeal | null;
  addenda: Addendum[];
  abilities: { manage: boolean; editActa: boolean };
}

export type NewMeeting = z.input<typeof meetingCreateSchema>;
export type MeetingPatch = z.input<typeof meetingUpdateSchema>;
export type NewAgendaItem = AgendaItemCreateInput;
export type NewAttendee = AttendeeCreateInput;
export type AttendancePatch = AttendancePatchInput;
export type NewAgreement = AgreementCreateInput;
export type AgreementPatch = AgreementUpdateInput;

export interface CloseResult {
  status: "sealed";
  sealedAt: string;
  sha256: string;
  meeting: Meeting;
}

type Signal = { signal?: AbortSignal | undefined };

const fetchJson = apiFetch();

/** One call to /api; JSON in and out (204 answers undefined). apiFetch throws ApiError for non-2xx. */
async function call<T>(method: string, path: string, body?: unknown, { signal }: Signal = {}): Promise<T> {
  const init: RequestInit = { method, signal: signal ?? null };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { "Content-Type": "application/json" };
  }
  const response = await fetchJson(`/api${path}`, init);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const m = (meetingId: string) => `/meetings/${encodeURIComponent(meetingId)}`;

export const meetingsApi = {
  list: (when: MeetingWhen, signal: Signal = {}) =>
    call<{ meetings: MeetingSummary[]; canConvene: boolean }>("GET", `/meetings?when=${when}`, undefined, signal),
  get: (meetingId: string, signal: Signal = {}) => call<Meeting>("GET", m(meetingId), undefined, signal),
  ofProject: (projectId: string, signal: Signal = {}) =>
    call<{ meetings: MeetingSummary[] }>("GET", `/projects/${encodeURIComponent(projectId)}/meetings`, undefined, signal),
  create: (input: NewMeeting) => call<Meeting>("POST", "/meetings", input),
  update: (meetingId: string, patch: MeetingPatch) => call<Meeting>("PATCH", m(meetingId), patch),
  cancel: (meetingId: string) => call<Meeting>("POST", `${m(meetingId)}/cancel`),
  addAgendaItem: (meetingId: string, input: NewAgendaItem) => call<AgendaItem>("POST", `${m(meetingId)}/agenda`, input),
  removeAgendaItem: (meetingId: string, itemId: string) => call<void>("DELETE", `${m(meetingId)}/agenda/${encodeURIComponent(itemId)}`),
  orderAgenda: (meetingId: string, itemIds: string[]) => call<{ agenda: AgendaItem[] }>("PUT", `${m(meetingId)}/agenda/order`, { itemIds }),
  addAttendee: (meetingId: string, input: NewAttendee) => call<Attendee>("POST", `${m(meetingId)}/attendees`, input),
  setAttendance: (meetingId: string, attendeeId: string, input: AttendancePatch) =>
    call<Attendee>("PATCH", `${m(meetingId)}/attendees/${encodeURIComponent(attendeeId)}`, input),
  removeAttendee: (meetingId: string, attendeeId: string) => call<void>("DELETE", `${m(meetingId)}/attendees/${encodeURIComponent(attendeeId)}`),
  addAgreement: (meetingId: string, input: NewAgreement) => call<Agreement>("POST", `${m(meetingId)}/agreements`, input),
  updateAgreement: (meetingId: string, agreementId: string, patch: AgreementPatch) =>
    call<Agreement>("PATCH", `${m(meetingId)}/agreements/${encodeURIComponent(agreementId)}`, patch),
  removeAgreement: (meetingId: string, agreementId: string) => call<void>("DELETE", `${m(meetingId)}/agreements/${encodeURIComponent(agreementId)}`),
  start: (meetingId: string) => call<Meeting>("POST", `${m(meetingId)}/start`),
  setCurrent: (meetingId: string, itemId: string | null) => call<Meeting>("PUT", `${m(meetingId)}/current`, { itemId }),
  close: (meetingId: string) => call<CloseResult>("POST", `${m(meetingId)}/close`),
  addAddendum: (meetingId: string, body: string) => call<Addendum>("POST", `${m(meetingId)}/addenda`, { body }),
};

/** Download links (the browser fetches them with the session cookie). */
export const meetingLinks = {
  ics: (meetingId: string) => `/api${m(meetingId)}/meeting.ics`,
  acta: (meetingId: string, format: "pdf" | "html" | "md") => `/api${m(meetingId)}/acta.${format}`,
  seal: (meetingId: string) => `/api${m(meetingId)}/seal`,
  events: (meetingId: string) => `/api${m(meetingId)}/events`,
};

export const meetingQueries = {
  list: (when: MeetingWhen) => queryOptions({ queryKey: queryKeys.meetings(when), queryFn: ({ signal }) => meetingsApi.list(when, { signal }) }),
  one: (meetingId: string) => queryOptions({ queryKey: queryKeys.meeting(meetingId), queryFn: ({ signal }) => meetingsApi.get(meetingId, { signal }) }),
  ofProject: (projectId: string) =>
    queryOptions({ queryKey: queryKeys.projectMeetings(projectId), queryFn: ({ signal }) => meetingsApi.ofProject(projectId, { signal }) }),
};

/** Everything that lists meetings is read again (titles, dates, statuses and agendas show there). */
function invalidateLists(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: ["meetings"] });
  void client.invalidateQueries({ queryKey: ["projectMeetings"] });
}

/** A meeting the server answered with: shown as is, and the lists read again. */
export function meetingSaved(client: QueryClient, meeting: Meeting): void {
  client.setQueryData(queryKeys.meeting(meeting.id), meeting);
  invalidateLists(client);
}

/** A change answered with a part of the meeting (an item, an attendee): the meeting is read again. */
function meetingChanged(client: QueryClient, meetingId: string): Promise<void> {
  invalidateLists(client);
  return client.invalidateQueries({ queryKey: queryKeys.meeting(meetingId) });
}

export const meetingMutations = {
  create: (client: QueryClient) => mutationOptions({ mutationFn: (input: NewMeeting) => meetingsApi.create(input), onSuccess: (meeting) => meetingSaved(client, meeting) }),
  update: (client: QueryClient, meetingId: string) =>
    mutationOptions({ mutationFn: (patch: MeetingPatch) => meetingsApi.update(meetingId, patch), onSuccess: (meeting) => meetingSaved(client, meeting) }),
  start: (client: QueryClient, meetingId: string) =>
    mutationOptions({ mutationFn: () => meetingsApi.start(meetingId), onSuccess: (meeting) => meetingSaved(client, meeting) }),
  cancel: (client: QueryClient, meetingId: string) =>
    mutationOptions({ mutationFn: () => meetingsApi.cancel(meetingId), onSuccess: (meeting) => meetingSaved(client, meeting) }),
  setCurrent: (client: QueryClient, meetingId: string) =>
    mutationOptions({ mutationFn: (itemId: string | null) => meetingsApi.setCurrent(meetingId, itemId), onSuccess: (meeting) => meetingSaved(client, meeting) }),
  close: (client: QueryClient, meetingId: string) =>
    mutationOptions({
      mutationFn: () => meetingsApi.close(meetingId),
      onSuccess: (result) => {
        meetingSaved(client, result.meeting);
        // The rounds on its agenda and the projects' lists of meetings show the seal.
        void client.invalidateQueries({ queryKey: ["review"] });
      },
    }),
  addAgendaItem: (client: QueryClient, meetingId: string) =>
    mutationOptions({
      mutationFn: (input: NewAgendaItem) => meetingsApi.addAgendaItem(meetingId, input),
      onSuccess: () => meetingChanged(client, meetingId),
    }),
  removeAgendaItem: (client: QueryClient, meetingId: string) =>
    mutationOptions({ mutationFn: (itemId: string) => meetingsApi.removeAgendaItem(meetingId, itemId), onSuccess: () => meetingChanged(client, meetingId) }),
  orderAgenda: (client: QueryClient, meetingId: string) =>
    mutationOptions({
      mutationFn: (itemIds: string[]) => meetingsApi.orderAgenda(meetingId, itemIds),
      onSuccess: ({ agenda }) => {
        client.setQueryData<Meeting>(queryKeys.meeting(meetingId), (current) => (current ? { ...current, agenda } : current));
      },
    }),
  addAttendee: (client: QueryClient, meetingId: string) =>
    mutationOptions({ mutationFn: (input: NewAttendee) => meetingsApi.addAttendee(meetingId, input), onSuccess: () => meetingChanged(client, meetingId) }),
  setAttendance: (client: QueryClient, meetingId: string) =>
    mutationOptions({
      mutationFn: ({ attendeeId, input }: { attendeeId: string; input: AttendancePatch }) => meetingsApi.setAttendance(meetingId, attendeeId, input),
      onSuccess: (attendee) => {
        client.setQueryData<Meeting>(queryKeys.meeting(meetingId), (current) =>
          current ? { ...current, attendees: current.attendees.map((a) => (a.id === attendee.id ? attendee : a)) } : current,
        );
      },
    }),
  removeAttendee: (client: QueryClient, meetingId: string) =>
    mutationOptions({ mutationFn: (attendeeId: string) => meetingsApi.removeAttendee(meetingId, attendeeId), onSuccess: () => meetingChanged(client, meetingId) }),
  addAgreement: (client: QueryClient, meetingId: string) =>
    mutationOptions({ mutationFn: (input: NewAgreement) => meetingsApi.addAgreement(meetingId, input), onSuccess: () => meetingChanged(client, meetingId) }),
  removeAgreement: (client: QueryClient, meetingId: string) =>
    mutationOptions({ mutationFn: (agreementId: string) => meetingsApi.removeAgreement(meetingId, agreementId), onSuccess: () => meetingChanged(client, meetingId) }),
  addAddendum: (client: QueryClient, meetingId: string) =>
    mutationOptions({ mutationFn: (body: string) => meetingsApi.addAddendum(meetingId, body), onSuccess: () => meetingChanged(client, meetingId) }),
};

export const useMeetings = (when: MeetingWhen) => useQuery(meetingQueries.list(when));
export const useMeeting = (meetingId: string) => useQuery(meetingQueries.one(meetingId));
export const useProjectMeetings = (projectId: string, enabled = true) => useQuery({ ...meetingQueries.ofProject(projectId), enabled });

type Factories = Omit<typeof meetingMutations, "create">;
type Fn<K extends keyof Factories> = NonNullable<ReturnType<Factories[K]>["mutationFn"]>;
type Vars<K extends keyof Factories> = Parameters<Fn<K>>[0];
type Data<K extends keyof Factories> = Awaited<ReturnType<Fn<K>>>;

/** A meeting's mutation bound to the app's client: `useMeetingMutation("start", id).mutate()`. */
export function useMeetingMutation<K extends keyof Factories>(name: K, meetingId: string): UseMutationResult<Data<K>, Error, Vars<K>> {
  const client = useQueryClient();
  const factory = meetingMutations[name] as unknown as (client: QueryClient, meetingId: string) => UseMutationOptions<Data<K>, Error, Vars<K>>;
  return useMutation(factory(client, meetingId));
}

export const useCreateMeeting = () => useMutation(meetingMutations.create(useQueryClient()));

/** The event types of a meeting's stream (EventSource delivers named events only to listeners of that name). */
export const MEETING_EVENT_TYPES = [
  "meeting.updated",
  "meeting.agenda",
  "meeting.attendees",
  "meeting.agreements",
  "meeting.current",
  "meeting.started",
  "meeting.sealed",
  "meeting.cancelled",
  "meeting.addendum",
  "meeting.decision",
] as const;

/** Events that arrive together (a burst of changes) refresh once, after this pause. */
const BATCH_MS = 60;

export type MeetingLive = "connecting" | "open" | "closed";

/**
 * Keeps a meeting live while mounted: every event of `meeting:<id>` invalidates ["meeting", id]
 * (and, for a decision, the round it names), so everyone connected sees the agenda, the current
 * item, attendance, agreements and the seal as they change. Like api/events.ts: the browser's
 * EventSource reconnects by itself and the server resumes after the last event id it got.
 */
export function useMeetingEvents(meetingId: string | undefined): MeetingLive {
  const client = useQueryClient();
  const [state, setState] = useState<{ id: string | undefined; status: MeetingLive }>({ id: meetingId, status: "connecting" });
  useEffect(() => {
    if (!meetingId || typeof EventSource === "undefined") return;
    const setStatus = (status: MeetingLive) => setState({ id: meetingId, status });
    const source = new EventSource(meetingLinks.events(meetingId));
    let reviewIds = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      void client.invalidateQueries({ queryKey: queryKeys.meeting(meetingId) });
      for (const reviewId of reviewIds) void client.invalidateQueries({ queryKey: queryKeys.review(reviewId) });
      reviewIds = new Set();
      invalidateLists(client);
    };
    const onEvent = (event: MessageEvent<string>) => {
      try {
        const data = JSON.parse(event.data) as { reviewId?: unknown };
        if (typeof data.reviewId === "string") reviewIds.add(data.reviewId);
      } catch {
        // An event without data still says the meeting changed.
      }
      timer ??= setTimeout(flush, BATCH_MS);
    };
    for (const type of MEETING_EVENT_TYPES) source.addEventListener(type, onEvent);
    source.addEventListener("ready", () => setStatus("open"));
    source.addEventListener("access", () => {
      // No longer a reader of the meeting: what was shown is read again, and the page shows the refusal.
      source.close();
      setStatus("closed");
      void client.invalidateQueries({ queryKey: queryKeys.meeting(meetingId) });
    });
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "closed" : "connecting");
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [client, meetingId]);
  return state.id === meetingId ? state.status : "connecting";
}

// The screens use the contract's names above; the compiler checks that the server's answers
// (typed from apps/server/src/routes/meetings.ts) still fit them, so a drift fails the build.
type Conforms<Server, Screens> = Server extends Screens ? true : never;
type Meetings = typeof client.meetings;
export const meetingShapesMatch: [
  Conforms<InferResponseType<Meetings[":id"]["$get"]>, Meeting>,
  Conforms<InferResponseType<Meetings["$get"]>, { meetings: MeetingSummary[]; canConvene: boolean }>,
  Conforms<InferResponseType<Meetings[":id"]["agenda"]["$post"], 201>, AgendaItem>,
  Conforms<InferResponseType<Meetings[":id"]["attendees"]["$post"], 201>, Attendee>,
  Conforms<InferResponseType<Meetings[":id"]["agreements"]["$post"], 201>, Agreement>,
  Conforms<InferResponseType<Meetings[":id"]["addenda"]["$post"], 201>, Addendum>,
  Conforms<InferResponseType<Meetings[":id"]["close"]["$post"]>, CloseResult>,
] = [true, true, true, true, true, true, true];
