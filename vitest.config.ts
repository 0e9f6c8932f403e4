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
    // expect.poll waits on other processes (a browser, a test server, a socket): 1 s, vitest's
    // default, is a timing assertion in disguise on two busy cores. A poll that passes returns as
    // soon as it does; only a failing one waits this long.
    expect: { poll: { timeout: 10_000 } },
    globalSetup: ["./test/support/global-setup.ts"],
  },
});
