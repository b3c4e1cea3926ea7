-- M14m Submission discipline of monthly 12-month forecasts: on-time submissions / expected
-- submissions (active reps × review months), per period of the review month and scope (a week
-- grain is read as month). Expected review months run from the first review month in the store
-- to the month of $as_of (default: the latest review month stored). A submission is a rep's rows
-- for one review month; its time is the earliest submitted_at among them. It is on time when that
-- is no later than $deadline_hour:00 on the first weekday $deadline_weekday (0 = Monday) of the
-- review month; a rep is expected when active on that day. Missing counts as late.
WITH submissions AS (
    SELECT rep, review_month, submitted_at FROM forecast_submissions  -- sql/derived/
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
    SELECT r.rep, scope_of(r.rep, r.region, $by) AS scope, m.review_month,
           period_start(m.review_month, $grain, $m0) AS period_start,
           CAST(m.deadline_day AS TIMESTAMP) + to_hours(CAST($deadline_hour AS INTEGER)) AS deadline
    FROM months m
    JOIN rep_current r
      ON (r.active_from IS NULL OR r.active_from <= m.deadline_day)
     AND (r.active_to IS NULL OR r.active_to >= m.deadline_day)
    WHERE in_filter(r.rep, r.region, $regions, $reps)
),
rolled AS (
    SELECT e.period_start, e.scope,
           -- only submissions already due count: before its deadline nobody is late or missing
           count(*) FILTER (WHERE e.deadline <= CAST($now AS TIMESTAMP)
                              AND s.submitted_at <= e.deadline) AS on_time,
           count(*) FILTER (WHERE e.deadline <= CAST($now AS TIMESTAMP)) AS expected,
           count(*) FILTER (WHERE e.deadline <= CAST($now AS TIMESTAMP)
                              AND s.submitted_at > e.deadline) AS late,
           count(*) FILTER (WHERE e.deadline <= CAST($now AS TIMESTAMP) AND s.rep IS NULL) AS missing
    FROM expected e
    LEFT JOIN submissions s ON s.rep = e.rep AND s.review_month = e.review_month
    WHERE ($date_from IS NULL OR e.period_start >= $date_from)
      AND ($date_to IS NULL OR e.period_start <= $date_to)
    GROUP BY ALL
)
SELECT period_start,
       period_label(period_start, $grain, $m0) AS period,
       scope,
       CASE WHEN expected > 0 THEN on_time / expected END AS value,
       on_time,
       expected,
       late,
       missing
FROM rolled
