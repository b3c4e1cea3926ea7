-- M4 Unrealized orders: Σ amount of bookings with status unrealized or cancelled / Σ amount of all
-- bookings, by booked_date in the period. Roll-ups add both sums first; NULL when nothing was booked.
WITH b AS (
    SELECT period_start(b.booked_date, $grain, $m0) AS period_start,
           scope_of(b.rep, d.region, $by) AS scope,
           b.amount,
           b.status
    FROM bookings b
    JOIN rep_current d ON d.rep = b.rep
    WHERE in_filter(b.rep, d.region, $regions, $reps)
      AND ($date_from IS NULL OR b.booked_date >= $date_from)
),
rolled AS (
    SELECT period_start, scope,
           coalesce(sum(amount) FILTER (WHERE status IN ('unrealized', 'cancelled')), 0) AS unrealized,
           sum(amount) AS booked,
           coalesce(sum(amount) FILTER (WHERE status = 'unrealized'), 0) AS unrealized_only,
           coalesce(sum(amount) FILTER (WHERE status = 'cancelled'), 0) AS cancelled,
           count(*) AS orders
    FROM b
    WHERE ($date_to IS NULL OR period_start <= $date_to)
    GROUP BY ALL
)
SELECT period_start,
       period_label(period_start, $grain, $m0) AS period,
       scope,
       CASE WHEN booked > 0 THEN unrealized / booked END AS value,
       unrealized,
       booked,
       unrealized_only,
       cancelled,
       orders
FROM rolled
