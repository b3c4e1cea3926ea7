-- M5 commit list of one week: the commit deals and the upside deals at or above the commit-eligible
-- stage in the snapshot as of the week's Monday, with checklist completeness and the two flags.
-- Empty when no snapshot is at most $max_age days old on that Monday. $drill_scope NULL = every scope.
SELECT s.snapshot_date,
       s.opportunity_id,
       s.opportunity_name,
       s.account,
       s.rep,
       d.name AS rep_name,
       d.region,
       s.stage,
       s.amount,
       s.close_date,
       s.forecast_category,
       s.config_final,
       s.end_user_signed,
       s.channel_signed,
       s.discount_approved,
       s.partner_ready,
       CASE WHEN coalesce(s.config_final, s.end_user_signed, s.channel_signed,
                          s.discount_approved, s.partner_ready) IS NOT NULL
            THEN (CAST(coalesce(s.config_final, false) AS INTEGER)
                  + CAST(coalesce(s.end_user_signed, false) AS INTEGER)
                  + CAST(coalesce(s.channel_signed, false) AS INTEGER)
                  + CAST(coalesce(s.discount_approved, false) AS INTEGER)
                  + CAST(coalesce(s.partner_ready, false) AS INTEGER)) / 5
       END AS checklist_share,
       CASE WHEN coalesce(s.config_final, s.end_user_signed, s.channel_signed,
                          s.discount_approved, s.partner_ready) IS NOT NULL
            THEN coalesce(s.config_final AND s.end_user_signed AND s.channel_signed
                          AND s.discount_approved AND s.partner_ready, false)
       END AS checklist_complete,
       s.forecast_category = 'commit' AND s.stage < $eligible_stage AS weak_commit,
       s.forecast_category = 'upside' AND s.stage >= $eligible_stage AS should_be_commit
FROM snapshots s
JOIN rep_current d ON d.rep = s.rep
WHERE s.snapshot_date = snapshot_index_as_of(week_monday(CAST($week_start AS DATE)), $max_age)
  AND (s.forecast_category = 'commit'
       OR (s.forecast_category = 'upside' AND s.stage >= $eligible_stage))
  AND in_filter(s.rep, d.region, $regions, $reps)
  AND ($drill_scope IS NULL OR scope_of(s.rep, d.region, $by) = $drill_scope)
ORDER BY d.region, s.rep, s.forecast_category, s.amount DESC, s.opportunity_id
