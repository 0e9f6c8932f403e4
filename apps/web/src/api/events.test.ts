import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROJECT_EVENT_TYPES } from "./events";

/**
 * EventSource delivers a named event only to listeners of that name, so the web app lists the
 * project stream's types. They are the server's audit actions of project-scoped changes: a new
 * action on the server must be listed here, or open pages would not refresh on it.
 */
const NOT_ABOUT_A_PROJECT = new Set([
  "organization.created",
  "organization.updated",
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.reactivated",
  "user.password_reset",
  "user.password_changed",
  "user.preferences_changed",
  "project.created",
  // Territorial layers and the matrix are the municipality's, not a project's (they recompute every project's territory).
  "territory.layer_imported",
  "territory.matrix_updated",
]);

describe("the project event types the web listens to", () => {
  it("cover every project-scoped audit action the server's commands write", () => {
    const dir = new URL("../../../server/src/commands/", import.meta.url);
    const actions = new Set<string>();
    for (const file of readdirSync(dir)) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
      for (const match of readFileSync(new URL(file, dir), "utf8").matchAll(/action: "([a-z_.]+)"/g)) actions.add(match[1]!);
    }
    expect(actions.size).toBeGreaterThan(5);
    const missing = [...actions].filter((a) => !NOT_ABOUT_A_PROJECT.has(a) && !(PROJECT_EVENT_TYPES as readonly string[]).includes(a));
    expect(missing).toEqual([]);
  });
});
