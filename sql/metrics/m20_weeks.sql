-- M20 Forecast value added, the weeks behind it: one row per ended week (its Sunday before
-- $today) with a call of any level, and per scope of $by (rep, manager, region, company), with
-- the actual and the forecast of every level for that week (docs/metrics.md, M20):
--   naive    = stage-weighted open pipeline closing in the week (Σ amount × stage / 100 of open
--              deals, close_date in the week) in the snapshot as of the week's Monday (at most
--              $max_age days old, else NULL: no naive forecast that week) + the week's bookings
--              booked before that snapshot's date;
--   rep      = Σ the reps' calls (a rep without a call adds 0: the manager's "sum below");
--   manager  = each manager's call, or the sum below when the manager gave none (a rep without a
--              manager passes the sum below up unchanged);
--   region   = the region's call, or the sum of its managers' numbers;
--   company  = the company's call, or the sum of the regions'.
-- The call of a scope and week is its latest submission by the deadline, else its latest late
-- one. A rep counts in its manager's region (the region of most of the manager's reps), so every
-- level of a scope covers the same reps. With a rep filter only rep calls are used (a manager's
-- call covers reps outside it); with a region filter the company's call is not used.
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
weeks AS (
    SELECT DISTINCT week_start, period_start(week_start, $grain, $m0) AS period_start
    FROM calls
    WHERE week_start + 7 <= CAST($today AS DATE)
),
weeks_in AS (
    SELECT w.*, snapshot_index_as_of(w.week_start, $max_age) AS snap
    FROM weeks w
    WHERE ($date_from IS NULL OR period_start >= $date_from)
      AND ($date_to IS NULL OR period_start <= $date_to)
),
counted AS (
    SELECT coalesce(scope_type, 'rep') AS scope_type, coalesce(scope, rep) AS scope, week_start,
           commit_amount
    FROM calls
    WHERE week_start IN (SELECT week_start FROM weeks_in)
    QUALIFY row_number() OVER (
        PARTITION BY coalesce(scope_type, 'rep'), coalesce(scope, rep), week_start
        ORDER BY submitted_at <= CAST(week_start AS TIMESTAMP)
                     - to_days(CAST((7 - $deadline_weekday) % 7 AS INTEGER))
                     + to_hours(CAST($deadline_hour AS INTEGER)) DESC,
                 submitted_at DESC, load_id DESC
    ) = 1
),
weighted AS (
    SELECT w.week_start, x.rep, sum(x.amount * x.stage / 100) AS weighted
    FROM weeks_in w
    JOIN snapshots x ON x.snapshot_date = w.snap
    WHERE x.stage > 0 AND x.stage < 100
      AND x.forecast_category IN ('commit', 'upside', 'pipeline')
      AND x.close_date >= w.week_start AND x.close_date < w.week_start + 7
    GROUP BY ALL
),
booked_before AS (
    SELECT w.week_start, b.rep, sum(b.amount) AS booked
    FROM weeks_in w
    JOIN actual_bookings b
      ON b.booked_date >= w.week_start AND b.booked_date < w.week_start + 7
     AND b.booked_date < w.snap
    GROUP BY ALL
),
rep_week AS (
    SELECT w.week_start, w.period_start, o.rep, o.manager, o.manager_region,
           coalesce(a.actual, 0) AS actual,
           CASE WHEN w.snap IS NOT NULL
                THEN coalesce(n.weighted, 0) + coalesce(bb.booked, 0) END AS naive,
           coalesce(c.commit_amount, 0) AS rep_call,
           CAST(c.commit_amount IS NOT NULL AS INTEGER) AS rep_calls
    FROM weeks_in w
    CROSS JOIN org o
    LEFT JOIN week_actuals a ON a.rep = o.rep AND a.week_start = w.week_start
    LEFT JOIN weighted n ON n.rep = o.rep AND n.week_start = w.week_start
    LEFT JOIN booked_before bb ON bb.rep = o.rep AND bb.week_start = w.week_start
    LEFT JOIN counted c ON c.scope_type = 'rep' AND c.scope = o.rep AND c.week_start = w.week_start
),
mgr_week AS (
    SELECT x.week_start, x.manager, x.manager_region,
           coalesce(CASE WHEN x.manager <> '' AND len($reps) = 0 THEN c.commit_amount END,
                    x.sum_below) AS manager_call,
           CAST(x.manager <> '' AND len($reps) = 0 AND c.commit_amount IS NOT NULL AS INTEGER)
               AS manager_calls
    FROM (SELECT week_start, manager, manager_region, sum(rep_call) AS sum_below
          FROM rep_week GROUP BY ALL) x
    LEFT JOIN counted c
      ON c.scope_type = 'manager' AND c.scope = x.manager AND c.week_start = x.week_start
),
region_week AS (
    SELECT x.week_start, x.region,
           coalesce(CASE WHEN len($reps) = 0 THEN c.commit_amount END, x.sum_below) AS region_call,
           CAST(len($reps) = 0 AND c.commit_amount IS NOT NULL AS INTEGER) AS region_calls
    FROM (SELECT week_start, manager_region AS region, sum(manager_call) AS sum_below
          FROM mgr_week GROUP BY ALL) x
    LEFT JOIN counted c
      ON c.scope_type = 'region' AND c.scope = x.region AND c.week_start = x.week_start
),
company_week AS (
    SELECT x.week_start,
           coalesce(CASE WHEN len($reps) = 0 AND len($regions) = 0 THEN c.commit_amount END,
                    x.sum_below) AS company_call,
           CAST(len($reps) = 0 AND len($regions) = 0 AND c.commit_amount IS NOT NULL AS INTEGER)
               AS company_calls
    FROM (SELECT week_start, sum(region_call) AS sum_below FROM region_week GROUP BY ALL) x
    LEFT JOIN counted c
      ON c.scope_type = 'company' AND c.scope = 'company' AND c.week_start = x.week_start
),
units AS (
    SELECT week_start, period_start,
           CASE $by WHEN 'rep' THEN rep WHEN 'manager' THEN manager
                    WHEN 'region' THEN manager_region ELSE 'company' END AS scope,
           sum(actual) AS actual,
           CAST(sum(naive) AS DECIMAL(18, 2)) AS naive,
           sum(rep_call) AS rep,
           sum(rep_calls) AS rep_calls,
           count(*) AS reps
    FROM rep_week
    GROUP BY ALL
)
SELECT u.period_start, u.week_start, u.scope, u.actual, u.naive, u.rep,
       CASE WHEN $by = 'manager' THEN m.manager_call
            WHEN $by = 'region' THEN (SELECT sum(manager_call) FROM mgr_week z
                                      WHERE z.week_start = u.week_start
                                        AND z.manager_region = u.scope)
            WHEN $by = 'company' THEN (SELECT sum(manager_call) FROM mgr_week z
                                       WHERE z.week_start = u.week_start) END AS manager,
       CASE WHEN $by = 'region' THEN g.region_call
            WHEN $by = 'company' THEN (SELECT sum(region_call) FROM region_week z
                                       WHERE z.week_start = u.week_start) END AS region,
       CASE WHEN $by = 'company' THEN k.company_call END AS company,
       u.rep_calls,
       CASE WHEN $by = 'manager' THEN m.manager_calls
            WHEN $by IN ('region', 'company') THEN (
                SELECT sum(manager_calls) FROM mgr_week z
                WHERE z.week_start = u.week_start
                  AND ($by = 'company' OR z.manager_region = u.scope)) END AS manager_calls,
       CASE WHEN $by = 'region' THEN g.region_calls
            WHEN $by = 'company' THEN (SELECT sum(region_calls) FROM region_week z
                                       WHERE z.week_start = u.week_start) END AS region_calls,
       CASE WHEN $by = 'company' THEN k.company_calls END AS company_calls,
       u.reps
FROM units u
LEFT JOIN mgr_week m ON $by = 'manager' AND m.week_start = u.week_start AND m.manager = u.scope
LEFT JOIN region_week g ON $by = 'region' AND g.week_start = u.week_start AND g.region = u.scope
LEFT JOIN company_week k ON $by = 'company' AND k.week_start = u.week_start
ORDER BY u.week_start, u.scope
