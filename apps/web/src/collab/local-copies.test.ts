import { describe, expect, it } from "vitest";
import { copyName, parseCopyName } from "./local-copies";

const USER = "3f1c2a9e-5b7d-4e21-9a0c-6d8e7f1b2c3d";

describe("copy names", () => {
  it("names a copy by person and document, and reads both back", () => {
    const name = copyName(USER, "doc.7a1b2c3d-0000-4000-8000-000000000001");
    expect(name).toBe(`taller:${USER}:doc.7a1b2c3d-0000-4000-8000-000000000001`);
    expect(parseCopyName(name)).toEqual({ userId: USER, collabName: "doc.7a1b2c3d-0000-4000-8000-000000000001" });
    expect(parseCopyName(copyName(USER, "board.x"))).toEqual({ userId: USER, collabName: "board.x" });
  });

  it("reads a copy named before copies were per person as having no known owner", () => {
    expect(parseCopyName("taller:doc.7a1b2c3d-0000-4000-8000-000000000001")).toEqual({
      userId: null,
      collabName: "doc.7a1b2c3d-0000-4000-8000-000000000001",
    });
  });

  it("ignores databases that are not document copies", () => {
    expect(parseCopyName("y-indexeddb")).toBeNull();
  });
});
