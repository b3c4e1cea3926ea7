-- The extract's deals, checked (ingest_stage, sql/ingest/errors/deals.sql) and matched to reps:
-- one row each. closed: won or lost in the extract. appears_on: the snapshot date from which the
-- deal is in history, its created date, else its first recorded change, else the last snapshot
-- ($last: a deal without a created date is known only from the extract's own week).
CREATE OR REPLACE TEMP TABLE backfill_deals AS
WITH first_change AS (
    SELECT opportunity_id, CAST(min(changed_at) AS DATE) AS first_day
    FROM backfill_changes
    WHERE code IS NULL AND field IS NOT NULL AND NOT initial
    GROUP BY opportunity_id
)
SELECT
    s.row_no, s.opportunity_id, s.opportunity_name, s.account,
    coalesce(m.rep, m.new_rep) AS rep, s.region, s.stage, s.forecast_category AS category,
    s.forecast_category IN ('won', 'lost') AS closed,
    coalesce(s.amount, 0) AS amount, s.amount IS NULL AS no_amount,
    s.close_date, s.created_date,
    coalesce(s.created_date, f.first_day, CAST($last AS DATE)) AS appears_on,
    s.currency, s.config_final, s.end_user_signed, s.channel_signed, s.discount_approved,
    s.partner_ready
FROM ingest_stage s
JOIN ingest_rep_match m USING (rep_raw)
LEFT JOIN first_change f USING (opportunity_id)
