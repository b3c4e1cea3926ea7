-- M20 Forecast value added by horizon, the months behind it: one row per ended target month m
-- (its last day before $today, its first day in [$date_from, $date_to]), horizon h (1..12: the
-- forecast of m made in review month c = m - (h - 1)) with a 12-month forecast of any level in
-- review c, and per scope of $by (rep, manager, region, company): the actual bookings of m and
-- the forecast of every level for m made in c (docs/metrics.md, M20 by horizon):
--   naive    = stage-weighted open pipeline closing in m (Σ amount × stage / 100 of open deals,
--              close_date in m) in the snapshot as of c's first day (at most $max_age days old,
--              else NULL) + m's bookings booked before that snapshot's date;
--   rep      = Σ the reps' forecasts for m made in c (a rep without one adds 0: the sum below);
--   manager  = each manager's forecast, or the sum below when the manager gave none;
--   region   = the region's forecast, or the sum of its managers' numbers;
--   company  = the company's forecast, or the sum of the regions'.
-- The forecast of a scope, review month and month is its latest row (latest load, then latest
-- submitted_at). A rep counts in its manager's region; with a rep filter only rep forecasts are
-- used, with a region filter the company's is not (as m20_weeks.sql).
WITH r AS (
    SELECT rep, region, coalesce(manager, '') AS manager FROM rep_current
),
mgr AS (
    SELECT manager, region AS manager_region
    FROM (SELECT manager, region, count(*) AS n FROM r GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY manager ORDER BY n DESC, region) = 1
),
org AS (
    SELECT r.rep, r.region, r.manager, m.manager_region
    FROM r JOIN mgr m USING (manager)
    WHERE in_filter(r.rep, r.region, $regions, $reps)
),
counted AS (
    SELECT coalesce(scope_type, 'rep') AS scope_type, coalesce(scope, rep) AS scope,
           review_month, month, forecast
    FROM forecasts
    WHERE CAST(month + INTERVAL 1 MONTH AS DATE) <= CAST($today AS DATE)
      AND ($date_from IS NULL OR month >= $date_from)
      AND ($date_to IS NULL OR month <= $date_to)
      AND month >= review_month AND month < CAST(review_month + INTERVAL 12 MONTH AS DATE)
    QUALIFY row_number() OVER (
        PARTITION BY coalesce(scope_type, 'rep'), coalesce(scope, rep), review_month, month
        ORDER BY load_id DESC, submitted_at DESC
    ) = 1
),
units AS (
    SELECT DISTINCT review_month, month,
           CAST(date_diff('month', review_month, month) + 1 AS INTEGER) AS horizon,
           snapshot_index_as_of(review_month, $max_age) AS snap
    FROM counted
),
weighted AS (
    SELECT u.review_month, u.month, x.rep, sum(x.amount * x.stage / 100) AS weighted
    FROM units u
    JOIN snapshots x ON x.snapshot_date = u.snap
    WHERE x.stage > 0 AND x.stage < 100
      AND x.forecast_category IN ('commit', 'upside', 'pipeline')
      AND x.close_date >= u.month AND x.close_date < CAST(u.month + INTERVAL 1 MONTH AS DATE)
    GROUP BY ALL
),
booked_before AS (
    SELECT u.review_month, u.month, b.rep, sum(b.amount) AS booked
    FROM units u
    JOIN actual_days b
      ON b.booked_date >= u.month AND b.booked_date < CAST(u.month + INTERVAL 1 MONTH AS DATE)
     AND b.booked_date < u.snap
    GROUP BY ALL
),
actuals AS (
    SELECT CAST(date_trunc('month', booked_date) AS DATE) AS month, rep, sum(amount) AS actual
    FROM actual_days
    WHERE booked_date >= (SELECT min(month) FROM units)
    GROUP BY ALL
),
rep_unit AS (
    SELECT u.review_month, u.month, u.horizon, o.rep, o.manager, o.manager_region,
           coalesce(a.actual, 0) AS actual,
           CASE WHEN u.snap IS NOT NULL
                THEN coalesce(n.weighted, 0) + coalesce(bb.booked, 0) END AS naive,
           coalesce(c.forecast, 0) AS rep_fc,
           CAST(c.forecast IS NOT NULL AS INTEGER) AS rep_calls
    FROM units u
    CROSS JOIN org o
    LEFT JOIN actuals a ON a.rep = o.rep AND a.month = u.month
    LEFT JOIN weighted n ON n.rep = o.rep AND n.review_month = u.review_month AND n.month = u.month
    LEFT JOIN booked_before bb
      ON bb.rep = o.rep AND bb.review_month = u.review_month AND bb.month = u.month
    LEFT JOIN counted c
      ON c.scope_type = 'rep' AND c.scope = o.rep
     AND c.review_month = u.review_month AND c.month = u.month
),
mgr_unit AS (
    SELECT x.review_month, x.month, x.manager, x.manager_region,
           coalesce(CASE WHEN x.manager <> '' AND len($reps) = 0 THEN c.forecast END,
                    x.sum_below) AS manager_fc,
           CAST(x.manager <> '' AND len($reps) = 0 AND c.forecast IS NOT NULL AS INTEGER)
               AS manager_calls
    FROM (SELECT review_month, month, manager, manager_region, sum(rep_fc) AS sum_below
          FROM rep_unit GROUP BY ALL) x
    LEFT JOIN counted c
      ON c.scope_type = 'manager' AND c.scope = x.manager
     AND c.review_month = x.review_month AND c.month = x.month
),
region_unit AS (
    SELECT x.review_month, x.month, x.region,
           coalesce(CASE WHEN len($reps) = 0 THEN c.forecast END, x.sum_below) AS region_fc,
           CAST(len($reps) = 0 AND c.forecast IS NOT NULL AS INTEGER) AS region_calls
    FROM (SELECT review_month, month, manager_region AS region, sum(manager_fc) AS sum_below
          FROM mgr_unit GROUP BY ALL) x
    LEFT JOIN counted c
      ON c.scope_type = 'region' AND c.scope = x.region
     AND c.review_month = x.review_month AND c.month = x.month
),
company_unit AS (
    SELECT x.review_month, x.month,
           coalesce(CASE WHEN len($reps) = 0 AND len($regions) = 0 THEN c.forecast END,
                    x.sum_below) AS company_fc,
           CAST(len($reps) = 0 AND len($regions) = 0 AND c.forecast IS NOT NULL AS INTEGER)
               AS company_calls
    FROM (SELECT review_month, month, sum(region_fc) AS sum_below FROM region_unit GROUP BY ALL) x
    LEFT JOIN counted c
      ON c.scope_type = 'company' AND c.scope = 'company'
     AND c.review_month = x.review_month AND c.month = x.month
),
by_rep AS (
    SELECT review_month, month, horizon,
           CASE $by WHEN 'rep' THEN rep WHEN 'manager' THEN manager
                    WHEN 'region' THEN manager_region ELSE 'company' END AS scope,
           sum(actual) AS actual,
           CAST(sum(naive) AS DECIMAL(18, 2)) AS naive,
           sum(rep_fc) AS rep,
           sum(rep_calls) AS rep_calls,
           count(*) AS reps
    FROM rep_unit
    GROUP BY ALL
),
by_mgr AS (
    SELECT review_month, month,
           CASE $by WHEN 'manager' THEN manager WHEN 'region' THEN manager_region
                    ELSE 'company' END AS scope,
           sum(manager_fc) AS manager, sum(manager_calls) AS manager_calls
    FROM mgr_unit
    WHERE $by <> 'rep'
    GROUP BY ALL
),
by_region AS (
    SELECT review_month, month,
           CASE $by WHEN 'region' THEN region ELSE 'company' END AS scope,
           sum(region_fc) AS region, sum(region_calls) AS region_calls
    FROM region_unit
    WHERE $by IN ('region', 'company')
    GROUP BY ALL
)
SELECT u.month, u.horizon, u.review_month, u.scope, u.actual, u.naive, u.rep,
       m.manager, g.region,
       CASE WHEN $by = 'company' THEN k.company_fc END AS company,
       u.rep_calls, m.manager_calls, g.region_calls,
       CASE WHEN $by = 'company' THEN k.company_calls END AS company_calls,
       u.reps
FROM by_rep u
LEFT JOIN by_mgr m ON m.review_month = u.review_month AND m.month = u.month AND m.scope = u.scope
LEFT JOIN by_region g
  ON g.review_month = u.review_month AND g.month = u.month AND g.scope = u.scope
LEFT JOIN company_unit k ON k.review_month = u.review_month AND k.month = u.month
ORDER BY u.horizon, u.month, u.scope
