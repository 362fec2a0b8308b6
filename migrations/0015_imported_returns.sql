CREATE TABLE "return_reason_mappings" (
	"merchant" text NOT NULL,
	"code" text NOT NULL,
	"reason" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_reason_mappings_merchant_code_pk" PRIMARY KEY("merchant","code")
);
--> statement-breakpoint
ALTER TABLE "return_items" ADD COLUMN "merchant_reason_code" text;--> statement-breakpoint
ALTER TABLE "return_items" ADD COLUMN "imported_recovered_minor" bigint;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "merchant" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "import_hash" text;--> statement-breakpoint
ALTER TABLE "return_risk_models" ADD COLUMN "inactive_reason" text;--> statement-breakpoint
ALTER TABLE "return_risk_models" ADD COLUMN "as_of" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_merchant_external_uq" UNIQUE("merchant","external_id");