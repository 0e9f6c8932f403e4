// A project's follow-up (seguimiento) as TanStack Query sees it: everything under
// ["project", id, "followUp"] — milestones, the progress plan, the progress reports, the indicators
// with their measurements and the alerts the server computed — read in one request
// (GET /api/projects/:id/follow-up). Being under ["project", id], the project's event stream
// (milestone.*, progress_plan.*, progress_report.*, indicator.*, measurement.*) refreshes it for
// everyone with the tab open, and every change here refreshes the project (its alerts) and the
// portfolio lists (their alert badges) too.
//
// Answers are typed by the server's routes (apps/server/src/routes/follow-up.ts, dashboard.ts);
// request bodies come from the domain's schemas, which the server validates with.
import { keepPreviousData, mutationOptions, queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  indicatorCreateSchema,
  indicatorPatchSchema,
  measurementCreateSchema,
  milestoneCreateSchema,
  milestonePatchSchema,
  progressPlanSchema,
  progressReportCreateSchema,
  progressReportPatchSchema,
} from "@taller/domain/follow-up";
import type { ClientResponse, InferResponseType } from "hono/client";
import { client } from "./endpoints";
import { queryKeys } from "./keys";
import type { ProjectFilters } from "./types";

export type { FollowUpAlert, FollowUpAlertCode } from "@taller/domain/follow-up";

// The wire's shapes, derived from the server's routes (apps/server/src/routes/follow-up.ts, dashboard.ts).
type ProjectRoutes = (typeof client.projects)[":id"];
/** A project's whole follow-up, with the alerts and what the reader may do (`abilities`). */
export type FollowUp = InferResponseType<ProjectRoutes["follow-up"]["$get"]>;
export type Milestone = FollowUp["milestones"][number];
export type PlanPoint = FollowUp["plan"][number];
export type ProgressReport = FollowUp["reports"][number];
export type SourceAmounts = NonNullable<ProgressReport["financial"]["bySource"]>[number];
export type Indicator = FollowUp["indicators"][number];
export type Measurement = Indicator["measurements"][number];
/** The portfolio dashboard for some filters. */
export type PortfolioDashboard = InferResponseType<(typeof client.portfolio)["dashboard"]["$get"]>;

export type NewMilestone = z.input<typeof milestoneCreateSchema>;
export type MilestonePatch = z.input<typeof milestonePatchSchema>;
export type ProgressPlanInput = z.input<typeof progressPlanSchema>;
export type NewProgressReport = z.input<typeof progressReportCreateSchema>;
export type ProgressReportPatch = z.input<typeof progressReportPatchSchema>;
export type NewIndicator = z.input<typeof indicatorCreateSchema>;
export type IndicatorPatch = z.input<typeof indicatorPatchSchema>;
export type NewMeasurement = z.input<typeof measurementCreateSchema>;

type Signal = { signal?: AbortSignal | undefined };
const init = ({ signal }: Signal) => ({ init: { signal: signal ?? null } });
/** The parsed body of a 2xx answer (the client's fetch has already thrown ApiError for any other). */
async function body<T>(call: Promise<ClientResponse<T>>): Promise<T> {
  return (await call).json() as Promise<T>;
}
async function done(call: Promise<unknown>): Promise<void> {
  await call;
}

const projects = () => client.projects[":id"];

export const followUpApi = {
  get: (projectId: string, signal: Signal = {}) => body(projects()["follow-up"].$get({ param: { id: projectId } }, init(signal))),
  createMilestone: (projectId: string, input: NewMilestone) => body(projects().milestones.$post({ param: { id: projectId }, json: input })),
  updateMilestone: (projectId: string, milestoneId: string, patch: MilestonePatch) =>
    body(projects().milestones[":milestoneId"].$patch({ param: { id: projectId, milestoneId }, json: patch })),
  deleteMilestone: (projectId: string, milestoneId: string) => done(projects().milestones[":milestoneId"].$delete({ param: { id: projectId, milestoneId } })),
  savePlan: (projectId: string, input: ProgressPlanInput) => body(projects()["progress-plan"].$put({ param: { id: projectId }, json: input })),
  createReport: (projectId: string, input: NewProgressReport) => body(projects()["progress-reports"].$post({ param: { id: projectId }, json: input })),
  updateReport: (projectId: string, reportId: string, patch: ProgressReportPatch) =>
    body(projects()["progress-reports"][":reportId"].$patch({ param: { id: projectId, reportId }, json: patch })),
  createIndicator: (projectId: string, input: NewIndicator) => body(projects().indicators.$post({ param: { id: projectId }, json: input })),
  updateIndicator: (projectId: string, indicatorId: string, patch: IndicatorPatch) =>
    body(projects().indicators[":indicatorId"].$patch({ param: { id: projectId, indicatorId }, json: patch })),
  deleteIndicator: (projectId: string, indicatorId: string) => done(projects().indicators[":indicatorId"].$delete({ param: { id: projectId, indicatorId } })),
  addMeasurement: (projectId: string, indicatorId: string, input: NewMeasurement) =>
    body(projects().indicators[":indicatorId"].measurements.$post({ param: { id: projectId, indicatorId }, json: input })),
  deleteMeasurement: (projectId: string, indicatorId: string, measurementId: string) =>
    done(projects().indicators[":indicatorId"].measurements[":measurementId"].$delete({ param: { id: projectId, indicatorId, measurementId } })),
  /** A report's photo: its bytes as the body (fetch sends the file's own type). */
  uploadPhoto: (projectId: string, file: Blob) => body(projects().assets.$post({ param: { id: projectId } }, { init: { body: file } })),
  dashboard: (filters: ProjectFilters, signal: Signal = {}) => body(client.portfolio.dashboard.$get({ query: filters }, init(signal))),
  /** The dashboard's CSV (one row per visible project) with the same filters: a download link. */
  dashboardCsvUrl: (filters: ProjectFilters) => `/api${client.portfolio["dashboard.csv"].$path({ query: definedFilters(filters) })}`,
};

