-- The rep-months behind M14m: one row per active rep and expected review month, with the time of
-- the rep's submission if any and its status (on_time, late, missing); rules as in m14m.sql.
-- $drill_period (a period start at $grain) and $drill_scope (read with $by) narrow the rows.
WITH submissions AS (
    SELECT rep, review_month, submitted_at, months_forecast FROM forecast_submissions  -- derived
),
span AS (
    SELECT min(review_month) AS first_month,
           coalesce(CAST(date_trunc('month', CAST($as_of AS DATE)) AS DATE), max(review_month))
               AS last_month
    FROM submissions
),
months AS (
    SELECT CAST(t.m AS DATE) AS review_month,
           CAST(t.m AS DATE)
               + CAST((7 + $deadline_weekday - (isodow(CAST(t.m AS DATE)) - 1)) % 7 AS INTEGER)
               AS deadline_day
    FROM span, range(span.first_month, span.last_month + INTERVAL 1 DAY, INTERVAL 1 MONTH) AS t(m)
),
expected AS (
    SELECT r.rep, r.name AS rep_name, r.region, scope_of(r.rep, r.region, $by) AS scope,
           m.review_month, period_start(m.review_month, $grain, $m0) AS period_start,
           CAST(m.deadline_day AS TIMESTAMP) + to_hours(CAST($deadline_hour AS INTEGER)) AS deadline
    FROM months m
    JOIN rep_current r
      ON (r.active_from IS NULL OR r.active_from <= m.deadline_day)
     AND (r.active_to IS NULL OR r.active_to >= m.deadline_day)
    WHERE in_filter(r.rep, r.region, $regions, $reps)
)
SELECT e.rep, e.rep_name, e.region, e.scope, e.review_month, e.period_start,
       period_label(e.period_start, $grain, $m0) AS period,
       e.deadline,
       s.submitted_at,
       CASE WHEN e.deadline > CAST($now AS TIMESTAMP) THEN 'not_due'
            WHEN s.rep IS NULL THEN 'missing'
            WHEN s.submitted_at <= e.deadline THEN 'on_time'
            ELSE 'late' END AS status,
       coalesce(s.submitted_at <= e.deadline, false) AS on_time,
       s.months_forecast
FROM expected e
LEFT JOIN submissions s ON s.rep = e.rep AND s.review_month = e.review_month
WHERE ($date_from IS NULL OR e.period_start >= $date_from)
  AND ($date_to IS NULL OR e.period_start <= $date_to)
  AND ($drill_period IS NULL OR e.period_start = CAST($drill_period AS DATE))
  AND ($drill_scope IS NULL OR e.scope = $drill_scope)
ORDER BY e.review_month, e.region, e.rep
