import { describe, expect, it } from "vitest";
import type { Project } from "../../api";
import { PRIORITY_COLOURS, priorityLevel, projectCollections, projectColour } from "./mapStyle";

function project(priority: Pick<Project["priority"], "score" | "evaluated">): Project {
  return {
    id: "p1",
    clave: "IMP-2026-001",
    name: "Parque lineal",
    stage: "idea",
    priority: { ...priority, factors: [] },
    location: { geometry: { type: "Point", coordinates: [-101.65, 21.12] } },
  } as unknown as Project;
}

describe("the map's priority colours", () => {
  it("uses the meter's thresholds for rated projects", () => {
    expect(priorityLevel({ score: 70, evaluated: true })).toBe("high");
    expect(priorityLevel({ score: 69.9, evaluated: true })).toBe("medium");
    expect(priorityLevel({ score: 39.9, evaluated: true })).toBe("low");
  });

  it("draws a project without impact ratings as «Sin evaluar», not by its alignment-only score", () => {
    expect(priorityLevel({ score: 85, evaluated: false })).toBe("unrated");
    const { points } = projectCollections([project({ score: 12, evaluated: false })]);
    expect(points.features[0]!.properties.level).toBe("unrated");
    // The paint expression gives that level its own colour (the match's fallback is not "low").
    const expression = projectColour("priority") as unknown[];
    expect(expression[expression.indexOf("low") + 1]).toBe(PRIORITY_COLOURS.low);
    expect(expression.at(-1)).toBe(PRIORITY_COLOURS.unrated);
  });
});
