import type { ServerKind } from "./load/target";

export interface ScenarioReport {
  id: string;
  title: string;
  params: Record<string, unknown>;
  results: Partial<Record<ServerKind, Record<string, unknown>>>;
}

const show = (value: unknown): string => (value === null || value === undefined ? "—" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** One scenario as a table: one row per metric, one column per server. */
export function printJob(report: ScenarioReport, servers: readonly ServerKind[]): void {
  const params = Object.entries(report.params)
    .filter(([k]) => k !== "seconds")
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("/") : show(v)}`)
    .join(", ");
  console.log(`\n${report.id} ${report.title} (${params})`);
  const metrics = [...new Set(servers.flatMap((kind) => Object.keys(report.results[kind] ?? {})))];
  const long = new Set(["steps", "offers", "error"]);
  const rows = [["metric", ...servers], ...metrics.filter((m) => !long.has(m)).map((m) => [m, ...servers.map((kind) => show(report.results[kind]?.[m]))])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) console.log("  " + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
  for (const m of metrics.filter((m) => long.has(m))) {
    for (const kind of servers) {
      const value = report.results[kind]?.[m];
      if (value !== undefined) console.log(`  ${m} [${kind}]: ${show(value)}`);
    }
  }
}

/** The headline figures, one line per scenario and parameter set. */
export function printSummary(reports: ScenarioReport[], servers: readonly ServerKind[]): void {
  const failures = reports.flatMap((r) => servers.filter((kind) => r.results[kind]?.error !== undefined).map((kind) => `${r.id} ${kind}`));
  console.log(`\n${reports.length} scenario runs × ${servers.length} servers${failures.length ? `; failed: ${failures.join(", ")}` : ", all completed"}.`);
}
