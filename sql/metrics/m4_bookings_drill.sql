-- The orders behind the numbers of M1, M4, M13 or M18 of a run of periods: bookings whose period
-- (a period start at $grain) lies in [$drill_from, $drill_to] (one period: both the same) and one
-- scope ($drill_scope read with $by), with the rep's region, by booked date, rep and order.
-- $include_cancelled keeps cancelled orders (M4). $called_weeks_only keeps only the bookings of
-- rep-weeks that had a commit call and places them in the period of their week's Monday (M1).
SELECT b.order_id,
       b.opportunity_id,
       b.rep,
       d.name AS rep_name,
       d.region,
       b.booked_date,
       week_monday(b.booked_date) AS week_start,
       b.amount,
       b.status,
       b.status <> 'cancelled' AS counts_as_actual,
       b.status IN ('unrealized', 'cancelled') AS unrealized
FROM bookings b
JOIN rep_current d ON d.rep = b.rep
WHERE b.booked_date >= CAST($drill_from AS DATE) - 6
  AND b.booked_date < period_end(CAST($drill_to AS DATE), $grain) + 6
  AND period_start(
          CASE WHEN coalesce($called_weeks_only, false) THEN week_monday(b.booked_date)
               ELSE b.booked_date END,
          $grain, $m0) BETWEEN CAST($drill_from AS DATE) AND CAST($drill_to AS DATE)
  AND in_filter(b.rep, d.region, $regions, $reps)
  AND scope_of(b.rep, d.region, $by) = $drill_scope
  AND (coalesce($include_cancelled, false) OR b.status <> 'cancelled')
  AND (NOT coalesce($called_weeks_only, false)
       OR EXISTS (SELECT 1 FROM calls c
                  WHERE c.rep = b.rep AND coalesce(c.scope_type, 'rep') = 'rep'
                    AND c.week_start = week_monday(b.booked_date)))
ORDER BY b.booked_date, b.rep, b.order_id
