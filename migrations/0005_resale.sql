CREATE TABLE "disposal_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"return_item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"counterparty" text NOT NULL,
	"value_recovered_minor" bigint NOT NULL,
	"currency_code" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disposal_records_item_uq" UNIQUE("return_item_id")
);
--> statement-breakpoint
CREATE TABLE "resale_listing_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"listing_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resale_listings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"return_item_id" uuid NOT NULL,
	"units" integer NOT NULL,
	"sku" text NOT NULL,
	"category" text NOT NULL,
	"condition_label" text NOT NULL,
	"source_disposition" text NOT NULL,
	"pricing_rule" text NOT NULL,
	"original_unit_price_minor" bigint NOT NULL,
	"price_minor" bigint NOT NULL,
	"currency_code" text NOT NULL,
	"status" text DEFAULT 'AVAILABLE' NOT NULL,
	"sold_price_minor" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"reserved_at" timestamp with time zone,
	"sold_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "disposal_records" ADD CONSTRAINT "disposal_records_return_item_id_return_items_id_fk" FOREIGN KEY ("return_item_id") REFERENCES "public"."return_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resale_listing_events" ADD CONSTRAINT "resale_listing_events_listing_id_resale_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."resale_listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resale_listings" ADD CONSTRAINT "resale_listings_return_item_id_return_items_id_fk" FOREIGN KEY ("return_item_id") REFERENCES "public"."return_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disposal_records_kind_idx" ON "disposal_records" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "resale_listing_events_listing_idx" ON "resale_listing_events" USING btree ("listing_id","id");--> statement-breakpoint
CREATE INDEX "resale_listings_status_idx" ON "resale_listings" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "resale_listings_category_idx" ON "resale_listings" USING btree ("category","id");--> statement-breakpoint
CREATE INDEX "resale_listings_sku_idx" ON "resale_listings" USING btree ("sku","id");--> statement-breakpoint
CREATE INDEX "resale_listings_item_idx" ON "resale_listings" USING btree ("return_item_id");