CREATE TABLE "drop_off_locations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partner_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"opening_hours" text,
	"compartments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drop_off_locations_partner_external_uq" UNIQUE("partner_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "return_bookings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"return_id" uuid NOT NULL,
	"partner_id" uuid,
	"type" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"option" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"artefact" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"external_ref" text,
	"fee_minor" bigint DEFAULT 0 NOT NULL,
	"co2e_kg" double precision DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "trusted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "method_fees" jsonb;--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "returnless_threshold" numeric(12, 3);--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "refund_at_first_scan" boolean;--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "drop_off_days" integer;--> statement-breakpoint
ALTER TABLE "drop_off_locations" ADD CONSTRAINT "drop_off_locations_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_bookings" ADD CONSTRAINT "return_bookings_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_bookings" ADD CONSTRAINT "return_bookings_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "drop_off_locations_geo_idx" ON "drop_off_locations" USING btree ("latitude","longitude");--> statement-breakpoint
CREATE INDEX "return_bookings_return_idx" ON "return_bookings" USING btree ("return_id","id");--> statement-breakpoint
CREATE INDEX "return_bookings_ref_idx" ON "return_bookings" USING btree ("partner_id","external_ref") WHERE "return_bookings"."external_ref" is not null;--> statement-breakpoint
CREATE INDEX "return_bookings_expiry_idx" ON "return_bookings" USING btree ("status","expires_at");