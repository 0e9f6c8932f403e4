CREATE TABLE "compatibility_rules" (
	"zone" text NOT NULL,
	"use" text NOT NULL,
	"compatibility" text NOT NULL,
	"cos" double precision,
	"cus" double precision,
	"cas" double precision,
	"note" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compatibility_rules_zone_use_pk" PRIMARY KEY("zone","use"),
	CONSTRAINT "compatibility_rules_compatibility_check" CHECK ("compatibility_rules"."compatibility" IN ('permitted', 'conditional', 'prohibited'))
);
--> statement-breakpoint
CREATE TABLE "project_territory" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"result" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "territory_features" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"layer_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"properties" jsonb NOT NULL,
	"geometry" jsonb NOT NULL,
	"min_lon" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"max_lon" double precision NOT NULL,
	"max_lat" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "territory_layers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"name_field" text,
	"source_crs" text DEFAULT 'EPSG:4326' NOT NULL,
	"feature_count" integer NOT NULL,
	"imported_by" uuid NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone,
	"superseded_by" uuid,
	CONSTRAINT "territory_layers_kind_check" CHECK ("territory_layers"."kind" IN ('microregion', 'zoning', 'reserve', 'infrastructure'))
);
--> statement-breakpoint
CREATE TABLE "indicator_measurements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_id" uuid NOT NULL,
	"measured_on" date NOT NULL,
	"value" double precision NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_measurements_indicator_date_key" UNIQUE("indicator_id","measured_on")
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"baseline" double precision NOT NULL,
	"target" double precision NOT NULL,
	"direction" text DEFAULT 'increase' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicators_direction_check" CHECK ("indicators"."direction" IN ('increase', 'decrease'))
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"planned_date" date NOT NULL,
	"actual_date" date,
	"status" text DEFAULT 'pending' NOT NULL,
	"responsible_org_id" uuid,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "milestones_status_check" CHECK ("milestones"."status" IN ('pending', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "milestones_done_check" CHECK ("milestones"."status" <> 'done' OR "milestones"."actual_date" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "progress_plan_points" (
	"project_id" uuid NOT NULL,
	"period" text NOT NULL,
	"planned_physical_pct" numeric(5, 2) NOT NULL,
	"planned_spent" numeric(15, 2),
	CONSTRAINT "progress_plan_points_project_id_period_pk" PRIMARY KEY("project_id","period"),
	CONSTRAINT "progress_plan_points_period_check" CHECK ("progress_plan_points"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "progress_plan_points_pct_check" CHECK ("progress_plan_points"."planned_physical_pct" >= 0 AND "progress_plan_points"."planned_physical_pct" <= 100)
);
--> statement-breakpoint
CREATE TABLE "progress_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"period" text NOT NULL,
	"physical_pct" numeric(5, 2) NOT NULL,
	"authorized" numeric(15, 2) NOT NULL,
	"committed" numeric(15, 2) NOT NULL,
	"spent" numeric(15, 2) NOT NULL,
	"by_source" jsonb,
	"narrative" text DEFAULT '' NOT NULL,
	"photo_asset_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reported_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "progress_reports_project_period_key" UNIQUE("project_id","period"),
	CONSTRAINT "progress_reports_period_check" CHECK ("progress_reports"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "progress_reports_pct_check" CHECK ("progress_reports"."physical_pct" >= 0 AND "progress_reports"."physical_pct" <= 100),
	CONSTRAINT "progress_reports_amounts_check" CHECK ("progress_reports"."authorized" >= 0 AND "progress_reports"."committed" >= 0 AND "progress_reports"."spent" >= 0)
);
--> statement-breakpoint
ALTER TABLE "compatibility_rules" ADD CONSTRAINT "compatibility_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_territory" ADD CONSTRAINT "project_territory_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territory_features" ADD CONSTRAINT "territory_features_layer_id_territory_layers_id_fk" FOREIGN KEY ("layer_id") REFERENCES "public"."territory_layers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territory_layers" ADD CONSTRAINT "territory_layers_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territory_layers" ADD CONSTRAINT "territory_layers_superseded_by_territory_layers_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."territory_layers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_measurements" ADD CONSTRAINT "indicator_measurements_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_measurements" ADD CONSTRAINT "indicator_measurements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_responsible_org_id_organizations_id_fk" FOREIGN KEY ("responsible_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_plan_points" ADD CONSTRAINT "progress_plan_points_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "territory_features_layer_idx" ON "territory_features" USING btree ("layer_id","ordinal");--> statement-breakpoint
CREATE INDEX "territory_layers_kind_idx" ON "territory_layers" USING btree ("kind","imported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "territory_layers_one_current" ON "territory_layers" USING btree ("kind",lower("name")) WHERE "territory_layers"."superseded_at" IS NULL;--> statement-breakpoint
CREATE INDEX "indicators_project_idx" ON "indicators" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "milestones_project_idx" ON "milestones" USING btree ("project_id","planned_date");