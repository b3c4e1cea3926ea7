-- Every problem of a deals extract (forecast-desk backfill), one row per bad cell: row_no, col,
-- value, code (analytics/ingest/messages.py), detail. As for snapshot rows, except that there is
-- no snapshot date, a deal appears once, and an extract holds what history needs only where it
-- matters: an open deal may lack a close date (and any deal but a won one an amount); a won or
-- lost deal needs its close date, a won deal its amount (its booking).
CREATE OR REPLACE TEMP TABLE ingest_errors AS
WITH h AS (
    SELECT
        *,
        hash(
            opportunity_id, opportunity_name, account, rep_raw, region, stage_raw,
            probability_raw, amount_raw, close_date_raw, category_raw, created_date_raw, currency,
            config_final_raw, end_user_signed_raw, channel_signed_raw, discount_approved_raw,
            partner_ready_raw, is_closed_raw, is_won_raw
        ) AS row_hash
    FROM ingest_stage
),
same AS (
    SELECT row_hash, min(row_no) AS same_row FROM h GROUP BY row_hash HAVING count(*) > 1
),
keys AS (
    SELECT opportunity_id, min(row_no) AS key_row FROM h WHERE opportunity_id IS NOT NULL
    GROUP BY opportunity_id HAVING count(*) > 1
),
s AS (
    SELECT h.*, sm.same_row, k.key_row
    FROM h LEFT JOIN same sm USING (row_hash) LEFT JOIN keys k USING (opportunity_id)
),
problems AS (
    SELECT row_no, 'opportunity_id' AS col, CAST(NULL AS VARCHAR) AS value, 'missing' AS code,
           CAST(NULL AS VARCHAR) AS detail
    FROM s WHERE opportunity_id IS NULL
    UNION ALL
    SELECT row_no, 'rep', NULL, 'missing', NULL FROM s WHERE rep_raw IS NULL
    UNION ALL
    SELECT row_no, 'probability', probability_raw,
           CASE WHEN probability IS NULL THEN 'bad_probability' ELSE 'stage_range' END, NULL
    FROM s
    WHERE probability_raw IS NOT NULL AND (probability IS NULL OR probability < 0 OR probability > 100)
    UNION ALL
    SELECT row_no, 'stage', stage_raw,
           CASE WHEN stage_value IS NULL THEN 'bad_stage' ELSE 'stage_range' END, NULL
    FROM s
    WHERE probability_raw IS NULL AND stage_raw IS NOT NULL
      AND (stage_value IS NULL OR stage_value < 0 OR stage_value > 100)
    UNION ALL
    SELECT row_no, CASE WHEN $has_probability THEN 'probability' ELSE 'stage' END, NULL, 'missing', NULL
    FROM s WHERE probability_raw IS NULL AND stage_raw IS NULL
    UNION ALL
    SELECT row_no, 'amount', amount_raw, 'bad_amount', NULL
    FROM s WHERE amount_raw IS NOT NULL AND amount IS NULL
    UNION ALL
    SELECT row_no, 'amount', NULL, 'won_without_amount', NULL
    FROM s WHERE amount_raw IS NULL AND forecast_category = 'won'
    UNION ALL
    SELECT row_no, 'close_date', close_date_raw, ing_date_code(close_date_raw), NULL
    FROM s WHERE close_date_raw IS NOT NULL AND close_date IS NULL
    UNION ALL
    SELECT row_no, 'close_date', NULL, 'closed_without_close_date', forecast_category
    FROM s WHERE close_date_raw IS NULL AND forecast_category IN ('won', 'lost')
    UNION ALL
    SELECT row_no, 'forecast_category', category_raw, 'bad_category', NULL
    FROM s WHERE category_raw IS NOT NULL AND category IS NULL
    UNION ALL
    SELECT row_no, 'created_date', created_date_raw, ing_date_code(created_date_raw), NULL
    FROM s WHERE created_date_raw IS NOT NULL AND created_date IS NULL
    UNION ALL
    SELECT row_no, 'config_final', config_final_raw, 'bad_bool', NULL
    FROM s WHERE config_final_raw IS NOT NULL AND config_final IS NULL
    UNION ALL
    SELECT row_no, 'end_user_signed', end_user_signed_raw, 'bad_bool', NULL
    FROM s WHERE end_user_signed_raw IS NOT NULL AND end_user_signed IS NULL
    UNION ALL
    SELECT row_no, 'channel_signed', channel_signed_raw, 'bad_bool', NULL
    FROM s WHERE channel_signed_raw IS NOT NULL AND channel_signed IS NULL
    UNION ALL
    SELECT row_no, 'discount_approved', discount_approved_raw, 'bad_bool', NULL
    FROM s WHERE discount_approved_raw IS NOT NULL AND discount_approved IS NULL
    UNION ALL
    SELECT row_no, 'partner_ready', partner_ready_raw, 'bad_bool', NULL
    FROM s WHERE partner_ready_raw IS NOT NULL AND partner_ready IS NULL
    UNION ALL
    SELECT row_no, 'is_closed', is_closed_raw, 'bad_bool', NULL
    FROM s WHERE is_closed_raw IS NOT NULL AND is_closed IS NULL
    UNION ALL
    SELECT row_no, 'is_won', is_won_raw, 'bad_bool', NULL
    FROM s WHERE is_won_raw IS NOT NULL AND is_won IS NULL
    UNION ALL
    SELECT row_no, NULL, NULL, 'dup_row', CAST(same_row AS VARCHAR) FROM s WHERE row_no > same_row
    UNION ALL
    SELECT row_no, 'opportunity_id', opportunity_id, 'dup_deal',
           CAST(key_row AS VARCHAR)
    FROM s
    WHERE row_no > key_row AND coalesce(same_row, row_no) = row_no
    UNION ALL
    SELECT first_row, 'rep', rep_raw, 'ambiguous_rep', ambiguous
    FROM ingest_rep_match WHERE ambiguous IS NOT NULL
    UNION ALL
    SELECT first_row, 'rep', rep_raw, 'no_region', CAST(key_rows - 1 AS VARCHAR)
    FROM ingest_rep_match WHERE unknown AND new_region IS NULL AND rep_raw = new_rep
)
SELECT CAST(row_no AS BIGINT) AS row_no, col, value, code, detail FROM problems
