import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import type { ServerKind, TargetInfo } from "./load/target";

export const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
const LOCAL_NODE_DIR = `${BENCH_DIR}.node`;

/**
 * The Node every process of a run uses. Hocuspocus 4 needs Node ≥ 22, and all servers must run
 * on the same Node, so on an older Node a Node 24 from the npm registry's `node` package is
 * installed once into test/bench/.node (no system change).
 */
export function benchNode(log: (line: string) => void): string {
  if (Number(process.versions.node.split(".")[0]) >= 22) return process.execPath;
  const local = `${LOCAL_NODE_DIR}/node_modules/.bin/node`;
  if (!existsSync(local)) {
    log(`Node ${process.versions.node} is too old for Hocuspocus 4: installing Node 24 into ${LOCAL_NODE_DIR} …`);
    execFileSync("npm", ["install", "--prefix", LOCAL_NODE_DIR, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "node@24"], {
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
  return local;
}

export interface RunningServer {
  target: TargetInfo;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts one server process (with the probe) and waits for its BENCH_READY line. */
export function startServer(node: string, kind: ServerKind, env: Record<string, string>): Promise<RunningServer> {
  // BENCH_CPU_PROF=DIR writes a V8 CPU profile of every server process into DIR (on exit).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  if (process.env.BENCH_NODE_FLAGS) profile.push(...process.env.BENCH_NODE_FLAGS.split(" "));
  const child = spawn(node, ["--import", "tsx", "--expose-gc", ...profile, `src/servers/${kind}.ts`], {
    cwd: BENCH_DIR,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start:\n${output}`)), 60_000);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /BENCH_READY (.*)\n/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      const info = JSON.parse(match[1]!) as { wsPort: number; probePort: number; headers?: Record<string, string> };
      resolve({
        target: { kind, wsPort: info.wsPort, probePort: info.probePort, headers: info.headers ?? {} },
        child,
        stop: async () => {
          child.kill("SIGTERM");
          const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(killer);
          // BENCH_SERVER_LOG=FILE keeps what the servers printed (with BENCH_NODE_FLAGS=--trace-gc, say).
          if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, `== ${kind}\n${output}`);
        },
      });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited:\n${output}`));
    });
  });
}

/** Runs one load-generator job in its own process; resolves with its BENCH_RESULT. */
export function runLoad(node: string, job: unknown, timeoutMs: number): Promise<Record<string, unknown>> {
  const child = spawn(node, ["--import", "tsx", "src/load/main.ts", JSON.stringify(job)], {
    cwd: BENCH_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`load generator timed out after ${timeoutMs} ms:\n${output.slice(-2000)}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const match = /BENCH_RESULT (.*)\n/.exec(output);
      if (code === 0 && match) resolve(JSON.parse(match[1]!) as Record<string, unknown>);
      else reject(new Error(`load generator failed (${code}):\n${output.slice(-3000)}`));
    });
  });
}
