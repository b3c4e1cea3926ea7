-- The 13 weekly bookings behind M13 for one fiscal quarter ($quarter_start, any day of it), per
-- scope: bookings of week k (days past week 13 fold into week 13), the cumulative amount, and the
-- ideal straight line total·k/13 that the linearity index measures the distance from (with
-- $linear_by = 'working_days' the ideal follows the working days: total × working days up to the
-- end of week k / the quarter's; the index itself stays k/13, as METRICS.md defines it). Scopes
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
ideal AS (
    -- the even line's share reached at the end of week k (week 13 runs to the quarter's end)
    SELECT CAST(k.week AS INTEGER) AS week,
           CASE WHEN $linear_by = 'working_days'
                THEN working_days(q.quarter_start,
                                  CASE WHEN k.week = 13 THEN CAST(q.quarter_start + INTERVAL 3 MONTH AS DATE)
                                       ELSE CAST(q.quarter_start + to_days(CAST(7 * k.week AS INTEGER)) AS DATE) END,
                                  $working_weekdays, CAST($holidays AS DATE[]))
                     / nullif(working_days(q.quarter_start, CAST(q.quarter_start + INTERVAL 3 MONTH AS DATE),
                                           $working_weekdays, CAST($holidays AS DATE[])), 0)
                ELSE k.week / 13
           END AS share
    FROM q, range(1, 14) AS k(week)
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
       CAST(c.total AS DOUBLE) * i.share AS ideal,
       CASE WHEN c.total <> 0 THEN c.cumulative / c.total END AS cumulative_share,
       i.share AS ideal_share
FROM cumulative c, q, ideal i
WHERE i.week = c.week
ORDER BY c.scope, c.week
