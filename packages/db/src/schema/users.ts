import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id } from "./columns";
import { organizations } from "./organizations";

/** A person who signs in. Emails are stored lower-cased and are unique. */
export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    isAdmin: boolean("is_admin").notNull().default(false),
    /** scrypt hash in PHC-like form, parameters included (see apps/server auth/password.ts). */
    passwordHash: text("password_hash").notNull(),
    /** Whether notifications are also sent by email (when the server has SMTP_URL). */
    emailNotifications: boolean("email_notifications").notNull().default(true),
    /**
     * Set when an administrator deactivates the person: they cannot sign in, their sessions are
     * gone, and their authorship stays everywhere. Null while active.
     */
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    /** After an administrator's password reset: the next sign-in must choose a new password first. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export type User = typeof users.$inferSelect;

/** A person who did something (created, uploaded, joined): required, and never cascades (people are not deleted while they have a trail). */
export const personRef = (column: string) => uuid(column).notNull().references(() => users.id);
