-- The rep-months behind M14m (monthly-forecast discipline), shared by sql/metrics/m14m.sql (the
-- number) and m14m_rows.sql (the list behind it), so that the two cannot drift apart: one row per
-- active rep and expected review month, with the rep's submission if any. Expected review months
-- run from the first review month in the store to the month of as_of (NULL: the latest review
-- month stored). A submission is a rep's rows for one review month; its time is the earliest
-- submitted_at among them (forecast_submissions, sql/derived/). Its deadline is
-- deadline_hour:00 on the first weekday deadline_weekday (0 = Monday) of the review month; a rep
-- is expected when active on that day. status: not_due (deadline after moment), on_time,
-- late, or missing. Rows whose period (at grain, fiscal start m0) starts outside
-- [date_from, date_to] are left out; scope is the rep, region or 'company' (scope_by).
CREATE OR REPLACE MACRO expected_forecasts(
    as_of, scope_by, grain, m0, deadline_weekday, deadline_hour, regions, reps, moment,
    date_from, date_to
) AS TABLE
WITH stored AS (
    SELECT min(review_month) AS first_month, max(review_month) AS latest_month
    FROM forecast_submissions
),
span AS (
    SELECT first_month,
           coalesce(CAST(date_trunc('month', CAST(as_of AS DATE)) AS DATE), latest_month)
               AS last_month
    FROM stored
),
months AS (
    SELECT CAST(t.m AS DATE) AS review_month,
           CAST(t.m AS DATE)
               + CAST((7 + deadline_weekday - (isodow(CAST(t.m AS DATE)) - 1)) % 7 AS INTEGER)
               AS deadline_day
    FROM span, range(span.first_month, span.last_month + INTERVAL 1 DAY, INTERVAL 1 MONTH) AS t(m)
),
expected AS (
    SELECT r.rep, r.name AS rep_name, r.region, scope_of(r.rep, r.region, scope_by) AS scope,
           m.review_month, period_start(m.review_month, grain, m0) AS period_start,
           CAST(m.deadline_day AS TIMESTAMP) + to_hours(CAST(deadline_hour AS INTEGER)) AS deadline
    FROM months m
    JOIN rep_current r
      ON (r.active_from IS NULL OR r.active_from <= m.deadline_day)
     AND (r.active_to IS NULL OR r.active_to >= m.deadline_day)
    WHERE in_filter(r.rep, r.region, regions, reps)
)
SELECT e.rep, e.rep_name, e.region, e.scope, e.review_month, e.period_start,
       e.deadline,
       s.submitted_at,
       submission_status(e.deadline, s.submitted_at, moment) AS status,
       coalesce(s.submitted_at <= e.deadline, false) AS on_time,
       s.months_forecast
FROM expected e
LEFT JOIN forecast_submissions s ON s.rep = e.rep AND s.review_month = e.review_month
WHERE (date_from IS NULL OR e.period_start >= date_from)
  AND (date_to IS NULL OR e.period_start <= date_to)
