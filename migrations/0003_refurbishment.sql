CREATE TABLE "refurbishment_job_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refurbishment_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"return_item_id" uuid NOT NULL,
	"partner_id" uuid,
	"status" text DEFAULT 'CREATED' NOT NULL,
	"sku" text NOT NULL,
	"product_name" text NOT NULL,
	"category" text NOT NULL,
	"currency_code" text NOT NULL,
	"quote_minor" bigint,
	"cost_minor" bigint,
	"cosmetic_grade" text,
	"functional_grade" text,
	"battery_health_pct" integer,
	"parts_replaced" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sanitization_certificate_ref" text,
	"operator_decision" text,
	"decided_by" text,
	"notes" text,
	"sla_due_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	"rejected_partner_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"dispatched_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refurbishment_jobs_return_item_id_unique" UNIQUE("return_item_id")
);
--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "refurb_auto_approve_limit" numeric(12, 3);--> statement-breakpoint
ALTER TABLE "refurbishment_job_events" ADD CONSTRAINT "refurbishment_job_events_job_id_refurbishment_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."refurbishment_jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refurbishment_jobs" ADD CONSTRAINT "refurbishment_jobs_return_item_id_return_items_id_fk" FOREIGN KEY ("return_item_id") REFERENCES "public"."return_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refurbishment_jobs" ADD CONSTRAINT "refurbishment_jobs_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refurbishment_job_events_job_idx" ON "refurbishment_job_events" USING btree ("job_id","id");--> statement-breakpoint
CREATE INDEX "refurbishment_jobs_status_idx" ON "refurbishment_jobs" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "refurbishment_jobs_partner_idx" ON "refurbishment_jobs" USING btree ("partner_id","status","id");--> statement-breakpoint
CREATE INDEX "refurbishment_jobs_overdue_idx" ON "refurbishment_jobs" USING btree ("overdue","id");--> statement-breakpoint
CREATE INDEX "refurbishment_jobs_sla_idx" ON "refurbishment_jobs" USING btree ("sla_due_at") WHERE "refurbishment_jobs"."overdue" = false;