-- M18 Attainment: actual / target and actual / stretch target per month or quarter and scope,
-- with year-to-date columns: from the first month of the fiscal year through the period's last
-- month. Targets come from scope_targets (a scope's own rows, else the sum of what it contains);
-- a period's (or year-to-date) target is unavailable unless every one of its months has one.
-- Actuals are actual bookings (not cancelled) by booked_date. Periods shown run from the one
-- holding the first booking in the store to the one holding the latest (future months with a
-- target but nothing booked yet are left out). Week grain is read as month (in Python).
WITH act AS (
    SELECT CAST(date_trunc('month', b.booked_date) AS DATE) AS month,
           scope_of(b.rep, b.region, $by) AS scope,
           sum(b.amount) AS actual
    FROM actual_days b  -- actual bookings per day and rep (sql/derived/)
    WHERE in_filter(b.rep, b.region, $regions, $reps)
    GROUP BY ALL
),
tgt AS (
    SELECT scope, month, target, stretch_target FROM scope_targets($by, $regions, $reps)
),
monthly AS (
    SELECT coalesce(a.scope, t.scope) AS scope,
           coalesce(a.month, t.month) AS month,
           coalesce(a.actual, 0) AS actual,
           t.target,
           t.stretch_target
    FROM act a
    FULL OUTER JOIN tgt t ON t.scope = a.scope AND t.month = a.month
),
bounds AS (
    SELECT min(booked_date) AS first_day, max(booked_date) AS last_day FROM bookings
),
periods AS (
    SELECT DISTINCT m.scope, period_start(m.month, $grain, $m0) AS period_start
    FROM monthly m, bounds
    WHERE period_start(m.month, $grain, $m0) <= bounds.last_day
      AND period_end(period_start(m.month, $grain, $m0), $grain) > bounds.first_day
      AND ($date_from IS NULL OR period_start(m.month, $grain, $m0) >= $date_from)
      AND ($date_to IS NULL OR period_start(m.month, $grain, $m0) <= $date_to)
),
sums AS (
    SELECT p.scope, p.period_start,
           date_diff('month', p.period_start, period_end(p.period_start, $grain)) AS months,
           date_diff('month', fiscal_year_start(p.period_start, $m0),
                     period_end(p.period_start, $grain)) AS ytd_months,
           coalesce(sum(m.actual) FILTER (WHERE m.month >= p.period_start), 0) AS actual,
           sum(m.target) FILTER (WHERE m.month >= p.period_start) AS target,
           sum(m.stretch_target) FILTER (WHERE m.month >= p.period_start) AS stretch_target,
           count(m.target) FILTER (WHERE m.month >= p.period_start) AS target_months,
           count(m.stretch_target) FILTER (WHERE m.month >= p.period_start) AS stretch_months,
           coalesce(sum(m.actual), 0) AS ytd_actual,
           sum(m.target) AS ytd_target,
           sum(m.stretch_target) AS ytd_stretch_target,
           count(m.target) AS ytd_target_months,
           count(m.stretch_target) AS ytd_stretch_months
    FROM periods p
    LEFT JOIN monthly m
      ON m.scope = p.scope
     AND m.month >= fiscal_year_start(p.period_start, $m0)
     AND m.month < period_end(p.period_start, $grain)
    GROUP BY ALL
),
complete AS (
    SELECT scope, period_start, actual, ytd_actual,
           CASE WHEN target_months = months THEN target END AS target,
           CASE WHEN stretch_months = months THEN stretch_target END AS stretch_target,
           CASE WHEN ytd_target_months = ytd_months THEN ytd_target END AS ytd_target,
           CASE WHEN ytd_stretch_months = ytd_months THEN ytd_stretch_target END
               AS ytd_stretch_target
    FROM sums
)
SELECT period_start,
       period_label(period_start, $grain, $m0) AS period,
       scope,
       CASE WHEN target > 0 THEN actual / target END AS value,
       actual,
       target,
       CASE WHEN stretch_target > 0 THEN actual / stretch_target END AS stretch_attainment,
       stretch_target,
       CASE WHEN ytd_target > 0 THEN ytd_actual / ytd_target END AS ytd_attainment,
       CASE WHEN ytd_stretch_target > 0 THEN ytd_actual / ytd_stretch_target END
           AS ytd_stretch_attainment,
       ytd_actual,
       ytd_target,
       ytd_stretch_target
FROM complete
