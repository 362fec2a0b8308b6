CREATE TABLE "analytics_customer_stats" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"orders" integer NOT NULL,
	"units_bought" integer NOT NULL,
	"units_returned" integer NOT NULL,
	"returns" integer NOT NULL,
	"expected_returned" double precision NOT NULL,
	"return_rate" double precision NOT NULL,
	"excess_score" double precision NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_refresh_state" (
	"name" text PRIMARY KEY NOT NULL,
	"watermark" text,
	"refreshed_at" timestamp with time zone,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_returns_daily" (
	"order_day" date NOT NULL,
	"request_day" date NOT NULL,
	"product_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"category" text NOT NULL,
	"currency_code" text NOT NULL,
	"reason" text NOT NULL,
	"disposition" text NOT NULL,
	"units" integer NOT NULL,
	"received_units" integer DEFAULT 0 NOT NULL,
	"sellable_units" integer DEFAULT 0 NOT NULL,
	"refunded_units" integer DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"recovered_minor" bigint DEFAULT 0 NOT NULL,
	"dispositioned_value_minor" bigint DEFAULT 0 NOT NULL,
	"refurb_cost_minor" bigint DEFAULT 0 NOT NULL,
	"shipping_cost_minor" bigint DEFAULT 0 NOT NULL,
	"weight_grams" bigint DEFAULT 0 NOT NULL,
	"refund_days_hist" integer[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "analytics_returns_daily_pk" PRIMARY KEY("order_day","request_day","product_id","currency_code","reason","disposition")
);
--> statement-breakpoint
CREATE TABLE "analytics_sales_daily" (
	"day" date NOT NULL,
	"product_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"category" text NOT NULL,
	"currency_code" text NOT NULL,
	"orders" integer NOT NULL,
	"units" integer NOT NULL,
	"gross_minor" bigint NOT NULL,
	"discount_minor" bigint NOT NULL,
	"weight_grams" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_sales_daily_pk" PRIMARY KEY("day","product_id","currency_code")
);
--> statement-breakpoint
CREATE TABLE "return_risk_models" (
	"version" integer PRIMARY KEY NOT NULL,
	"algorithm" text NOT NULL,
	"seed" integer NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	"holdout_from" timestamp with time zone NOT NULL,
	"trained_until" timestamp with time zone NOT NULL,
	"train_rows" integer NOT NULL,
	"holdout_rows" integer NOT NULL,
	"features" jsonb NOT NULL,
	"model" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sustainability_factor_sets" (
	"version" integer PRIMARY KEY NOT NULL,
	"factors" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "manual_review_risk_above" numeric(4, 3);--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "manual_review_serial_returners" boolean;--> statement-breakpoint
ALTER TABLE "analytics_customer_stats" ADD CONSTRAINT "analytics_customer_stats_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_customer_stats_excess_idx" ON "analytics_customer_stats" USING btree ("excess_score","customer_id");--> statement-breakpoint
CREATE INDEX "analytics_returns_daily_request_idx" ON "analytics_returns_daily" USING btree ("request_day");--> statement-breakpoint
CREATE INDEX "analytics_returns_daily_sku_idx" ON "analytics_returns_daily" USING btree ("sku","order_day");--> statement-breakpoint
CREATE INDEX "analytics_returns_daily_category_idx" ON "analytics_returns_daily" USING btree ("category","order_day");--> statement-breakpoint
CREATE INDEX "analytics_sales_daily_sku_idx" ON "analytics_sales_daily" USING btree ("sku","day");--> statement-breakpoint
CREATE INDEX "analytics_sales_daily_category_idx" ON "analytics_sales_daily" USING btree ("category","day");--> statement-breakpoint
CREATE INDEX "orders_placed_idx" ON "orders" USING btree ("placed_at");--> statement-breakpoint
CREATE INDEX "orders_updated_idx" ON "orders" USING btree ("updated_at");