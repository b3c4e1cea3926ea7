-- M8 by forecast month: for review month $review_month (R), each rep's latest submission for a
-- review month on or before R (submitted on or before $as_of, default today) forecasts the
-- months R..R+11; per scope and month: forecast, upside and stretch target. The months of M8's
-- cover, one by one (sql/metrics/m8.sql adds them up).
WITH subs AS (
    SELECT f.rep, d.region, f.review_month, f.month, f.forecast, f.upside
    FROM forecast_versions f
    JOIN rep_current d ON d.rep = f.rep
    WHERE in_filter(f.rep, d.region, $regions, $reps)
      AND f.review_month <= CAST($review_month AS DATE)
      AND CAST(f.submitted_at AS DATE) <= coalesce(CAST($as_of AS DATE), CAST($today AS DATE))
      -- the row that counts by then (forecast_versions, sql/derived/)
      AND (f.superseded_on IS NULL
           OR f.superseded_on > coalesce(CAST($as_of AS DATE), CAST($today AS DATE)))
),
latest AS (
    SELECT rep, max(review_month) AS review_month FROM subs GROUP BY rep
),
rep_months AS (
    SELECT scope_of(s.rep, s.region, $by) AS scope, s.month,
           sum(s.forecast) AS forecast, sum(s.upside) AS upside, count(*) AS reps_submitted
    FROM subs s
    JOIN latest l ON l.rep = s.rep AND l.review_month = s.review_month
    WHERE s.month >= CAST($review_month AS DATE)
      AND s.month < CAST($review_month AS DATE) + INTERVAL 12 MONTH
    GROUP BY ALL
),
targets AS (
    SELECT scope, month, stretch_target
    FROM scope_targets($by, $regions, $reps)
    WHERE month >= CAST($review_month AS DATE)
      AND month < CAST($review_month AS DATE) + INTERVAL 12 MONTH
),
keyed AS (
    SELECT scope, month FROM rep_months UNION SELECT scope, month FROM targets
)
SELECT k.scope,
       k.month AS month_start,
       strftime(k.month, '%Y-%m') AS month,
       r.forecast,
       r.upside,
       t.stretch_target,
       CASE WHEN t.stretch_target > 0 AND r.forecast IS NOT NULL
            THEN CAST(r.forecast AS DOUBLE) / CAST(t.stretch_target AS DOUBLE) END AS cover,
       coalesce(r.reps_submitted, 0) AS reps_submitted
FROM keyed k
LEFT JOIN rep_months r ON r.scope = k.scope AND r.month = k.month
LEFT JOIN targets t ON t.scope = k.scope AND t.month = k.month
ORDER BY k.scope, k.month
