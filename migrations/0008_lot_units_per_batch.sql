ALTER TABLE "recycling_lot_units" DROP CONSTRAINT "recycling_lot_units_return_item_id_unique";--> statement-breakpoint
ALTER TABLE "vendor_return_units" DROP CONSTRAINT "vendor_return_units_return_item_id_unique";--> statement-breakpoint
CREATE INDEX "recycling_lot_units_return_item_idx" ON "recycling_lot_units" USING btree ("return_item_id");--> statement-breakpoint
CREATE INDEX "vendor_return_units_return_item_idx" ON "vendor_return_units" USING btree ("return_item_id");--> statement-breakpoint
ALTER TABLE "recycling_lot_units" ADD CONSTRAINT "recycling_lot_units_lot_item_uq" UNIQUE("lot_id","return_item_id");--> statement-breakpoint
ALTER TABLE "vendor_return_units" ADD CONSTRAINT "vendor_return_units_authorization_item_uq" UNIQUE("authorization_id","return_item_id");