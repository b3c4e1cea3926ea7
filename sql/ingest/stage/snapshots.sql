-- Snapshot rows parsed: *_raw columns keep the cleaned text (for messages and duplicate checks),
-- the others hold typed values (NULL where the text is unreadable; the errors query says why).
-- snapshot_date: the file's cell, else $snapshot_date (given at upload). stage: the probability
-- column where given (scaled x100 when $probability_fraction), else the stage column as a number
-- or a stage name of the settings ($stage_names -> $stage_values). The category follows, in
-- this order (docs/loading.md): the closed/won flags (won; closed and not won, or closed at
-- stage 0 -> lost), a lost stage name (Closed Lost, which Salesforce files under the category
-- Omitted) -> lost, the category column, else the stage: 100 won, >= 90 commit, >= 70 upside,
-- else pipeline. The *_typed columns hold what DuckDB's reader typed itself on the fast path
-- (analytics/ingest/fastpath.py); their text form stands in the *_raw columns.
CREATE OR REPLACE TEMP TABLE ingest_stage AS
WITH cleaned AS (
    SELECT
        row_no,
        coalesce(ing_clean(snapshot_date), CAST(snapshot_date_typed AS VARCHAR)) AS snapshot_date_raw,
        snapshot_date_typed,
        ing_clean(opportunity_id) AS opportunity_id,
        ing_clean(opportunity_name) AS opportunity_name,
        ing_clean(account) AS account,
        ing_clean(rep) AS rep_raw,
        ing_clean(region) AS region,
        ing_clean(stage) AS stage_raw,
        ing_clean(probability) AS probability_raw,
        coalesce(ing_clean(amount), CAST(amount_typed AS VARCHAR)) AS amount_raw,
        amount_typed,
        coalesce(ing_clean(close_date), CAST(close_date_typed AS VARCHAR)) AS close_date_raw,
        close_date_typed,
        ing_clean(forecast_category) AS category_raw,
        coalesce(ing_clean(created_date), CAST(created_date_typed AS VARCHAR)) AS created_date_raw,
        created_date_typed,
        ing_clean(currency) AS currency,
        ing_clean(config_final) AS config_final_raw,
        ing_clean(end_user_signed) AS end_user_signed_raw,
        ing_clean(channel_signed) AS channel_signed_raw,
        ing_clean(discount_approved) AS discount_approved_raw,
        ing_clean(partner_ready) AS partner_ready_raw,
        ing_clean(is_closed) AS is_closed_raw,
        ing_clean(is_won) AS is_won_raw
    FROM ingest_numbered
),
parsed AS (
    SELECT
        *,
        CASE WHEN snapshot_date_raw IS NULL THEN CAST($snapshot_date AS DATE)
             ELSE coalesce(snapshot_date_typed, ing_date(snapshot_date_raw)) END AS snapshot_date,
        ing_prob(probability_raw) * CASE WHEN $probability_fraction THEN 100 ELSE 1 END AS probability,
        coalesce(
            ing_prob(stage_raw),
            CAST($stage_values AS DOUBLE[])[list_position(CAST($stage_names AS VARCHAR[]), ing_label(stage_raw))]
        ) AS stage_value,
        list_contains(CAST($lost_names AS VARCHAR[]), ing_label(stage_raw)) AS lost_name,
        coalesce(amount_typed, ing_amount(amount_raw)) AS amount,
        coalesce(close_date_typed, ing_date(close_date_raw)) AS close_date,
        ing_category(category_raw) AS category,
        coalesce(created_date_typed, ing_date(created_date_raw)) AS created_date,
        ing_bool(config_final_raw) AS config_final,
        ing_bool(end_user_signed_raw) AS end_user_signed,
        ing_bool(channel_signed_raw) AS channel_signed,
        ing_bool(discount_approved_raw) AS discount_approved,
        ing_bool(partner_ready_raw) AS partner_ready,
        ing_bool(is_closed_raw) AS is_closed,
        ing_bool(is_won_raw) AS is_won
    FROM cleaned
),
staged AS (
    SELECT *, coalesce(probability, stage_value) AS stage FROM parsed
)
SELECT
    *,
    CASE
        WHEN is_won THEN 'won'
        WHEN is_closed AND (NOT is_won OR stage = 0) THEN 'lost'
        WHEN lost_name THEN 'lost'
        WHEN category_raw IS NOT NULL THEN category
        WHEN stage >= 100 THEN 'won'
        WHEN stage >= 90 THEN 'commit'
        WHEN stage >= 70 THEN 'upside'
        WHEN stage IS NOT NULL THEN 'pipeline'
    END AS forecast_category
FROM staged
