import { defineConfig } from "vitest/config";

// One suite for the whole workspace. Test files run in forked workers, bounded to the
// machine's two cores; each file gets its own database (see packages/db/src/testing.ts).
export default defineConfig({
  test: {
    include: ["{apps,packages,test}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "apps/web/**/*.browser.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["./test/support/global-setup.ts"],
  },
});
