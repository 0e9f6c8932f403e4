import { boolean, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id } from "./columns";

/** A municipal agency (dependencia). Every user belongs to exactly one. */
export const organizations = pgTable(
  "organizations",
  {
    id: id(),
    name: text("name").notNull(),
    shortName: text("short_name").notNull(),
    /**
     * «Puede proponer proyectos»: whether the agency's people may create projects. Administrators
     * decide it per agency (new ones without it); administrators themselves always may.
     */
    createsProjects: boolean("creates_projects").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("organizations_short_name_key").on(sql`lower(${t.shortName})`)],
);

export type Organization = typeof organizations.$inferSelect;
