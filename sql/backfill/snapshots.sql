-- The weekly snapshots: the date spine joined to the deals (a deal is in the snapshot of D from
-- its appears_on date), each field as of D. Rules without history (docs/loading.md): an open deal
-- shows the extract's values; a won or lost deal shows won/lost from its close date on, and
-- before it the open stage $open_stage (the extract holds only its final stage) with the category
-- that stage gives. A deal with no close date takes $last_close (the extract's date), the same on
-- every snapshot. With history, each field is the value of the deal's latest change up to the
-- end of D (the state of backfill_states whose interval holds the end of D), and the extract's
-- value where the history has none:
-- a replayed stage decides won (100) and lost (a lost stage name) itself.
INSERT INTO snapshots
WITH base AS (
    SELECT w.snapshot_date, w.day_end, d.*,
           d.closed AND w.snapshot_date >= d.close_date AS closed_now
    FROM backfill_deals d
    JOIN backfill_weeks w ON w.snapshot_date >= d.appears_on
),
replayed AS (
    SELECT b.*, h.h_stage, h.h_lost, h.h_probability, h.h_amount, h.h_close, h.h_category
    FROM base b
    LEFT JOIN backfill_states h
        ON h.opportunity_id = b.opportunity_id AND h.changed_at < b.day_end
       AND (h.valid_to IS NULL OR h.valid_to >= b.day_end)
),
shaped AS (
    SELECT
        *,
        coalesce(h_probability, h_stage) AS h_value,
        CASE
            WHEN closed_now THEN stage
            WHEN closed THEN CAST($open_stage AS DOUBLE)
            ELSE stage
        END AS rule_stage
    FROM replayed
)
SELECT
    snapshot_date, opportunity_id, opportunity_name, account, rep, region,
    CASE WHEN h_stage IS NOT NULL OR h_probability IS NOT NULL THEN h_value ELSE rule_stage END AS stage,
    coalesce(h_amount, amount) AS amount,
    coalesce(h_close, close_date, CAST($last_close AS DATE)) AS close_date,
    CASE
        WHEN h_stage IS NOT NULL OR h_probability IS NOT NULL THEN CASE
            WHEN coalesce(h_lost, false) THEN 'lost'
            WHEN h_value >= 100 THEN 'won'
            WHEN h_category IS NOT NULL AND h_category NOT IN ('won', 'lost') THEN h_category
            WHEN h_value >= 90 THEN 'commit'
            WHEN h_value >= 70 THEN 'upside'
            ELSE 'pipeline'
        END
        WHEN closed_now THEN category
        WHEN h_category IS NOT NULL AND h_category NOT IN ('won', 'lost') THEN h_category
        WHEN closed THEN CASE
            WHEN rule_stage >= 90 THEN 'commit'
            WHEN rule_stage >= 70 THEN 'upside'
            ELSE 'pipeline'
        END
        ELSE category
    END AS forecast_category,
    created_date, currency, config_final, end_user_signed, channel_signed, discount_approved,
    partner_ready, $load_id
FROM shaped
