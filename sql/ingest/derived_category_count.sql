-- How many snapshot rows got their forecast category from the stage (no category given).
SELECT count(*) FROM ingest_stage WHERE category_raw IS NULL
