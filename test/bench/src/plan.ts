import { b4Copies, b4Fixture, smallStudy, type Fixture } from "./fixtures";
import type { Job } from "./load/main";

/** One scenario with one parameter set, run against every server. */
export interface PlannedJob {
  scenario: Job["scenario"];
  title: string;
  /** Parameters as reported (fixtures by label). */
  params: Record<string, unknown>;
  /** Parameters as the load generator gets them. */
  run: Record<string, unknown>;
  timeoutMs: number;
}

const described = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).filter(([k]) => k !== "warmup").map(([k, v]) => [k === "fixture" ? "document" : k, isFixture(v) ? v.label : v]));
const isFixture = (v: unknown): v is Fixture => typeof v === "object" && v !== null && "file" in v;

function job(scenario: Job["scenario"], title: string, run: Record<string, unknown>, timeoutMs = 300_000): PlannedJob {
  return { scenario, title, params: described(run), run, timeoutMs };
}

/** The full run (the one quoted in docs/performance.md) or the CI smoke run (`--quick`). */
export function plan(quick: boolean): PlannedJob[] {
  const study = smallStudy();
  if (quick) {
    // Smoke run for CI: every scenario and server once, small enough to finish within a minute.
    return [
      job("S1", "fan-out latency", { observers: 10, seconds: 1 }),
      job("S2", "throughput", { roomSteps: [5, 10], seconds: 1 }),
      job("S3", "memory per document", { fixture: study, documents: 5, warmup: study }),
      job("S4", "cold join", { fixture: study, joiners: 5 }),
      job("S5", "reconnect storm", { fixture: study, clients: 50, documents: 5 }),
      job("S6", "durable acknowledgement", { writers: 2, seconds: 1 }),
    ];
  }
  const b4 = b4Fixture();
  const b4x100 = b4Copies(100);
  return [
    ...[2, 50, 500].map((observers) => job("S1", "fan-out latency", { observers, seconds: 10 })),
    job("S2", "throughput", { roomSteps: [5, 10, 25, 50, 100, 150, 200, 300, 400, 600, 800], seconds: 4 }, 900_000),
    job("S3", "memory per document", { fixture: study, documents: 200, warmup: study }),
    job("S3", "memory per document", { fixture: b4, documents: 20, warmup: study }),
    job("S3", "memory per document", { fixture: b4x100, documents: 2, warmup: study }, 900_000),
    job("S4", "cold join", { fixture: b4, joiners: 50 }),
    job("S4", "cold join", { fixture: b4x100, joiners: 50 }, 900_000),
    job("S5", "reconnect storm", { fixture: study, clients: 1000, documents: 100 }),
    job("S6", "durable acknowledgement", { writers: 10, seconds: 10 }),
  ];
}
