import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema files and committed; never edit a landed one.
export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/db/src/schema/index.ts",
  out: "./migrations",
});
