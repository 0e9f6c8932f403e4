CREATE TABLE "document_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"note" text,
	"kind" text NOT NULL,
	"state" "bytea" NOT NULL,
	"content" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_versions_document_number_key" ON "document_versions" USING btree ("document_id","number");--> statement-breakpoint
-- Versions are archival records, immutable by rule of the database (as audit_log, 0003): rows can
-- be inserted and read, never changed or removed (UPDATE, DELETE and TRUNCATE raise). No foreign
-- key cascades into document_versions: document_id and project_id are ON DELETE NO ACTION, so a
-- document or project that has versions cannot be deleted (its cascade stops here with an error).
CREATE FUNCTION "document_versions_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'document_versions is immutable: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Versions are only ever inserted; freeze a new version instead.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "document_versions_no_update_delete"
  BEFORE UPDATE OR DELETE ON "document_versions"
  FOR EACH ROW EXECUTE FUNCTION "document_versions_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "document_versions_no_truncate"
  BEFORE TRUNCATE ON "document_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "document_versions_refuse_change"();
