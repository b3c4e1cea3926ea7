-- M3 Month and quarter cover: (forecast + upside) / stretch target, from each rep's latest weekly
-- call in the period (a call belongs to the period of its week's Monday). At week and month grain
-- the value is the month cover of the month holding the period's Monday, with the quarter cover
-- from the same calls as extra columns; at quarter grain the value is the quarter cover.
-- A scope's cover adds its reps' latest forecast + upside (a rep without a call in the period adds
-- nothing) and divides by the scope's own stretch target (scope_targets). NULL when no rep of the
-- scope stated a forecast in the period or the stretch target is missing or 0.
WITH calls_f AS (
    SELECT c.rep, scope_of(c.rep, d.region, $by) AS scope, c.week_start,
           period_start(c.week_start, $grain, $m0) AS period_start,
           c.month_forecast, c.month_upside, c.quarter_forecast, c.quarter_upside
    FROM calls_current c  -- the call that counts per rep and week (sql/derived/)
    JOIN rep_current d ON d.rep = c.rep
    WHERE in_filter(c.rep, d.region, $regions, $reps)
),
calls_in AS (
    SELECT * FROM calls_f
    WHERE ($date_from IS NULL OR period_start >= $date_from)
      AND ($date_to IS NULL OR period_start <= $date_to)
),
month_latest AS (
    SELECT period_start, scope, month_forecast + coalesce(month_upside, 0) AS forecast_upside
    FROM calls_in
    WHERE month_forecast IS NOT NULL AND $grain <> 'quarter'
    QUALIFY row_number() OVER (PARTITION BY rep, period_start ORDER BY week_start DESC) = 1
),
quarter_latest AS (
    SELECT period_start, scope, quarter_forecast + coalesce(quarter_upside, 0) AS forecast_upside
    FROM calls_in
    WHERE quarter_forecast IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY rep, period_start ORDER BY week_start DESC) = 1
),
periods AS (
    SELECT DISTINCT period_start(week_start, $grain, $m0) AS period_start FROM calls
    WHERE coalesce(scope_type, 'rep') = 'rep'
),
periods_in AS (
    SELECT * FROM periods
    WHERE ($date_from IS NULL OR period_start >= $date_from)
      AND ($date_to IS NULL OR period_start <= $date_to)
),
targets AS (
    SELECT scope, month, stretch_target FROM scope_targets($by, $regions, $reps)
),
month_stretch AS (
    SELECT p.period_start, t.scope, t.stretch_target
    FROM periods_in p
    JOIN targets t ON t.month = date_trunc('month', p.period_start)
    WHERE $grain <> 'quarter'
),
quarter_stretch AS (
    SELECT p.period_start, t.scope, sum(t.stretch_target) AS stretch_target
    FROM periods_in p
    JOIN targets t ON fiscal_quarter_start(t.month, $m0) = fiscal_quarter_start(p.period_start, $m0)
    GROUP BY ALL
),
keys AS (
    SELECT period_start, scope FROM month_stretch
    UNION SELECT period_start, scope FROM quarter_stretch
    UNION SELECT period_start, scope FROM calls_in
),
month_sum AS (
    SELECT period_start, scope, sum(forecast_upside) AS forecast_upside, count(*) AS reps_called
    FROM month_latest GROUP BY ALL
),
quarter_sum AS (
    SELECT period_start, scope, sum(forecast_upside) AS forecast_upside, count(*) AS reps_called
    FROM quarter_latest GROUP BY ALL
),
covers AS (
    SELECT k.period_start, k.scope,
           ms.forecast_upside AS month_forecast_upside,
           mt.stretch_target AS month_stretch_target,
           qs.forecast_upside AS quarter_forecast_upside,
           qt.stretch_target AS quarter_stretch_target,
           CASE WHEN mt.stretch_target > 0 THEN ms.forecast_upside / mt.stretch_target END AS month_cover,
           CASE WHEN qt.stretch_target > 0 THEN qs.forecast_upside / qt.stretch_target END AS quarter_cover
    FROM keys k
    LEFT JOIN month_sum ms USING (period_start, scope)
    LEFT JOIN month_stretch mt USING (period_start, scope)
    LEFT JOIN quarter_sum qs USING (period_start, scope)
    LEFT JOIN quarter_stretch qt USING (period_start, scope)
)
SELECT period_start,
       period_label(period_start, $grain, $m0) AS period,
       scope,
       CASE WHEN $grain = 'quarter' THEN quarter_cover ELSE month_cover END AS value,
       CASE WHEN $grain = 'quarter' THEN quarter_forecast_upside ELSE month_forecast_upside END
           AS forecast_upside,
       CASE WHEN $grain = 'quarter' THEN quarter_stretch_target ELSE month_stretch_target END
           AS stretch_target,
       CASE WHEN $grain = 'quarter' THEN 'quarter' ELSE 'month' END AS cover_period,
       quarter_cover,
       quarter_forecast_upside,
       quarter_stretch_target
FROM covers
