CREATE TABLE "admin_operations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"input" jsonb NOT NULL,
	"status" text DEFAULT 'QUEUED' NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"phase" text,
	"result" jsonb,
	"error_code" text,
	"error" text,
	"requested_by" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "admin_operations_active_uq" ON "admin_operations" USING btree ("kind","dedupe_key") WHERE "admin_operations"."status" in ('QUEUED', 'RUNNING');--> statement-breakpoint
CREATE INDEX "admin_operations_kind_idx" ON "admin_operations" USING btree ("kind","id");