// `pnpm bench [--quick] [--out FILE] [--only S1,S4] [--servers taller,hocuspocus]`
// Runs every scenario against Taller, @y/websocket-server and Hocuspocus, one server at a time
// on loopback, each with a fresh process, and a load generator in a process of its own.
import { cpus, totalmem, release } from "node:os";
import { writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { SERVER_KINDS, type ServerKind, type TargetInfo } from "./load/target";
import { benchNode, runLoad, startServer } from "./processes";
import { plan } from "./plan";
import { printJob, printSummary, type ScenarioReport } from "./report";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const quick = process.argv.includes("--quick");
const out = argument("--out");
const only = argument("--only")?.split(",");
const servers = (argument("--servers")?.split(",") ?? SERVER_KINDS) as ServerKind[];
const baseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const started = performance.now();
  const node = benchNode(log);
  const nodeVersion = execFileSync(node, ["--version"]).toString().trim();
  log(`Taller real-time benchmark${quick ? " (quick smoke run)" : ""} — Node ${nodeVersion}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}`);
  log("Preparing fixtures (cached in test/bench/.bench/fixtures) …");
  const jobs = plan(quick).filter((j) => !only || only.includes(j.scenario));

  // One database per run, for Taller's storage and Hocuspocus' table; dropped at the end.
  const databaseName = `taller_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  const adminPassword = randomBytes(18).toString("base64url");

  const env: Record<ServerKind, Record<string, string>> = {
    taller: {
      DATABASE_URL: databaseUrl,
      HOST: "127.0.0.1",
      PORT: "0",
      ADMIN_EMAIL: "bench@taller.local",
      ADMIN_PASSWORD: adminPassword,
      // Unload idle rooms after 5 s (1 s in the smoke run) instead of 30 s, so S3 can watch
      // them go within the run; the peers unload as soon as the last client leaves.
      COLLAB_IDLE_UNLOAD_SECONDS: quick ? "1" : "5",
      // The load generator is one account with hundreds of sockets and documents: the per-person
      // caps (50 sockets, 60 documents an hour by default) are for people, not for the benchmark.
      COLLAB_MAX_SOCKETS_PER_USER: "1000000",
      DOCUMENTS_PER_USER_PER_HOUR: "1000000",
    },
    "y-websocket-server": {},
    hocuspocus: { BENCH_DATABASE_URL: databaseUrl },
  };

  // Full run: a fresh server process for every scenario. Smoke run: one process per server
  // for all scenarios (process start-up would be most of its minute otherwise).
  const results: ScenarioReport["results"][] = jobs.map(() => ({}));
  const reports: ScenarioReport[] = [];
  const runOne = async (index: number, kind: ServerKind, target: TargetInfo) => {
    const job = jobs[index]!;
    try {
      results[index]![kind] = await runLoad(node, { scenario: job.scenario, params: job.run, target }, job.timeoutMs);
    } catch (error) {
      results[index]![kind] = { error: error instanceof Error ? error.message.split("\n")[0]! : String(error) };
      console.error(`[${job.scenario} ${kind}]`, error);
    }
  };
  const report = (index: number) => {
    const job = jobs[index]!;
    const entry = { id: job.scenario, title: job.title, params: job.params, results: results[index]! };
    reports.push(entry);
    printJob(entry, servers);
  };
  try {
    if (quick) {
      for (const kind of servers) {
        const server = await startServer(node, kind, env[kind]);
        try {
          for (let i = 0; i < jobs.length; i++) await runOne(i, kind, server.target);
        } finally {
          await server.stop();
        }
      }
      jobs.forEach((_, i) => report(i));
    } else {
      for (let i = 0; i < jobs.length; i++) {
        for (const kind of servers) {
          const server = await startServer(node, kind, env[kind]);
          try {
            await runOne(i, kind, server.target);
          } finally {
            await server.stop();
          }
        }
        report(i);
      }
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }

  printSummary(reports, servers);
  const output = {
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, memory_gib: Math.round(totalmem() / 2 ** 30), kernel: release() },
    node: nodeVersion,
    quick,
    duration_s: Math.round((performance.now() - started) / 1000),
    scenarios: reports,
  };
  if (out) {
    writeFileSync(out, JSON.stringify(output, null, 2) + "\n");
    log(`Results written to ${out}`);
  }
  log(`Done in ${output.duration_s} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
