-- Salesforce OpportunityHistory: each row is the deal's whole state after a change, so it gives
-- one value per field (stage name, probability, amount, close date, forecast category).
CREATE OR REPLACE TEMP TABLE backfill_reshaped AS
WITH r AS (
    SELECT *, CAST(rowid - (SELECT min(rowid) FROM backfill_history_raw) + 2 AS BIGINT) AS row_no
    FROM backfill_history_raw
)
SELECT row_no, opportunity_id, 'StageName' AS source_field, 'stage' AS field, 'stage' AS role,
       changed_at AS changed_raw, stage AS raw, CAST(NULL AS VARCHAR) AS old_raw
FROM r
UNION ALL
SELECT row_no, opportunity_id, 'Probability', 'probability', 'probability', changed_at, probability, NULL
FROM r
UNION ALL
SELECT row_no, opportunity_id, 'Amount', 'amount', 'amount', changed_at, amount, NULL FROM r
UNION ALL
SELECT row_no, opportunity_id, 'CloseDate', 'close_date', 'close_date', changed_at, close_date, NULL
FROM r
UNION ALL
SELECT row_no, opportunity_id, 'ForecastCategory', 'category', 'category', changed_at, category, NULL
FROM r
