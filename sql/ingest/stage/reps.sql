-- Rep rows parsed. The tier is A, B, C or empty.
CREATE OR REPLACE TEMP TABLE ingest_stage AS
WITH cleaned AS (
    SELECT
        row_no,
        ing_clean(rep) AS rep,
        ing_clean(name) AS name,
        ing_clean(region) AS region,
        ing_clean(manager) AS manager,
        ing_clean(tier) AS tier_raw,
        ing_clean(active_from) AS active_from_raw,
        ing_clean(active_to) AS active_to_raw,
        ing_clean(region_zh) AS region_zh
    FROM ingest_numbered
)
SELECT
    *,
    ing_tier(tier_raw) AS tier,
    ing_date(active_from_raw) AS active_from,
    ing_date(active_to_raw) AS active_to
FROM cleaned
