-- The history's changes, typed: one row per deal, field (stage, probability, amount, close_date,
-- category) and moment, with the value the field took (code names a value that cannot be read).
-- The value a field had before its first change counts from the beginning of time (1900-01-01):
-- the first change's old value ($initial_from_old, OpportunityFieldHistory) or its own value
-- (OpportunityHistory and HubSpot record the value a deal was created with).
CREATE OR REPLACE TEMP TABLE backfill_changes AS
WITH r AS (
    SELECT row_no, ing_clean(opportunity_id) AS opportunity_id, source_field,
           field,
           role, ing_clean(changed_raw) AS changed_raw, ing_clean(raw) AS raw,
           ing_clean(old_raw) AS old_raw, ing_ts(ing_clean(changed_raw)) AS changed_at
    FROM backfill_reshaped
),
firsts AS (
    SELECT row_no, opportunity_id, source_field, field,
           CASE WHEN $initial_from_old THEN 'old_value' ELSE role END AS role,
           changed_raw, CASE WHEN $initial_from_old THEN old_raw ELSE raw END AS raw,
           TIMESTAMP '1900-01-01' AS changed_at, true AS initial
    FROM r
    WHERE field IS NOT NULL AND opportunity_id IS NOT NULL AND changed_at IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY opportunity_id, field ORDER BY changed_at, row_no) = 1
),
u AS (
    SELECT row_no, opportunity_id, source_field, field, role, changed_raw, raw,
           changed_at, false AS initial
    FROM r
    UNION ALL
    SELECT * FROM firsts
),
typed AS (
    SELECT
        *,
        CASE field
            WHEN 'stage' THEN coalesce(
                ing_prob(raw),
                CAST($stage_values AS DOUBLE[])[list_position(CAST($stage_names AS VARCHAR[]), ing_label(raw))]
            )
            WHEN 'probability' THEN ing_prob(raw)
        END AS stage,
        field = 'stage' AND list_contains(CAST($lost_names AS VARCHAR[]), ing_label(raw)) AS lost_name,
        CASE WHEN field = 'amount' THEN ing_amount(raw) END AS amount,
        CASE WHEN field = 'close_date' THEN ing_date(raw) END AS close_date,
        CASE WHEN field = 'category' THEN ing_category(raw) END AS category
    FROM u
    WHERE raw IS NOT NULL OR field IS NULL OR opportunity_id IS NULL
)
SELECT
    *,
    CASE
        WHEN opportunity_id IS NULL THEN 'missing'
        WHEN field IS NULL THEN NULL
        WHEN changed_at IS NULL THEN 'bad_timestamp'
        WHEN field = 'stage' AND (stage IS NULL OR stage < 0 OR stage > 100) THEN 'bad_stage'
        WHEN field = 'probability' AND (stage IS NULL OR stage < 0 OR stage > 100) THEN 'bad_probability'
        WHEN field = 'amount' AND amount IS NULL THEN 'bad_amount'
        WHEN field = 'close_date' AND close_date IS NULL THEN 'bad_date'
        WHEN field = 'category' AND category IS NULL THEN 'bad_category'
    END AS code
FROM typed
