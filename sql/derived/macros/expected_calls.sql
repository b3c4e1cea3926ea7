-- The rep-weeks behind M14 (weekly-call discipline), shared by sql/metrics/m14.sql (the number)
-- and m14_rows.sql (the list behind it), so that the two cannot drift apart: one row per active
-- rep and expected week, with the rep's call if any. Expected weeks run from the first week with
-- any call in the store to the week of as_of (NULL: the latest week with any call); a rep is
-- expected in a week when active on its Monday (active_from/active_to, NULL = open). The deadline
-- is deadline_hour:00 on the latest weekday deadline_weekday (0 = Monday) on or before the week's
-- Monday. status: not_due (the deadline is after moment: nobody is judged yet), on_time
-- (submitted_at <= deadline), late, or missing. Rows whose period (at grain, fiscal start m0)
-- starts outside [date_from, date_to] are left out; scope is the rep, region or 'company' (scope_by).
CREATE OR REPLACE MACRO expected_calls(
    as_of, scope_by, grain, m0, deadline_weekday, deadline_hour, regions, reps, moment,
    date_from, date_to
) AS TABLE
WITH stored AS (
    SELECT min(week_start) AS first_week, max(week_start) AS latest_week
    FROM calls_current  -- the call that counts per rep and week (sql/derived/)
),
span AS (
    SELECT first_week, coalesce(week_monday(CAST(as_of AS DATE)), latest_week) AS last_week
    FROM stored
),
weeks AS (
    SELECT CAST(t.w AS DATE) AS week_start
    FROM span, range(span.first_week, span.last_week + 1, INTERVAL 7 DAY) AS t(w)
),
expected AS (
    SELECT r.rep, r.name AS rep_name, r.region, scope_of(r.rep, r.region, scope_by) AS scope,
           w.week_start, period_start(w.week_start, grain, m0) AS period_start,
           CAST(w.week_start AS TIMESTAMP)
               - to_days(CAST((7 - deadline_weekday) % 7 AS INTEGER))
               + to_hours(CAST(deadline_hour AS INTEGER)) AS deadline
    FROM weeks w
    JOIN rep_current r
      ON (r.active_from IS NULL OR r.active_from <= w.week_start)
     AND (r.active_to IS NULL OR r.active_to >= w.week_start)
    WHERE in_filter(r.rep, r.region, regions, reps)
)
SELECT e.rep, e.rep_name, e.region, e.scope, e.week_start, e.period_start,
       e.deadline,
       c.submitted_at,
       submission_status(e.deadline, c.submitted_at, moment) AS status,
       coalesce(c.submitted_at <= e.deadline, false) AS on_time,
       c.commit_amount AS commit,
       c.upside,
       c.month_forecast,
       c.month_upside,
       c.quarter_forecast,
       c.quarter_upside
FROM expected e
LEFT JOIN calls_current c ON c.rep = e.rep AND c.week_start = e.week_start
WHERE (date_from IS NULL OR e.period_start >= date_from)
  AND (date_to IS NULL OR e.period_start <= date_to)
