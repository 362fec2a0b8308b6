-- One QUEUED/RUNNING operation per kind (a second request answers ALREADY_RUNNING). Rows the old rule let queue beside
-- another of their kind (other options, other refresh mode) are ended first, keeping a running one, else the oldest;
-- the table is locked meanwhile so no request slips one in between.
LOCK TABLE "admin_operations" IN SHARE ROW EXCLUSIVE MODE;--> statement-breakpoint
UPDATE "admin_operations" SET "status" = 'FAILED', "error_code" = 'SUPERSEDED', "finished_at" = now(),
  "error" = 'Another operation of its kind was queued or running when only one at a time became the rule; request it again.'
WHERE "status" IN ('QUEUED', 'RUNNING') AND "id" NOT IN (
  SELECT DISTINCT ON ("kind") "id" FROM "admin_operations" WHERE "status" IN ('QUEUED', 'RUNNING')
  ORDER BY "kind", ("status" = 'RUNNING') DESC, "id");--> statement-breakpoint
DROP INDEX "admin_operations_active_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "admin_operations_active_kind_uq" ON "admin_operations" USING btree ("kind") WHERE "admin_operations"."status" in ('QUEUED', 'RUNNING');
