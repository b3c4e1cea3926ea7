-- The rep-weeks behind M14 (weekly-call discipline): one row per active rep and expected week,
-- with the rep's call if any. Expected weeks run from the first week with any call in the store
-- to the week of $as_of (default: the latest week with any call); a rep is expected in a week when
-- active on its Monday (active_from/active_to, NULL = open). The deadline is $deadline_hour:00 on
-- the latest weekday $deadline_weekday (0 = Monday) on or before the week's Monday.
-- status: not_due (the deadline is after $now: nobody is judged yet), on_time (submitted_at <=
-- deadline), late, or missing. $drill_period (a period start at
-- $grain) and $drill_scope (read with $by) narrow the rows; NULL = every period in range / scope.
WITH calls_1 AS (
    SELECT * FROM calls_current  -- the call that counts per rep and week (sql/derived/)
),
span AS (
    SELECT min(week_start) AS first_week,
           coalesce(week_monday(CAST($as_of AS DATE)), max(week_start)) AS last_week
    FROM calls_1
),
weeks AS (
    SELECT CAST(t.w AS DATE) AS week_start
    FROM span, range(span.first_week, span.last_week + 1, INTERVAL 7 DAY) AS t(w)
),
expected AS (
    SELECT r.rep, r.name AS rep_name, r.region, scope_of(r.rep, r.region, $by) AS scope,
           w.week_start, period_start(w.week_start, $grain, $m0) AS period_start,
           CAST(w.week_start AS TIMESTAMP)
               - to_days(CAST((7 - $deadline_weekday) % 7 AS INTEGER))
               + to_hours(CAST($deadline_hour AS INTEGER)) AS deadline
    FROM weeks w
    JOIN rep_current r
      ON (r.active_from IS NULL OR r.active_from <= w.week_start)
     AND (r.active_to IS NULL OR r.active_to >= w.week_start)
    WHERE in_filter(r.rep, r.region, $regions, $reps)
)
SELECT e.rep, e.rep_name, e.region, e.scope, e.week_start, e.period_start,
       period_label(e.period_start, $grain, $m0) AS period,
       e.deadline,
       c.submitted_at,
       CASE WHEN e.deadline > CAST($now AS TIMESTAMP) THEN 'not_due'
            WHEN c.rep IS NULL THEN 'missing'
            WHEN c.submitted_at <= e.deadline THEN 'on_time'
            ELSE 'late' END AS status,
       coalesce(c.submitted_at <= e.deadline, false) AS on_time,
       c.commit_amount AS commit,
       c.upside,
       c.month_forecast,
       c.month_upside,
       c.quarter_forecast,
       c.quarter_upside
FROM expected e
LEFT JOIN calls_1 c ON c.rep = e.rep AND c.week_start = e.week_start
WHERE ($date_from IS NULL OR e.period_start >= $date_from)
  AND ($date_to IS NULL OR e.period_start <= $date_to)
  AND ($drill_period IS NULL OR e.period_start = CAST($drill_period AS DATE))
  AND ($drill_scope IS NULL OR e.scope = $drill_scope)
ORDER BY e.week_start, e.region, e.rep
