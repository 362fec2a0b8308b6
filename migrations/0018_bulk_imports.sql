CREATE TABLE "bulk_import_chunks" (
	"import_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"first_line" integer NOT NULL,
	"body" text NOT NULL,
	"refused" jsonb,
	CONSTRAINT "bulk_import_chunks_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "bulk_import_errors" (
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL,
	CONSTRAINT "bulk_import_errors_import_id_line_pk" PRIMARY KEY("import_id","line")
);
--> statement-breakpoint
CREATE TABLE "bulk_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'UPLOADING' NOT NULL,
	"filename" text,
	"requested_by" text NOT NULL,
	"chunk_count" integer DEFAULT 0 NOT NULL,
	"total_lines" integer,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"next_chunk" integer DEFAULT 0 NOT NULL,
	"processed_lines" integer DEFAULT 0 NOT NULL,
	"failed_lines" integer DEFAULT 0 NOT NULL,
	"created_lines" integer DEFAULT 0 NOT NULL,
	"updated_lines" integer DEFAULT 0 NOT NULL,
	"unchanged_lines" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bulk_import_chunks" ADD CONSTRAINT "bulk_import_chunks_import_id_bulk_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."bulk_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_import_errors" ADD CONSTRAINT "bulk_import_errors_import_id_bulk_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."bulk_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_imports_active_idx" ON "bulk_imports" USING btree ("status","heartbeat_at") WHERE "bulk_imports"."status" in ('UPLOADING', 'QUEUED', 'RUNNING');