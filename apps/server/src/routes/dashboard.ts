import { Hono } from "hono";
import { projectListQuerySchema } from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { queryOf } from "../http/validate";
import { dashboardRows, presentDashboard } from "../queries/dashboard";
import { officeToday } from "../queries/follow-up";
import { dashboardCsv } from "../export/dashboard-csv";

/**
 * The portfolio dashboard and its CSV, with the filters (`?stage&kind&org&text`) and the
 * visibility of `GET /api/projects`: a member sees the projects they belong to, an admin all.
 */
export function dashboardRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get("/portfolio/dashboard", queryOf(projectListQuerySchema), async (c) => {
      const rows = await dashboardRows(db, c.get("actor"), c.req.valid("query"));
      return c.json(presentDashboard(rows));
    })
    .get("/portfolio/dashboard.csv", queryOf(projectListQuerySchema), async (c) => {
      const rows = await dashboardRows(db, c.get("actor"), c.req.valid("query"));
      return c.body(dashboardCsv(rows), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="cartera-${officeToday()}.csv"`,
        "Cache-Control": "no-store",
      });
    });
}
