import { describe, expect, it } from "vitest";
import { buildUrl } from "./client";

// How the client turns the server's answers into ApiErrors is tested against a real server
// process, with the errors it really sends: test/integration/web-client.test.ts.

describe("buildUrl", () => {
  it("drops unset and blank filters and trims values", () => {
    expect(buildUrl("/api/projects", { stage: "idea", kind: undefined, org: "", text: "  parque " })).toBe(
      "/api/projects?stage=idea&text=parque",
    );
  });

  it("returns the bare path when nothing is set", () => {
    expect(buildUrl("/api/projects", { stage: undefined })).toBe("/api/projects");
  });
});
