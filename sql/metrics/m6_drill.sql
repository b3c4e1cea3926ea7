-- The deals behind one M6/M6c number: deals of category $category in the snapshot as of the
-- period's first day with close_date in the period, for one scope ($drill_scope read with $by),
-- with whether each converted (a booking with its opportunity_id, not cancelled, booked in the
-- period) and the amount booked. Empty when the period has no snapshot at most $max_age days old.
WITH p AS (
    SELECT CAST($drill_period AS DATE) AS period_start,
           period_end(CAST($drill_period AS DATE), $grain) AS period_end,
           snapshot_index_as_of(CAST($drill_period AS DATE), $max_age) AS snap
),
booked AS (
    SELECT b.opportunity_id, sum(b.amount) AS booked_amount, min(b.booked_date) AS first_booked
    FROM actual_bookings b, p
    WHERE b.booked_date >= p.period_start AND b.booked_date < p.period_end
      AND b.opportunity_id IS NOT NULL
    GROUP BY ALL
)
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
       bk.opportunity_id IS NOT NULL AS converted,
       bk.booked_amount,
       bk.first_booked
FROM snapshots s
CROSS JOIN p
JOIN rep_current d ON d.rep = s.rep
LEFT JOIN booked bk ON bk.opportunity_id = s.opportunity_id
WHERE s.snapshot_date = p.snap
  AND s.forecast_category = $category
  AND s.close_date >= p.period_start AND s.close_date < p.period_end
  AND in_filter(s.rep, d.region, $regions, $reps)
  AND scope_of(s.rep, d.region, $by) = $drill_scope
ORDER BY converted DESC, s.amount DESC, s.opportunity_id
