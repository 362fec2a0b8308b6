CREATE TABLE "vendor_return_authorizations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partner_id" uuid,
	"supplier" text,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"fill_key" text,
	"currency_code" text NOT NULL,
	"expected_credit_minor" bigint DEFAULT 0 NOT NULL,
	"credited_minor" bigint,
	"credit_difference_minor" bigint,
	"vendor_reference" text,
	"credit_reference" text,
	"dispatch_requested_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vendor_return_authorizations_fill_key_uq" UNIQUE("fill_key")
);
--> statement-breakpoint
CREATE TABLE "vendor_return_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"authorization_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_return_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"authorization_id" uuid NOT NULL,
	"return_item_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"units" integer NOT NULL,
	"unit_value_minor" bigint NOT NULL,
	"expected_credit_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vendor_return_units_return_item_id_unique" UNIQUE("return_item_id")
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "supplier" text;--> statement-breakpoint
ALTER TABLE "vendor_return_authorizations" ADD CONSTRAINT "vendor_return_authorizations_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_return_events" ADD CONSTRAINT "vendor_return_events_authorization_id_vendor_return_authorizations_id_fk" FOREIGN KEY ("authorization_id") REFERENCES "public"."vendor_return_authorizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_return_units" ADD CONSTRAINT "vendor_return_units_authorization_id_vendor_return_authorizations_id_fk" FOREIGN KEY ("authorization_id") REFERENCES "public"."vendor_return_authorizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_return_units" ADD CONSTRAINT "vendor_return_units_return_item_id_return_items_id_fk" FOREIGN KEY ("return_item_id") REFERENCES "public"."return_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vendor_return_authorizations_status_idx" ON "vendor_return_authorizations" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "vendor_return_authorizations_partner_idx" ON "vendor_return_authorizations" USING btree ("partner_id","status","id");--> statement-breakpoint
CREATE INDEX "vendor_return_events_authorization_idx" ON "vendor_return_events" USING btree ("authorization_id","id");--> statement-breakpoint
CREATE INDEX "vendor_return_units_authorization_idx" ON "vendor_return_units" USING btree ("authorization_id","id");