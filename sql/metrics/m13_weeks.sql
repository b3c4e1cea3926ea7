-- The 13 weekly bookings behind M13 for one fiscal quarter ($quarter_start, any day of it), per
-- scope: bookings of week k (days past week 13 fold into week 13), the cumulative amount, and the
-- ideal straight line total·k/13 that the linearity index measures the distance from. Scopes
-- that booked nothing in the quarter have no rows.
WITH q AS (
    SELECT fiscal_quarter_start(CAST($quarter_start AS DATE), $m0) AS quarter_start
),
b AS (
    SELECT week_of_quarter(b.booked_date, $m0) AS week,
           scope_of(b.rep, b.region, $by) AS scope,
           b.amount
    FROM actual_days b, q  -- actual bookings per day and rep (sql/derived/)
    WHERE b.booked_date >= q.quarter_start
      AND b.booked_date < CAST(q.quarter_start + INTERVAL 3 MONTH AS DATE)
      AND in_filter(b.rep, b.region, $regions, $reps)
),
grid AS (
    SELECT s.scope, CAST(w.week AS INTEGER) AS week
    FROM (SELECT DISTINCT scope FROM b) s
    CROSS JOIN range(1, 14) AS w(week)
),
weekly AS (
    SELECT g.scope, g.week, coalesce(sum(b.amount), 0) AS bookings
    FROM grid g
    LEFT JOIN b ON b.scope = g.scope AND b.week = g.week
    GROUP BY ALL
),
cumulative AS (
    SELECT scope, week, bookings,
           sum(bookings) OVER (PARTITION BY scope ORDER BY week) AS cumulative,
           sum(bookings) OVER (PARTITION BY scope) AS total
    FROM weekly
)
SELECT c.scope,
       c.week,
       CAST(q.quarter_start + to_days(7 * (c.week - 1)) AS DATE) AS week_start,
       c.bookings,
       c.cumulative,
       CAST(c.total AS DOUBLE) * c.week / 13 AS ideal,
       CASE WHEN c.total <> 0 THEN c.cumulative / c.total END AS cumulative_share,
       c.week / 13 AS ideal_share
FROM cumulative c, q
ORDER BY c.scope, c.week
