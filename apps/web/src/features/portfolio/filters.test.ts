import { describe, expect, it } from "vitest";
import {
  filtersFromSearchParams,
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
    expect(portfolioSearchParams({ stage: "idea" }, "table").toString()).toBe("stage=idea");
  });

  it("keeps «pendiente para mí» beside the filters and the view", () => {
    expect(pendingOnlyFromSearchParams(new URLSearchParams("pending=1&stage=idea"))).toBe(true);
    expect(pendingOnlyFromSearchParams(new URLSearchParams("pending=yes"))).toBe(false);
    expect(portfolioSearchParams({ stage: "idea" }, "board", true).toString()).toBe("stage=idea&pending=1&view=board");
    expect(portfolioSearchParams({}, "table", false).toString()).toBe("");
  });
});
