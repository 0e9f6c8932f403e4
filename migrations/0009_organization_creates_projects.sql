ALTER TABLE "organizations" ADD COLUMN "creates_projects" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Until now every signed-in person could create projects. The right becomes a per-agency flag
-- that administrators manage, off by default (new agencies, and the column's default above). So
-- that the institute's staff keep creating projects after the upgrade, the agencies of the
-- existing administrators get it: on a database set up by Taller that is the institute (IMPLAN),
-- whose organization the first administrator was created in. Other agencies are left without it;
-- an administrator turns it on from the admin page where it is wanted.
UPDATE "organizations" SET "creates_projects" = true WHERE "id" IN (SELECT "org_id" FROM "users" WHERE "is_admin");
