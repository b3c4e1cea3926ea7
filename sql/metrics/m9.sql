-- M9 Pipeline coverage per period P and scope, at snapshot s (as of $as_of: the latest snapshot
-- on or before it, at most $max_age days old; default the latest snapshot):
--   open amount in s with close_date in P / max(stretch_target(P) - actual(P up to s), 0).
-- NULL (unavailable, never infinite) when the remaining target is 0, the stretch target of P is
-- incomplete (a month of P without a target) or there is no snapshot as of $as_of.
-- Periods: those whose first day lies in [$date_from, $date_to]; by default from the period
-- holding s to the end of the next fiscal quarter (this quarter and next).
-- Week grain: a week's stretch target is its fiscal quarter's stretch target / 13 (as M2).
WITH snap AS (
    SELECT CASE WHEN $as_of IS NULL THEN latest_snapshot()
                ELSE snapshot_index_as_of($as_of, $max_age) END AS snap_date
),
base AS (
    SELECT snap_date, coalesce(snap_date, CAST($as_of AS DATE), CAST($today AS DATE)) AS base_date FROM snap
),
bounds AS (
    SELECT snap_date,
           coalesce(CAST($date_from AS DATE), period_start(base_date, $grain, $m0)) AS p_from,
           coalesce(
               CAST($date_to AS DATE),
               CAST(fiscal_quarter_start(base_date, $m0) + INTERVAL 6 MONTH - INTERVAL 1 DAY AS DATE)
           ) AS p_to
    FROM base
),
periods AS (
    SELECT DISTINCT CAST(t.day AS DATE) AS p_start
    FROM bounds, range(bounds.p_from, bounds.p_to + INTERVAL 1 DAY, INTERVAL 1 DAY) AS t(day)
    WHERE period_start(CAST(t.day AS DATE), $grain, $m0) = CAST(t.day AS DATE)
),
pipeline_all AS (
    -- grouped before the period filter so that only the snapshot's rows are ever read (from
    -- deal_history, sql/derived/, clustered by snapshot date)
    SELECT period_start(s.close_date, $grain, $m0) AS p_start,
           scope_of(s.rep, d.region, $by) AS scope,
           sum(s.amount) AS open_pipeline,
           count(*) AS open_deals
    FROM deal_history s
    JOIN rep_current d ON d.rep = s.rep
    WHERE s.snapshot_date = (SELECT snap_date FROM snap)
      AND s.stage > 0 AND s.stage < 100
      AND s.forecast_category IN ('commit', 'upside', 'pipeline')
      AND in_filter(s.rep, d.region, $regions, $reps)
    GROUP BY ALL
),
pipeline AS (
    SELECT * FROM pipeline_all WHERE p_start IN (SELECT p_start FROM periods)
),
targets AS (
    SELECT scope, month, stretch_target FROM scope_targets($by, $regions, $reps)
),
stretch AS (
    -- month and quarter: the months of P, complete or not at all
    SELECT p.p_start, t.scope,
           CASE WHEN count(DISTINCT t.month) = CASE $grain WHEN 'month' THEN 1 ELSE 3 END
                THEN CAST(sum(t.stretch_target) AS DOUBLE) END AS stretch_target
    FROM periods p
    JOIN targets t ON period_start(t.month, $grain, $m0) = p.p_start
    WHERE $grain <> 'week'
    GROUP BY ALL
    UNION ALL
    -- week: the quarter's stretch / 13, the quarter complete or not at all
    SELECT p.p_start, t.scope,
           CASE WHEN count(DISTINCT t.month) = 3
                THEN CAST(sum(t.stretch_target) AS DOUBLE) / 13 END AS stretch_target
    FROM periods p
    JOIN targets t ON fiscal_quarter_start(t.month, $m0) = fiscal_quarter_start(p.p_start, $m0)
    WHERE $grain = 'week'
    GROUP BY ALL
),
actuals AS (
    -- actual bookings per day and rep (actual_days, sql/derived/) in each period up to s
    SELECT p.p_start, scope_of(b.rep, b.region, $by) AS scope, sum(b.amount) AS actual_to_date
    FROM periods p
    JOIN actual_days b
      ON b.booked_date >= p.p_start AND b.booked_date < period_end(p.p_start, $grain)
    WHERE b.booked_date <= (SELECT snap_date FROM snap)
      AND in_filter(b.rep, b.region, $regions, $reps)
    GROUP BY ALL
),
keys AS (
    SELECT p_start, scope FROM stretch
    UNION
    SELECT p_start, scope FROM pipeline
),
joined AS (
    SELECT k.p_start, k.scope,
           CASE WHEN sn.snap_date IS NOT NULL THEN coalesce(pl.open_pipeline, 0) END AS open_pipeline,
           CASE WHEN sn.snap_date IS NOT NULL THEN coalesce(pl.open_deals, 0) END AS open_deals,
           st.stretch_target,
           CASE WHEN sn.snap_date IS NOT NULL THEN coalesce(a.actual_to_date, 0) END AS actual_to_date,
           sn.snap_date AS snapshot_date
    FROM keys k
    CROSS JOIN snap sn
    LEFT JOIN pipeline pl ON pl.p_start = k.p_start AND pl.scope = k.scope
    LEFT JOIN stretch st ON st.p_start = k.p_start AND st.scope = k.scope
    LEFT JOIN actuals a ON a.p_start = k.p_start AND a.scope = k.scope
),
covered AS (
    SELECT *,
           -- greatest() skips NULL in DuckDB: no stretch target means no remaining target, never 0
           CASE WHEN stretch_target IS NOT NULL
                THEN greatest(stretch_target - CAST(actual_to_date AS DOUBLE), 0) END AS remaining_target
    FROM joined
)
SELECT p_start AS period_start,
       period_label(p_start, $grain, $m0) AS period,
       scope,
       CASE WHEN remaining_target > 0 THEN CAST(open_pipeline AS DOUBLE) / remaining_target END
           AS value,
       open_pipeline,
       remaining_target,
       stretch_target,
       actual_to_date,
       open_deals,
       CASE
           WHEN remaining_target > 0 AND CAST(open_pipeline AS DOUBLE) / remaining_target >= $m9_healthy
               THEN 'healthy'
           WHEN remaining_target > 0 THEN 'below'
       END AS status,
       snapshot_date
FROM covered
