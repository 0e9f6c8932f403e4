import { describe, expect, it } from "vitest";
import { comment, jorge, thread } from "../../comments/testThreads";
import { canvasAnchorOf, numberThreads } from "./threads";

const onShape = { type: "canvas" as const, shapeId: "shape:a", point: { x: 0.25, y: 0.5 }, orphaned: false };
const onRegion = { type: "canvas" as const, region: { x: 1, y: 2, w: 3, h: 4 }, orphaned: false };

describe("the canvas's threads", () => {
  it("are numbered in the order they were opened, text threads left out", () => {
    const later = thread("t-later", [comment(jorge, "b", "2026-11-27T10:00:00Z")], { anchor: onRegion });
    const earlier = thread("t-earlier", [comment(jorge, "a", "2026-11-27T09:00:00Z")], { anchor: onShape });
    const text = thread("t-text", [comment(jorge, "c", "2026-11-27T08:00:00Z")]);
    expect(numberThreads([later, text, earlier]).map((n) => [n.thread.id, n.number])).toEqual([
      ["t-earlier", 1],
      ["t-later", 2],
    ]);
  });

  it("reads the server's anchor in the geometry's terms", () => {
    expect(canvasAnchorOf(thread("t", [comment(jorge, "a", "2026-11-27T09:00:00Z")], { anchor: onShape }))).toEqual({
      type: "canvas",
      shapeId: "shape:a",
      point: { x: 0.25, y: 0.5 },
    });
    expect(canvasAnchorOf(thread("t", [comment(jorge, "a", "2026-11-27T09:00:00Z")], { anchor: onRegion }))).toEqual({ type: "canvas", region: { x: 1, y: 2, w: 3, h: 4 } });
    expect(canvasAnchorOf(thread("t", [comment(jorge, "a", "2026-11-27T09:00:00Z")], { anchor: { ...onRegion, pageId: "page:b" } }))).toEqual({
      type: "canvas",
      region: { x: 1, y: 2, w: 3, h: 4 },
      pageId: "page:b",
    });
    expect(canvasAnchorOf(thread("t", [comment(jorge, "a", "2026-11-27T09:00:00Z")]))).toBeNull();
  });
});
