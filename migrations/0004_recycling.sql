CREATE TABLE "recycling_lot_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lot_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recycling_lot_materials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lot_id" uuid NOT NULL,
	"material" text NOT NULL,
	"weight_kg" double precision NOT NULL,
	"route" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recycling_lot_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lot_id" uuid NOT NULL,
	"return_item_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"category" text NOT NULL,
	"units" integer NOT NULL,
	"weight_kg" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recycling_lot_units_return_item_id_unique" UNIQUE("return_item_id")
);
--> statement-breakpoint
CREATE TABLE "recycling_lots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partner_id" uuid,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"material_stream" text NOT NULL,
	"weee_category" integer,
	"fill_key" text,
	"declared_weight_kg" double precision DEFAULT 0 NOT NULL,
	"reported_weight_kg" double precision,
	"certificate_number" text,
	"data_destruction_certificate" text,
	"review_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review_note" text,
	"recycler_reference" text,
	"dispatch_requested_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"reported_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recycling_lots_fill_key_uq" UNIQUE("fill_key")
);
--> statement-breakpoint
ALTER TABLE "recycling_lot_events" ADD CONSTRAINT "recycling_lot_events_lot_id_recycling_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."recycling_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_lot_materials" ADD CONSTRAINT "recycling_lot_materials_lot_id_recycling_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."recycling_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_lot_units" ADD CONSTRAINT "recycling_lot_units_lot_id_recycling_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."recycling_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_lot_units" ADD CONSTRAINT "recycling_lot_units_return_item_id_return_items_id_fk" FOREIGN KEY ("return_item_id") REFERENCES "public"."return_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_lots" ADD CONSTRAINT "recycling_lots_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recycling_lot_events_lot_idx" ON "recycling_lot_events" USING btree ("lot_id","id");--> statement-breakpoint
CREATE INDEX "recycling_lot_materials_lot_idx" ON "recycling_lot_materials" USING btree ("lot_id","id");--> statement-breakpoint
CREATE INDEX "recycling_lot_units_lot_idx" ON "recycling_lot_units" USING btree ("lot_id","id");--> statement-breakpoint
CREATE INDEX "recycling_lots_status_idx" ON "recycling_lots" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "recycling_lots_partner_idx" ON "recycling_lots" USING btree ("partner_id","status","id");--> statement-breakpoint
CREATE INDEX "recycling_lots_stream_idx" ON "recycling_lots" USING btree ("material_stream","id");