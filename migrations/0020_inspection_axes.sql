ALTER TABLE "return_items" ADD COLUMN "cosmetic_grade" text;--> statement-breakpoint
ALTER TABLE "return_items" ADD COLUMN "functional_grade" text;