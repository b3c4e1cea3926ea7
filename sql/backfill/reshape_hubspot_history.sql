-- HubSpot deal property history: one row per value a property took. The stage comes from
-- dealstage (hs_deal_stage_probability is derived from it and first recorded later, so it is
-- ignored like hubspot_owner_id, dealname and the other properties).
CREATE OR REPLACE TEMP TABLE backfill_reshaped AS
SELECT
    CAST(rowid - (SELECT min(rowid) FROM backfill_history_raw) + 2 AS BIGINT) AS row_no,
    opportunity_id,
    property AS source_field,
    CASE ing_word(property)
        WHEN 'dealstage' THEN 'stage'
        WHEN 'amount' THEN 'amount'
        WHEN 'closedate' THEN 'close_date'
        WHEN 'hsforecastcategory' THEN 'category'
        WHEN 'hsmanualforecastcategory' THEN 'category'
    END AS field,
    'value' AS role,
    changed_at AS changed_raw,
    value AS raw,
    CAST(NULL AS VARCHAR) AS old_raw
FROM backfill_history_raw
