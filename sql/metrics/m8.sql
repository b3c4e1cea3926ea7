-- M8 Twelve-month cover per review month R and scope: each rep's latest submission for a review
-- month on or before R (submitted on or before $as_of, default today) forecasts the 12 months
-- R..R+11; cover = sum of those forecasts / sum of the stretch targets of the same months.
-- Only months that have a stretch target for the scope count, on both sides (target_months
-- says how many of the 12 do); a rep whose latest submission is older than R (late_reps)
-- contributes its forecasts for the months of the window it covers.
-- R: without a date range the latest review month submitted by then; with a range every review
-- month (any rep) whose first day lies in [$date_from, $date_to]. Labels are months.
-- NULL when the scope has no submission or no stretch target in the window.
WITH ref AS (
    SELECT coalesce(CAST($as_of AS DATE), CAST($today AS DATE)) AS ref_date
),
heads AS (
    -- the reps' submissions made by the reference date (forecast_submissions, sql/derived/: a
    -- submission's time is its earliest row, so one row of it counts by then)
    SELECT f.rep, d.region, f.review_month
    FROM forecast_submissions f
    JOIN rep_current d ON d.rep = f.rep
    WHERE in_filter(f.rep, d.region, $regions, $reps)
      AND CAST(f.submitted_at AS DATE) <= (SELECT ref_date FROM ref)
),
all_reviews AS (
    SELECT DISTINCT review_month AS r FROM heads
),
reviews AS (
    SELECT r FROM all_reviews
    WHERE ($date_from IS NOT NULL OR $date_to IS NOT NULL)
      AND ($date_from IS NULL OR r >= $date_from)
      AND ($date_to IS NULL OR r <= $date_to)
    UNION
    SELECT max(r) FROM all_reviews WHERE $date_from IS NULL AND $date_to IS NULL
),
latest AS (
    SELECT v.r, h.rep, h.region, h.review_month
    FROM reviews v
    JOIN heads h ON h.review_month <= v.r
    QUALIFY row_number() OVER (PARTITION BY v.r, h.rep ORDER BY h.review_month DESC) = 1
),
rep_window AS (
    SELECT l.r, scope_of(l.rep, l.region, $by) AS scope, l.rep, l.review_month, s.month,
           s.forecast, s.upside
    FROM latest l
    JOIN forecast_versions s ON s.rep = l.rep AND s.review_month = l.review_month
    WHERE s.month >= l.r AND s.month < l.r + INTERVAL 12 MONTH
      -- the row of each (rep, review month, month) that counts as of the reference date
      -- (forecast_versions, sql/derived/: the latest load, then the latest submission, by then)
      AND CAST(s.submitted_at AS DATE) <= (SELECT ref_date FROM ref)
      AND (s.superseded_on IS NULL OR s.superseded_on > (SELECT ref_date FROM ref))
),
targets AS (
    SELECT v.r, t.scope, t.month, t.stretch_target
    FROM reviews v
    JOIN scope_targets($by, $regions, $reps) t
      ON t.month >= v.r AND t.month < v.r + INTERVAL 12 MONTH
),
target_sum AS (
    SELECT r, scope, sum(stretch_target) AS stretch_target, count(DISTINCT month) AS target_months
    FROM targets GROUP BY ALL
),
forecast_sum AS (
    SELECT w.r, w.scope,
           sum(w.forecast) FILTER (WHERE t.month IS NOT NULL) AS forecast,
           sum(w.upside) FILTER (WHERE t.month IS NOT NULL) AS upside,
           sum(w.forecast) AS forecast_12m
    FROM rep_window w
    LEFT JOIN targets t ON t.r = w.r AND t.scope = w.scope AND t.month = w.month
    GROUP BY ALL
),
rep_counts AS (
    SELECT l.r, scope_of(l.rep, l.region, $by) AS scope, count(*) AS reps_submitted,
           count(*) FILTER (WHERE l.review_month < l.r) AS late_reps
    FROM latest l GROUP BY ALL
),
keys AS (
    SELECT r, scope FROM target_sum UNION SELECT r, scope FROM rep_counts
)
SELECT k.r AS period_start,
       strftime(k.r, '%Y-%m') AS period,
       k.scope,
       CASE WHEN t.stretch_target > 0 AND c.reps_submitted > 0
            THEN CAST(coalesce(f.forecast, 0) AS DOUBLE) / CAST(t.stretch_target AS DOUBLE)
       END AS value,
       CASE WHEN c.reps_submitted > 0 THEN coalesce(f.forecast, 0) END AS forecast,
       t.stretch_target,
       CASE WHEN c.reps_submitted > 0 THEN coalesce(f.upside, 0) END AS upside,
       f.forecast_12m,
       coalesce(t.target_months, 0) AS target_months,
       coalesce(c.reps_submitted, 0) AS reps_submitted,
       coalesce(c.late_reps, 0) AS late_reps,
       CASE WHEN t.stretch_target > 0 AND c.reps_submitted > 0 THEN
           CASE WHEN CAST(coalesce(f.forecast, 0) AS DOUBLE) / CAST(t.stretch_target AS DOUBLE)
                     >= $m8_healthy
                THEN 'healthy' ELSE 'below' END
       END AS status
FROM keys k
LEFT JOIN target_sum t ON t.r = k.r AND t.scope = k.scope
LEFT JOIN forecast_sum f ON f.r = k.r AND f.scope = k.scope
LEFT JOIN rep_counts c ON c.r = k.r AND c.scope = k.scope
WHERE k.r IS NOT NULL
