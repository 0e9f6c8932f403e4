-- The audit log is append-only by rule of the database, not only by convention: rows can be
-- inserted and read, never changed or removed (UPDATE, DELETE and TRUNCATE raise). No foreign
-- key cascades into audit_log: actor_id references users ON DELETE NO ACTION (a person with
-- audit entries cannot be deleted, only deactivated), and project_id has no foreign key, so
-- a project's trail outlives the project.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit entries are only ever inserted; record a correcting entry instead.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_delete"
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate"
  BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
