import { defineConfig } from "vitest/config";

// Package-local config: runs this package's tests without the workspace's globalSetup (which
// provisions databases this package does not need). The root config runs the same files.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["src/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
