-- Nearest-first drop-off location search (issue 12): a GiST index of each location as a point on the unit sphere in
-- contrib `cube` replaces the (latitude, longitude) btree, whose bounding box read about the whole table at 100 km.
-- `cube` ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13: the database owner, or any
-- role with CREATE on the database, may create it. If it already exists (created by a superuser beforehand) nothing
-- is asked of the migrating role. See docs/database.md.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS cube;
EXCEPTION WHEN OTHERS THEN
  RAISE EXCEPTION 'the PostgreSQL extension "cube" (contrib) is required for the drop-off location search and could not be created (%): have a superuser run CREATE EXTENSION cube in this database, or grant the migrating role CREATE on it, then migrate again (docs/database.md)', SQLERRM
    USING ERRCODE = SQLSTATE;
END
$$;--> statement-breakpoint
DROP INDEX "drop_off_locations_geo_idx";--> statement-breakpoint
CREATE INDEX "drop_off_locations_geo_gist" ON "drop_off_locations" USING gist (cube(array[cos(radians("latitude")) * cos(radians("longitude")), cos(radians("latitude")) * sin(radians("longitude")), sin(radians("latitude"))]));
