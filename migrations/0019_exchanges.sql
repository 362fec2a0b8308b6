CREATE TABLE "return_exchanges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"return_id" uuid NOT NULL,
	"return_item_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"original_sku" text NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"currency_code" text NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"paid_minor" bigint NOT NULL,
	"price_difference_minor" bigint NOT NULL,
	"order_reference" text,
	"hold_status" text,
	"hold_reference" text,
	"hold_minor" bigint,
	"charge_reference" text,
	"failure_reason" text,
	"fallback_resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_exchanges_item_uq" UNIQUE("return_item_id")
);
--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "instant_exchange" boolean;--> statement-breakpoint
ALTER TABLE "return_exchanges" ADD CONSTRAINT "return_exchanges_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_exchanges" ADD CONSTRAINT "return_exchanges_return_item_id_return_items_id_fk" FOREIGN KEY ("return_item_id") REFERENCES "public"."return_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_exchanges" ADD CONSTRAINT "return_exchanges_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "return_exchanges_return_idx" ON "return_exchanges" USING btree ("return_id");--> statement-breakpoint
CREATE INDEX "return_exchanges_status_idx" ON "return_exchanges" USING btree ("status","id");