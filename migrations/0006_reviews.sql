CREATE TABLE "review_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"user_id" uuid,
	"org_id" uuid,
	"decided_by" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"conditions" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_decisions_one_check" CHECK (("review_decisions"."user_id" IS NULL) <> ("review_decisions"."org_id" IS NULL)),
	CONSTRAINT "review_decisions_decision_check" CHECK ("review_decisions"."decision" IN ('favorable', 'favorable_with_observations', 'changes_requested', 'unfavorable'))
);
--> statement-breakpoint
CREATE TABLE "review_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"user_id" uuid,
	"org_id" uuid,
	CONSTRAINT "review_participants_round_position_key" UNIQUE("round_id","position"),
	CONSTRAINT "review_participants_round_user_key" UNIQUE("round_id","user_id"),
	CONSTRAINT "review_participants_round_org_key" UNIQUE("round_id","org_id"),
	CONSTRAINT "review_participants_one_check" CHECK (("review_participants"."user_id" IS NULL) <> ("review_participants"."org_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "review_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"due_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"result" text,
	"close_reason" text,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"superseded_by" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_reminded_at" timestamp with time zone,
	CONSTRAINT "review_rounds_rule_check" CHECK ("review_rounds"."rule" IN ('all', 'majority', 'any')),
	CONSTRAINT "review_rounds_status_check" CHECK ("review_rounds"."status" IN ('open', 'closed')),
	CONSTRAINT "review_rounds_result_check" CHECK ("review_rounds"."result" IS NULL OR "review_rounds"."result" IN ('approved', 'approved_with_observations', 'changes_requested', 'rejected')),
	CONSTRAINT "review_rounds_closed_check" CHECK (("review_rounds"."status" = 'open' AND "review_rounds"."result" IS NULL AND "review_rounds"."close_reason" IS NULL AND "review_rounds"."closed_at" IS NULL AND "review_rounds"."closed_by" IS NULL AND "review_rounds"."superseded_by" IS NULL)
        OR ("review_rounds"."status" = 'closed' AND "review_rounds"."close_reason" IN ('rule_met', 'closed_early', 'superseded') AND "review_rounds"."closed_at" IS NOT NULL
            AND ("review_rounds"."close_reason" = 'superseded') = ("review_rounds"."superseded_by" IS NOT NULL)
            AND ("review_rounds"."close_reason" <> 'rule_met' OR "review_rounds"."result" IS NOT NULL)))
);
--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "thread_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "review_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "decision_id" uuid;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_round_id_review_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_participant_user_fk" FOREIGN KEY ("round_id","user_id") REFERENCES "public"."review_participants"("round_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_participant_org_fk" FOREIGN KEY ("round_id","org_id") REFERENCES "public"."review_participants"("round_id","org_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_participants" ADD CONSTRAINT "review_participants_round_id_review_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_participants" ADD CONSTRAINT "review_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_participants" ADD CONSTRAINT "review_participants_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_version_id_document_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."document_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_superseded_by_review_rounds_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_decisions_round_idx" ON "review_decisions" USING btree ("round_id","created_at");--> statement-breakpoint
CREATE INDEX "review_rounds_project_idx" ON "review_rounds" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "review_rounds_version_idx" ON "review_rounds" USING btree ("version_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "review_rounds_one_open_per_document" ON "review_rounds" USING btree ("document_id") WHERE "review_rounds"."status" = 'open';--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_review_id_review_rounds_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_decision_id_review_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."review_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_subject_check" CHECK (("notifications"."thread_id" IS NULL) <> ("notifications"."review_id" IS NULL));--> statement-breakpoint
-- The old round of a superseded document closes naming the new round before the new round is
-- inserted (the one-open-round-per-document index refuses the other order): the reference is
-- checked at commit.
ALTER TABLE "review_rounds" ALTER CONSTRAINT "review_rounds_superseded_by_review_rounds_id_fk" DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
-- Review rounds are archival records (as document_versions, 0005): never deleted or truncated,
-- and never changed once closed. While open, a round may only be closed (status, result,
-- close_reason, closed_by, closed_at, superseded_by set together, the CHECK above says how) or
-- have its due reminder noted (due_reminded_at); what it asked (version, rule, due date, who
-- submitted it) never changes.
CREATE FUNCTION "review_rounds_guard"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'review_rounds is append-only: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Review rounds are never removed; close a round instead.';
  END IF;
  IF OLD.status <> 'open' THEN
    RAISE EXCEPTION 'review_rounds: round % is closed and cannot change', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id
     OR NEW.version_id IS DISTINCT FROM OLD.version_id
     OR NEW.document_id IS DISTINCT FROM OLD.document_id
     OR NEW.project_id IS DISTINCT FROM OLD.project_id
     OR NEW.rule IS DISTINCT FROM OLD.rule
     OR NEW.due_at IS DISTINCT FROM OLD.due_at
     OR NEW.created_by IS DISTINCT FROM OLD.created_by
     OR NEW.created_at IS DISTINCT FROM OLD.created_at
     OR (NEW.status = 'closed' AND NEW.due_reminded_at IS DISTINCT FROM OLD.due_reminded_at) THEN
    RAISE EXCEPTION 'review_rounds: only closing a round or noting its due reminder is allowed'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "review_rounds_guard_update_delete"
  BEFORE UPDATE OR DELETE ON "review_rounds"
  FOR EACH ROW EXECUTE FUNCTION "review_rounds_guard"();
--> statement-breakpoint
CREATE TRIGGER "review_rounds_no_truncate"
  BEFORE TRUNCATE ON "review_rounds"
  FOR EACH STATEMENT EXECUTE FUNCTION "review_rounds_guard"();
--> statement-breakpoint
-- Participants and decisions are only ever inserted (a change of mind is a new decision; the
-- history keeps the earlier one), and only into an open round. The round's row is read FOR SHARE:
-- an insert waits for a close in progress and then sees the round closed.
CREATE FUNCTION "review_rows_insert_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  round_status text;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION '% is insert-only: % is not allowed', TG_TABLE_NAME, TG_OP
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Review participants and decisions are never changed or removed.';
  END IF;
  SELECT status INTO round_status FROM "review_rounds" WHERE id = NEW.round_id FOR SHARE;
  IF round_status IS DISTINCT FROM 'open' THEN
    RAISE EXCEPTION '%: review round % is closed', TG_TABLE_NAME, NEW.round_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "review_participants_insert_only"
  BEFORE INSERT OR UPDATE OR DELETE ON "review_participants"
  FOR EACH ROW EXECUTE FUNCTION "review_rows_insert_only"();
--> statement-breakpoint
CREATE TRIGGER "review_participants_no_truncate"
  BEFORE TRUNCATE ON "review_participants"
  FOR EACH STATEMENT EXECUTE FUNCTION "review_rows_insert_only"();
--> statement-breakpoint
CREATE TRIGGER "review_decisions_insert_only"
  BEFORE INSERT OR UPDATE OR DELETE ON "review_decisions"
  FOR EACH ROW EXECUTE FUNCTION "review_rows_insert_only"();
--> statement-breakpoint
CREATE TRIGGER "review_decisions_no_truncate"
  BEFORE TRUNCATE ON "review_decisions"
  FOR EACH STATEMENT EXECUTE FUNCTION "review_rows_insert_only"();