function definedFilters(filters: ProjectFilters): ProjectFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== ""));
}

export const followUpQueries = {
  followUp: (projectId: string) =>
    queryOptions({ queryKey: queryKeys.followUp(projectId), queryFn: ({ signal }) => followUpApi.get(projectId, { signal }) }),
  dashboard: (filters: ProjectFilters) =>
    queryOptions({ queryKey: queryKeys.dashboard(filters), queryFn: ({ signal }) => followUpApi.dashboard(filters, { signal }) }),
};

/**
 * After any follow-up change: the follow-up is read again (the server recomputes the alerts), and
 * so are the project (its alerts on the overview), the portfolio lists and the dashboard.
 */
export function followUpChanged(client: QueryClient, projectId: string): Promise<unknown> {
  return Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.followUp(projectId) }),
    client.invalidateQueries({ queryKey: queryKeys.project(projectId), exact: true }),
    client.invalidateQueries({ queryKey: queryKeys.activity(projectId) }),
    client.invalidateQueries({ queryKey: queryKeys.projectLists }),
  ]);
}

/** A change that resolves once the follow-up shown has been read again (so a form closes on the new numbers). */
function change<Input, Output>(client: QueryClient, projectId: string, run: (input: Input) => Promise<Output>) {
  return mutationOptions({
    mutationFn: run,
    onSuccess: () => followUpChanged(client, projectId),
  });
}

export const followUpMutations = {
  createMilestone: (client: QueryClient, projectId: string) => change(client, projectId, (input: NewMilestone) => followUpApi.createMilestone(projectId, input)),
  updateMilestone: (client: QueryClient, projectId: string) =>
    change(client, projectId, ({ id, patch }: { id: string; patch: MilestonePatch }) => followUpApi.updateMilestone(projectId, id, patch)),
  deleteMilestone: (client: QueryClient, projectId: string) => change(client, projectId, (id: string) => followUpApi.deleteMilestone(projectId, id)),
  savePlan: (client: QueryClient, projectId: string) => change(client, projectId, (input: ProgressPlanInput) => followUpApi.savePlan(projectId, input)),
  createReport: (client: QueryClient, projectId: string) =>
    change(client, projectId, (input: NewProgressReport) => followUpApi.createReport(projectId, input)),
  updateReport: (client: QueryClient, projectId: string) =>
    change(client, projectId, ({ id, patch }: { id: string; patch: ProgressReportPatch }) => followUpApi.updateReport(projectId, id, patch)),
  createIndicator: (client: QueryClient, projectId: string) =>
    change(client, projectId, (input: NewIndicator) => followUpApi.createIndicator(projectId, input)),
  updateIndicator: (client: QueryClient, projectId: string) =>
    change(client, projectId, ({ id, patch }: { id: string; patch: IndicatorPatch }) => followUpApi.updateIndicator(projectId, id, patch)),
  deleteIndicator: (client: QueryClient, projectId: string) => change(client, projectId, (id: string) => followUpApi.deleteIndicator(projectId, id)),
  addMeasurement: (client: QueryClient, projectId: string) =>
    change(client, projectId, ({ indicatorId, input }: { indicatorId: string; input: NewMeasurement }) =>
      followUpApi.addMeasurement(projectId, indicatorId, input),
    ),
  deleteMeasurement: (client: QueryClient, projectId: string) =>
    change(client, projectId, ({ indicatorId, measurementId }: { indicatorId: string; measurementId: string }) =>
      followUpApi.deleteMeasurement(projectId, indicatorId, measurementId),
    ),
};

export const useFollowUp = (projectId: string) => useQuery(followUpQueries.followUp(projectId));
/** The dashboard keeps the previous filters' numbers (marked busy) until the new ones arrive. */
export const usePortfolioDashboard = (filters: ProjectFilters) => useQuery({ ...followUpQueries.dashboard(filters), placeholderData: keepPreviousData });

export const useCreateMilestone = (projectId: string) => useMutation(followUpMutations.createMilestone(useQueryClient(), projectId));
export const useUpdateMilestone = (projectId: string) => useMutation(followUpMutations.updateMilestone(useQueryClient(), projectId));
export const useDeleteMilestone = (projectId: string) => useMutation(followUpMutations.deleteMilestone(useQueryClient(), projectId));
export const useSavePlan = (projectId: string) => useMutation(followUpMutations.savePlan(useQueryClient(), projectId));
export const useCreateReport = (projectId: string) => useMutation(followUpMutations.createReport(useQueryClient(), projectId));
export const useUpdateReport = (projectId: string) => useMutation(followUpMutations.updateReport(useQueryClient(), projectId));
export const useCreateIndicator = (projectId: string) => useMutation(followUpMutations.createIndicator(useQueryClient(), projectId));
export const useUpdateIndicator = (projectId: string) => useMutation(followUpMutations.updateIndicator(useQueryClient(), projectId));
export const useDeleteIndicator = (projectId: string) => useMutation(followUpMutations.deleteIndicator(useQueryClient(), projectId));
export const useAddMeasurement = (projectId: string) => useMutation(followUpMutations.addMeasurement(useQueryClient(), projectId));
export const useDeleteMeasurement = (projectId: string) => useMutation(followUpMutations.deleteMeasurement(useQueryClient(), projectId));
