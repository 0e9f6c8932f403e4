// Prints what each main route downloads before it can render (its JavaScript, with everything it
// statically imports), gzip-compressed, from Vite's build manifest; fails the build when the
// portfolio route, the one everybody opens first, exceeds its budget.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, "utf8"));
const PORTFOLIO_BUDGET_KB = 350;

const gzipKb = (file) => gzipSync(readFileSync(dist + file)).length / 1024;

/** The JS files a chunk needs at once: itself and its static imports, transitively. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) closure(imported, seen);
  return seen;
}

function routeFiles(...keys) {
  const all = new Set();
  for (const key of keys) for (const k of closure(key)) all.add(manifest[k].file);
  return [...all].filter((f) => f.endsWith(".js"));
}

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const find = (suffix) => Object.keys(manifest).find((k) => k.endsWith(suffix));
const routes = [
  ["login", [entry]],
  ["portfolio", [entry, find("features/portfolio/PortfolioPage.tsx")]],
  ["project workspace", [entry, find("features/workspace/WorkspacePage.tsx")]],
  ["study editor", [entry, find("features/workspace/DocumentPage.tsx"), find("features/editor/StudyEditor.tsx")]],
  ["canvas", [entry, find("features/workspace/DocumentPage.tsx"), find("features/canvas/DesignCanvas.tsx")]],
  ["portfolio map", [entry, find("features/portfolio/PortfolioPage.tsx"), find("features/territory/PortfolioMap.tsx")]],
  ["portfolio summary", [entry, find("features/portfolio/PortfolioPage.tsx"), find("features/dashboard/DashboardView.tsx")]],
  ["follow-up tab", [entry, find("features/workspace/WorkspacePage.tsx"), find("features/follow-up/FollowUpPanel.tsx")]],
  ["territory tab", [entry, find("features/workspace/WorkspacePage.tsx"), find("features/territory/TerritoryPanel.tsx")]],
];

console.log("\nInitial JavaScript per route (gzip):");
let portfolioKb = 0;
for (const [name, keys] of routes) {
  if (keys.some((k) => !k)) throw new Error(`bundle report: a chunk of route "${name}" is missing from the manifest`);
  const kb = routeFiles(...keys).reduce((sum, file) => sum + gzipKb(file), 0);
  if (name === "portfolio") portfolioKb = kb;
  console.log(`  ${name.padEnd(18)} ${kb.toFixed(1).padStart(7)} KB`);
}
if (portfolioKb > PORTFOLIO_BUDGET_KB) {
  console.error(`Portfolio route: ${portfolioKb.toFixed(1)} KB gzip exceeds its ${PORTFOLIO_BUDGET_KB} KB budget.`);
  process.exit(1);
}
console.log(`  (portfolio budget: ${PORTFOLIO_BUDGET_KB} KB)\n`);
