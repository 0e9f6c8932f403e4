/**
 * drizzle's query operators, re-exported so every package uses the one drizzle-orm instance
 * that packages/db resolved with its drivers (a second copy would not type-check against it).
 */
export * from "drizzle-orm";
