-- The orders behind a run of periods of M18's (or M13's) actuals for one scope: bookings whose
-- period (a period start at $grain) lies in [$drill_from, $drill_to] and whose scope (read with
-- $by) is $drill_scope, with the rep's region; cancelled orders are left out. The rows of each
-- period are those m4_bookings_drill.sql gives for it, in the same order (booked date, rep,
-- order), so the whole run is the periods' lists one after the other.
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
  AND period_start(b.booked_date, $grain, $m0)
      BETWEEN CAST($drill_from AS DATE) AND CAST($drill_to AS DATE)
  AND in_filter(b.rep, d.region, $regions, $reps)
  AND scope_of(b.rep, d.region, $by) = $drill_scope
  AND b.status <> 'cancelled'
ORDER BY b.booked_date, b.rep, b.order_id
