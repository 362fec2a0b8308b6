CREATE TABLE "analytics_mix_codes" (
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "analytics_mix_codes_pk" PRIMARY KEY("kind","code")
);
--> statement-breakpoint
CREATE TABLE "analytics_sku_weekly" (
	"week" date NOT NULL,
	"product_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"category" text NOT NULL,
	"currency_code" text NOT NULL,
	"sold_units" integer,
	"units" integer,
	"received_units" integer,
	"sellable_units" integer,
	"refunded_units" integer,
	"refunded_minor" bigint,
	"recovered_minor" bigint,
	"dispositioned_value_minor" bigint,
	"refurb_cost_minor" bigint,
	"shipping_cost_minor" bigint,
	"reason_units" integer[] DEFAULT '{}' NOT NULL,
	"disposition_units" integer[] DEFAULT '{}' NOT NULL,
	"refund_days_hist" integer[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "analytics_sku_weekly_pk" PRIMARY KEY("week","product_id","currency_code","sku","category")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_mix_codes_position_idx" ON "analytics_mix_codes" USING btree ("kind","position");