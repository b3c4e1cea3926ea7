-- M19 Quarter projection, bookings per snapshot: for every snapshot S' up to $until and every scope
-- with actual bookings in S''s fiscal quarter before $until's quarter began or before S':
--   booked  the actual bookings of the quarter dated before S', i.e. up to S' - 1 (booked so far: a snapshot shows
--           the pipeline at the start of its day, so that day's bookings are still to come)
--   final   the actual bookings of the whole quarter dated before $until's quarter (the quarter's
--           outcome: complete for quarters that have ended, NULL for $until's own quarter)
WITH daily AS (
    SELECT fiscal_quarter_start(booked_date, $m0) AS quarter_start,
           scope_of(rep, region, $by) AS scope, booked_date,
           CAST(sum(amount) AS DOUBLE) AS amount
    FROM actual_days
    WHERE booked_date <= CAST($until AS DATE)
      AND in_filter(rep, region, $regions, $reps)
    GROUP BY ALL
),
running AS (
    SELECT quarter_start, scope, booked_date,
           sum(amount) OVER (PARTITION BY quarter_start, scope ORDER BY booked_date) AS so_far
    FROM daily
),
quarters AS (
    SELECT quarter_start, scope,
           CASE WHEN quarter_start < fiscal_quarter_start(CAST($until AS DATE), $m0)
                THEN sum(amount) END AS final
    FROM daily
    GROUP BY quarter_start, scope
),
keys AS (
    SELECT x.snapshot_date, q.quarter_start, q.scope, q.final
    FROM snapshot_index x
    JOIN quarters q ON q.quarter_start = fiscal_quarter_start(x.snapshot_date, $m0)
    WHERE x.snapshot_date <= CAST($until AS DATE)
)
SELECT k.snapshot_date, k.quarter_start, k.scope,
       coalesce(r.so_far, 0) AS booked,
       k.final
FROM keys k
ASOF LEFT JOIN running r
  ON r.quarter_start = k.quarter_start AND r.scope = k.scope AND k.snapshot_date - 1 >= r.booked_date
ORDER BY k.snapshot_date, k.scope
