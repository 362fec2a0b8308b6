CREATE TABLE "analytics_returns_category_daily" (
	"order_day" date NOT NULL,
	"category" text NOT NULL,
	"currency_code" text NOT NULL,
	"reason" text NOT NULL,
	"disposition" text NOT NULL,
	"units" integer NOT NULL,
	"received_units" integer NOT NULL,
	"sellable_units" integer NOT NULL,
	"refunded_units" integer NOT NULL,
	"refunded_minor" bigint NOT NULL,
	"recovered_minor" bigint NOT NULL,
	"dispositioned_value_minor" bigint NOT NULL,
	"refurb_cost_minor" bigint NOT NULL,
	"shipping_cost_minor" bigint NOT NULL,
	"refund_days_hist" integer[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "analytics_returns_category_daily_pk" PRIMARY KEY("order_day","category","currency_code","reason","disposition")
);
--> statement-breakpoint
CREATE TABLE "analytics_sales_category_daily" (
	"day" date NOT NULL,
	"category" text NOT NULL,
	"currency_code" text NOT NULL,
	"units" integer NOT NULL,
	CONSTRAINT "analytics_sales_category_daily_pk" PRIMARY KEY("day","category","currency_code")
);
--> statement-breakpoint
CREATE TABLE "analytics_stale_days" (
	"id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX "analytics_returns_category_daily_category_idx" ON "analytics_returns_category_daily" USING btree ("category","order_day");--> statement-breakpoint
CREATE INDEX "analytics_sales_category_daily_category_idx" ON "analytics_sales_category_daily" USING btree ("category","day");--> statement-breakpoint
-- Backfill the rollups from the per-product aggregates already kept (the refresh maintains them from here on).
INSERT INTO "analytics_sales_category_daily" ("day", "category", "currency_code", "units")
SELECT "day", "category", "currency_code", sum("units")::int FROM "analytics_sales_daily" GROUP BY 1, 2, 3;--> statement-breakpoint
WITH g AS (
  SELECT order_day, category, currency_code, reason, disposition, sum(units)::int AS units, sum(received_units)::int AS received_units,
    sum(sellable_units)::int AS sellable_units, sum(refunded_units)::int AS refunded_units, sum(refunded_minor)::bigint AS refunded_minor,
    sum(recovered_minor)::bigint AS recovered_minor, sum(dispositioned_value_minor)::bigint AS dispositioned_value_minor,
    sum(refurb_cost_minor)::bigint AS refurb_cost_minor, sum(shipping_cost_minor)::bigint AS shipping_cost_minor
  FROM analytics_returns_daily GROUP BY 1, 2, 3, 4, 5
),
buckets AS (
  SELECT d.order_day, d.category, d.currency_code, d.reason, d.disposition, u.ord, sum(u.v)::int AS v
  FROM analytics_returns_daily d CROSS JOIN LATERAL unnest(d.refund_days_hist) WITH ORDINALITY AS u(v, ord)
  WHERE cardinality(d.refund_days_hist) > 0 GROUP BY 1, 2, 3, 4, 5, 6
),
hist AS (SELECT order_day, category, currency_code, reason, disposition, array_agg(v ORDER BY ord) AS h FROM buckets GROUP BY 1, 2, 3, 4, 5)
INSERT INTO analytics_returns_category_daily (order_day, category, currency_code, reason, disposition, units, received_units,
  sellable_units, refunded_units, refunded_minor, recovered_minor, dispositioned_value_minor, refurb_cost_minor, shipping_cost_minor, refund_days_hist)
SELECT g.order_day, g.category, g.currency_code, g.reason, g.disposition, g.units, g.received_units, g.sellable_units, g.refunded_units,
  g.refunded_minor, g.recovered_minor, g.dispositioned_value_minor, g.refurb_cost_minor, g.shipping_cost_minor, coalesce(hist.h, '{}'::int[])
FROM g LEFT JOIN hist USING (order_day, category, currency_code, reason, disposition);
