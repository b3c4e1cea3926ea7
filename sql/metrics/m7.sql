-- M7 Forecast accuracy by horizon, per period, scope and horizon h = 1..12.
-- A submission for review month c forecasts months c..c+11; the forecast of target month m at
-- horizon h comes from the rep's submission for review month c = m - (h - 1). Per rep the latest
-- load (then the latest submitted_at) of each (review month, month) counts.
-- accuracy = actual(m) / forecast, ape = |actual - forecast| / actual, bias = forecast - actual,
-- over the rep-months that have a forecast at that horizon (a rep without a submission is left
-- out, actual and forecast alike). Roll-ups (scopes, and quarters of months) add actual and
-- forecast before dividing. Only target months that have ended on or before $as_of (default
-- today) count. Week grain reads as month (forecasts are monthly).
WITH subs AS (
    SELECT f.rep, d.region, f.review_month, f.month, f.forecast,
           CAST(date_diff('month', f.review_month, f.month) AS INTEGER) + 1 AS horizon
    FROM forecast_versions f
    JOIN rep_current d ON d.rep = f.rep
    WHERE in_filter(f.rep, d.region, $regions, $reps)
      AND f.superseded_on IS NULL  -- the row that counts (forecast_versions, sql/derived/)
),
in_range AS (
    SELECT *, period_start(month, $grain, $m0) AS p_start
    FROM subs
    WHERE horizon BETWEEN 1 AND 12
      AND month + INTERVAL 1 MONTH <= coalesce(CAST($as_of AS DATE), CAST($today AS DATE)) + INTERVAL 1 DAY
      AND ($date_from IS NULL OR period_start(month, $grain, $m0) >= $date_from)
      AND ($date_to IS NULL OR period_start(month, $grain, $m0) <= $date_to)
),
actuals AS (
    SELECT b.rep, CAST(date_trunc('month', b.booked_date) AS DATE) AS month,
           sum(b.amount) AS actual
    FROM actual_days b
    WHERE b.booked_date >= (SELECT min(month) FROM in_range)
      AND b.booked_date < (SELECT max(month) FROM in_range) + INTERVAL 1 MONTH
      AND b.rep IN (SELECT rep FROM in_range)
    GROUP BY ALL
),
rep_months AS (
    SELECT r.p_start, scope_of(r.rep, r.region, $by) AS scope, r.horizon, r.forecast,
           coalesce(a.actual, 0) AS actual
    FROM in_range r
    LEFT JOIN actuals a ON a.rep = r.rep AND a.month = r.month
),
rolled AS (
    SELECT p_start, scope, horizon, sum(actual) AS actual, sum(forecast) AS forecast,
           count(*) AS rep_months
    FROM rep_months
    GROUP BY ALL
)
SELECT p_start AS period_start,
       period_label(p_start, $grain, $m0) AS period,
       scope,
       CASE WHEN forecast > 0 THEN CAST(actual AS DOUBLE) / CAST(forecast AS DOUBLE) END AS value,
       actual,
       forecast,
       horizon,
       CASE WHEN actual > 0
            THEN abs(CAST(actual AS DOUBLE) - CAST(forecast AS DOUBLE)) / CAST(actual AS DOUBLE)
       END AS ape,
       forecast - actual AS bias,
       rep_months
FROM rolled
ORDER BY period_start, scope, horizon
