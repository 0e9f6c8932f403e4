import { describe, expect, it } from "vitest";
import type { Project } from "../../api";
import {
  filtersFromSearchParams,
  nextSort,
  sortFromSearchParams,
  sortProjects,
  hasActiveFilters,
  pendingOnlyFromSearchParams,
  portfolioSearchParams,
  searchParamsFromFilters,
  viewFromSearchParams,
} from "./filters";

describe("portfolio filters in the URL", () => {
  it("round-trips every filter in a stable order", () => {
    const filters = filtersFromSearchParams(new URLSearchParams("text=parque&org=o1&kind=study&stage=feasibility"));
    expect(filters).toEqual({ stage: "feasibility", kind: "study", org: "o1", text: "parque" });
    expect(searchParamsFromFilters(filters).toString()).toBe("stage=feasibility&kind=study&org=o1&text=parque");
  });

  it("drops unknown stages and kinds and blank text", () => {
    const filters = filtersFromSearchParams(new URLSearchParams("stage=approved&kind=x&text=%20%20"));
    expect(filters).toEqual({ stage: undefined, kind: undefined, org: undefined, text: undefined });
    expect(hasActiveFilters(filters)).toBe(false);
  });

  it("keeps the board view beside the filters, the table being the default", () => {
    const params = new URLSearchParams("view=board&kind=study");
    expect(viewFromSearchParams(params)).toBe("board");
    expect(viewFromSearchParams(new URLSearchParams("view=cards"))).toBe("table");
    expect(portfolioSearchParams(filtersFromSearchParams(params), "board").toString()).toBe("kind=study&view=board");
    expect(viewFromSearchParams(new URLSearchParams("view=map&stage=idea"))).toBe("map");
    expect(portfolioSearchParams({ stage: "idea" }, "map").toString()).toBe("stage=idea&view=map");
    expect(portfolioSearchParams({ stage: "idea" }, "table").toString()).toBe("stage=idea");
  });

  it("keeps «pendiente para mí» beside the filters and the view", () => {
    expect(pendingOnlyFromSearchParams(new URLSearchParams("pending=1&stage=idea"))).toBe(true);
    expect(pendingOnlyFromSearchParams(new URLSearchParams("pending=yes"))).toBe(false);
    expect(portfolioSearchParams({ stage: "idea" }, "board", true).toString()).toBe("stage=idea&pending=1&view=board");
    expect(portfolioSearchParams({}, "table", false).toString()).toBe("");
  });
});

describe("«Mis proyectos», «Incluir archivados» and the table's sort in the URL", () => {
  it("round-trips mine and archived beside the other filters", () => {
    const filters = filtersFromSearchParams(new URLSearchParams("archived=1&mine=1&stage=idea&mine2=1"));
    expect(filters).toEqual({ stage: "idea", mine: "1", archived: "1" });
    expect(searchParamsFromFilters(filters).toString()).toBe("stage=idea&mine=1&archived=1");
    expect(filtersFromSearchParams(new URLSearchParams("mine=yes&archived=true"))).toEqual({});
    expect(hasActiveFilters({ mine: "1" })).toBe(true);
  });

  it("keeps the sort with the filters, and ignores unknown columns", () => {
    expect(sortFromSearchParams(new URLSearchParams("sort=amount&dir=desc"))).toEqual({ column: "amount", direction: "desc" });
    expect(sortFromSearchParams(new URLSearchParams("sort=name"))).toEqual({ column: "name", direction: "asc" });
    expect(sortFromSearchParams(new URLSearchParams("sort=password"))).toBeNull();
    expect(portfolioSearchParams({ mine: "1" }, "table", false, { column: "updated", direction: "desc" }).toString()).toBe("mine=1&sort=updated&dir=desc");
  });

  it("cycles a column's direction, numbers and dates starting from the largest", () => {
    expect(nextSort(null, "name")).toEqual({ column: "name", direction: "asc" });
    expect(nextSort({ column: "name", direction: "asc" }, "name")).toEqual({ column: "name", direction: "desc" });
    expect(nextSort({ column: "name", direction: "desc" }, "amount")).toEqual({ column: "amount", direction: "desc" });
    expect(nextSort({ column: "amount", direction: "desc" }, "amount")).toEqual({ column: "amount", direction: "asc" });
  });

  it("sorts by amount, date, name and role with empty values last", () => {
    const p = (clave: string, name: string, amount: number | null, updatedAt: string, myRole: Project["myRole"]) =>
      ({ clave, name, estimatedAmountMxn: amount, updatedAt, myRole, kind: "study", stage: "idea", leadOrg: null, priority: null }) as unknown as Project;
    const list = [
      p("E-10", "Ébano", 500.5, "2026-03-01T00:00:00Z", "viewer"),
      p("E-2", "arroyo", null, "2026-05-01T00:00:00Z", null),
      p("E-3", "Centro", 1_500_000.5, "2026-01-01T00:00:00Z", "owner"),
    ];
    const kind = (k: string) => k;
    const claves = (sort: Parameters<typeof sortProjects>[1]) => sortProjects(list, sort, "es-MX", kind).map((x) => x.clave);
    expect(claves({ column: "amount", direction: "desc" })).toEqual(["E-3", "E-10", "E-2"]);
    expect(claves({ column: "amount", direction: "asc" })).toEqual(["E-10", "E-3", "E-2"]);
    expect(claves({ column: "updated", direction: "desc" })).toEqual(["E-2", "E-10", "E-3"]);
    expect(claves({ column: "name", direction: "asc" })).toEqual(["E-2", "E-3", "E-10"]);
    expect(claves({ column: "clave", direction: "asc" })).toEqual(["E-2", "E-3", "E-10"]);
    expect(claves({ column: "myRole", direction: "asc" })).toEqual(["E-3", "E-10", "E-2"]);
    expect(claves(null)).toEqual(["E-10", "E-2", "E-3"]);
  });
});
