CREATE TABLE "meeting_addenda" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"seal_sha256" text NOT NULL,
	"body" text NOT NULL,
	"sha256" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"review_id" uuid,
	"topic" text,
	"notes" text,
	CONSTRAINT "meeting_agenda_items_meeting_review_key" UNIQUE("meeting_id","review_id"),
	CONSTRAINT "meeting_agenda_items_one_check" CHECK (("meeting_agenda_items"."review_id" IS NULL) <> ("meeting_agenda_items"."topic" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "meeting_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid,
	"text" text NOT NULL,
	"responsible_user_id" uuid,
	"responsible_name" text,
	"due_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_agreements_responsible_check" CHECK (("meeting_agreements"."responsible_user_id" IS NULL) <> ("meeting_agreements"."responsible_name" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "meeting_attendees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"org_name" text NOT NULL,
	"org_id" uuid,
	"attendance" text DEFAULT 'pending' NOT NULL,
	"represented_by" text,
	"position" integer NOT NULL,
	CONSTRAINT "meeting_attendees_meeting_user_key" UNIQUE("meeting_id","user_id"),
	CONSTRAINT "meeting_attendees_attendance_check" CHECK ("meeting_attendees"."attendance" IN ('pending', 'present', 'absent', 'represented')),
	CONSTRAINT "meeting_attendees_represented_check" CHECK (("meeting_attendees"."attendance" = 'represented') = ("meeting_attendees"."represented_by" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "meeting_seals" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"record" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"sealed_at" timestamp with time zone NOT NULL,
	"sealed_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"place" text,
	"link" text,
	"convener_id" uuid NOT NULL,
	"current_item_id" uuid,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_kind_check" CHECK ("meetings"."kind" IN ('committee_session', 'working_table', 'coordination_meeting')),
	CONSTRAINT "meetings_status_check" CHECK ("meetings"."status" IN ('scheduled', 'in_progress', 'sealed', 'cancelled')),
	CONSTRAINT "meetings_cancelled_check" CHECK (("meetings"."status" = 'cancelled') = ("meetings"."cancelled_at" IS NOT NULL)),
	CONSTRAINT "meetings_ends_check" CHECK ("meetings"."ends_at" IS NULL OR "meetings"."ends_at" > "meetings"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_subject_check";--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "project_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD COLUMN "meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "meeting_addenda" ADD CONSTRAINT "meeting_addenda_meeting_id_meeting_seals_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting_seals"("meeting_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_addenda" ADD CONSTRAINT "meeting_addenda_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "meeting_agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "meeting_agenda_items_review_id_review_rounds_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agreements" ADD CONSTRAINT "meeting_agreements_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agreements" ADD CONSTRAINT "meeting_agreements_agenda_item_id_meeting_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."meeting_agenda_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agreements" ADD CONSTRAINT "meeting_agreements_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agreements" ADD CONSTRAINT "meeting_agreements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_seals" ADD CONSTRAINT "meeting_seals_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_seals" ADD CONSTRAINT "meeting_seals_sealed_by_users_id_fk" FOREIGN KEY ("sealed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_convener_id_users_id_fk" FOREIGN KEY ("convener_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_addenda_meeting_idx" ON "meeting_addenda" USING btree ("meeting_id","created_at");--> statement-breakpoint
CREATE INDEX "meeting_agenda_items_meeting_idx" ON "meeting_agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_agenda_items_review_idx" ON "meeting_agenda_items" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "meeting_agreements_meeting_idx" ON "meeting_agreements" USING btree ("meeting_id","created_at");--> statement-breakpoint
CREATE INDEX "meeting_attendees_meeting_idx" ON "meeting_attendees" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_attendees_user_idx" ON "meeting_attendees" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "meetings_starts_idx" ON "meetings" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "meetings_convener_idx" ON "meetings" USING btree ("convener_id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_subject_check" CHECK (("notifications"."thread_id" IS NOT NULL)::int + ("notifications"."review_id" IS NOT NULL)::int + ("notifications"."meeting_id" IS NOT NULL)::int = 1);--> statement-breakpoint
-- A sealed meeting is final (issue 13): its row never changes again and is never deleted, and no
-- meeting is ever removed by TRUNCATE. While scheduled or in progress a meeting changes freely; the
-- only way to seal one is the same UPDATE that the close command runs next to the insert of its
-- seal (meeting_seals, below).
CREATE FUNCTION "meetings_guard"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'meetings cannot be truncated'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status = 'sealed' THEN
    RAISE EXCEPTION 'meetings: meeting % is sealed: % is not allowed', OLD.id, TG_OP
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'A sealed meeting is corrected by an addendum (meeting_addenda).';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "meetings_guard_update_delete"
  BEFORE UPDATE OR DELETE ON "meetings"
  FOR EACH ROW EXECUTE FUNCTION "meetings_guard"();
--> statement-breakpoint
CREATE TRIGGER "meetings_no_truncate"
  BEFORE TRUNCATE ON "meetings"
  FOR EACH STATEMENT EXECUTE FUNCTION "meetings_guard"();
--> statement-breakpoint
-- The agenda, the attendees and the agreements of a sealed meeting are frozen: no insert, update
-- or delete once its row says sealed. The meeting's row is read FOR SHARE, so a change waits for a
-- seal in progress and then sees it sealed.
CREATE FUNCTION "meeting_rows_frozen_when_sealed"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  meeting_status text;
  target uuid;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION '% cannot be truncated', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    target := OLD.meeting_id;
  ELSE
    target := NEW.meeting_id;
  END IF;
  SELECT status INTO meeting_status FROM "meetings" WHERE id = target FOR SHARE;
  IF meeting_status = 'sealed' OR (TG_OP = 'UPDATE' AND OLD.meeting_id IS DISTINCT FROM NEW.meeting_id) THEN
    RAISE EXCEPTION '%: meeting % is sealed: % is not allowed', TG_TABLE_NAME, target, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "meeting_agenda_items_frozen"
  BEFORE INSERT OR UPDATE OR DELETE ON "meeting_agenda_items"
  FOR EACH ROW EXECUTE FUNCTION "meeting_rows_frozen_when_sealed"();
--> statement-breakpoint
CREATE TRIGGER "meeting_agenda_items_no_truncate"
  BEFORE TRUNCATE ON "meeting_agenda_items"
  FOR EACH STATEMENT EXECUTE FUNCTION "meeting_rows_frozen_when_sealed"();
--> statement-breakpoint
CREATE TRIGGER "meeting_attendees_frozen"
  BEFORE INSERT OR UPDATE OR DELETE ON "meeting_attendees"
  FOR EACH ROW EXECUTE FUNCTION "meeting_rows_frozen_when_sealed"();
--> statement-breakpoint
CREATE TRIGGER "meeting_attendees_no_truncate"
  BEFORE TRUNCATE ON "meeting_attendees"
  FOR EACH STATEMENT EXECUTE FUNCTION "meeting_rows_frozen_when_sealed"();
--> statement-breakpoint
CREATE TRIGGER "meeting_agreements_frozen"
  BEFORE INSERT OR UPDATE OR DELETE ON "meeting_agreements"
  FOR EACH ROW EXECUTE FUNCTION "meeting_rows_frozen_when_sealed"();
--> statement-breakpoint
CREATE TRIGGER "meeting_agreements_no_truncate"
  BEFORE TRUNCATE ON "meeting_agreements"
  FOR EACH STATEMENT EXECUTE FUNCTION "meeting_rows_frozen_when_sealed"();
--> statement-breakpoint
-- The seal is the record anyone may later check against its SHA-256: insert-only, never changed,
-- deleted or truncated. A seal is only inserted for a meeting that is in progress (the close
-- command inserts it, then sets the meeting sealed in the same transaction).
CREATE FUNCTION "meeting_seals_insert_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  meeting_status text;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'meeting_seals is insert-only: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'A sealed record never changes; corrections are addenda (meeting_addenda).';
  END IF;
  SELECT status INTO meeting_status FROM "meetings" WHERE id = NEW.meeting_id FOR UPDATE;
  IF meeting_status IS DISTINCT FROM 'in_progress' THEN
    RAISE EXCEPTION 'meeting_seals: meeting % is not in progress', NEW.meeting_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "meeting_seals_insert_only"
  BEFORE INSERT OR UPDATE OR DELETE ON "meeting_seals"
  FOR EACH ROW EXECUTE FUNCTION "meeting_seals_insert_only"();
--> statement-breakpoint
CREATE TRIGGER "meeting_seals_no_truncate"
  BEFORE TRUNCATE ON "meeting_seals"
  FOR EACH STATEMENT EXECUTE FUNCTION "meeting_seals_insert_only"();
--> statement-breakpoint
-- Addenda are insert-only, and only for a sealed meeting, naming the seal's own hash.
CREATE FUNCTION "meeting_addenda_insert_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  meeting_status text;
  seal_hash text;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'meeting_addenda is insert-only: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT m.status, s.sha256 INTO meeting_status, seal_hash
    FROM "meetings" m LEFT JOIN "meeting_seals" s ON s.meeting_id = m.id
   WHERE m.id = NEW.meeting_id;
  IF meeting_status IS DISTINCT FROM 'sealed' OR seal_hash IS DISTINCT FROM NEW.seal_sha256 THEN
    RAISE EXCEPTION 'meeting_addenda: meeting % is not sealed with %', NEW.meeting_id, NEW.seal_sha256
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "meeting_addenda_insert_only"
  BEFORE INSERT OR UPDATE OR DELETE ON "meeting_addenda"
  FOR EACH ROW EXECUTE FUNCTION "meeting_addenda_insert_only"();
--> statement-breakpoint
CREATE TRIGGER "meeting_addenda_no_truncate"
  BEFORE TRUNCATE ON "meeting_addenda"
  FOR EACH STATEMENT EXECUTE FUNCTION "meeting_addenda_insert_only"();
