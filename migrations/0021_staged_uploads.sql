CREATE TABLE "bulk_import_parts" (
	"import_id" uuid NOT NULL,
	"part_number" integer NOT NULL,
	"body" "bytea" NOT NULL,
	"bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bulk_import_parts_import_id_part_number_pk" PRIMARY KEY("import_id","part_number")
);
--> statement-breakpoint
ALTER TABLE "bulk_imports" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bulk_imports" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "bulk_import_parts" ADD CONSTRAINT "bulk_import_parts_import_id_bulk_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."bulk_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_imports_staged_idx" ON "bulk_imports" USING btree ("expires_at") WHERE "bulk_imports"."status" = 'STAGED';--> statement-breakpoint
CREATE UNIQUE INDEX "bulk_imports_idempotency_uq" ON "bulk_imports" USING btree ("requested_by","idempotency_key");