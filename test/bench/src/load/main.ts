// The load generator: one process per (scenario, parameters, server), separate from the server
// it measures. Reads its job as JSON from argv, prints one BENCH_RESULT line.
import type { TargetInfo } from "./target";
import { fanOut } from "../scenarios/s1-fanout";
import { throughput } from "../scenarios/s2-throughput";
import { memory } from "../scenarios/s3-memory";
import { coldJoin } from "../scenarios/s4-cold-join";
import { reconnectStorm } from "../scenarios/s5-reconnect";
import { durability } from "../scenarios/s6-durability";
import type { ScenarioResult } from "../scenarios/common";

export interface Job {
  scenario: "S1" | "S2" | "S3" | "S4" | "S5" | "S6";
  params: Record<string, unknown>;
  target: TargetInfo;
}

const RUNNERS: Record<Job["scenario"], (target: TargetInfo, params: never) => Promise<ScenarioResult>> = {
  S1: fanOut,
  S2: throughput,
  S3: memory,
  S4: coldJoin,
  S5: reconnectStorm,
  S6: durability,
};

const job = JSON.parse(process.argv[2]!) as Job;
RUNNERS[job.scenario](job.target, job.params as never)
  .then((result) => {
    console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
