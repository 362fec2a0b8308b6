CREATE TABLE "return_payouts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"return_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"bonus_minor" bigint DEFAULT 0 NOT NULL,
	"currency_code" text NOT NULL,
	"partner_id" uuid,
	"attempt" integer DEFAULT 1 NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"failure_reason" text,
	"reference" text,
	"credit_code" text,
	"credit_balance_minor" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_payouts_return_kind_uq" UNIQUE("return_id","kind")
);
--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "store_credit_bonus_percent" numeric(5, 2);--> statement-breakpoint
ALTER TABLE "return_items" ADD COLUMN "store_credit_bonus_percent" numeric(5, 2) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "return_payouts" ADD CONSTRAINT "return_payouts_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_payouts" ADD CONSTRAINT "return_payouts_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "return_payouts_status_idx" ON "return_payouts" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "returns_refund_status_idx" ON "returns" USING btree ("refund_status","id");