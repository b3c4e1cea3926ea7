-- Store the checked snapshot rows; the rep is the matched rep id (or the new derived rep).
INSERT INTO snapshots
SELECT
    s.snapshot_date, s.opportunity_id, s.opportunity_name, s.account,
    coalesce(m.rep, m.new_rep), s.region, s.stage, s.amount, s.close_date, s.forecast_category,
    s.created_date, s.currency, s.config_final, s.end_user_signed, s.channel_signed,
    s.discount_approved, s.partner_ready, $load_id
FROM ingest_stage s
JOIN ingest_rep_match m USING (rep_raw)
ORDER BY s.row_no
