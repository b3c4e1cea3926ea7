-- Salesforce OpportunityFieldHistory: one row per changed field, with its old and new value.
-- Fields other than these (created, Owner, Name, …) have no field here and are ignored.
CREATE OR REPLACE TEMP TABLE backfill_reshaped AS
SELECT
    CAST(rowid - (SELECT min(rowid) FROM backfill_history_raw) + 2 AS BIGINT) AS row_no,
    opportunity_id,
    field AS source_field,
    CASE ing_word(field)
        WHEN 'stagename' THEN 'stage'
        WHEN 'stage' THEN 'stage'
        WHEN 'probability' THEN 'probability'
        WHEN 'amount' THEN 'amount'
        WHEN 'closedate' THEN 'close_date'
        WHEN 'forecastcategoryname' THEN 'category'
        WHEN 'forecastcategory' THEN 'category'
    END AS field,
    'new_value' AS role,
    changed_at AS changed_raw,
    new_value AS raw,
    old_value AS old_raw
FROM backfill_history_raw
