-- M14 Submission discipline of weekly calls: on-time calls / expected calls (active reps × weeks),
-- per period of the week's Monday and scope; a missing call counts as late. Expected weeks, the
-- activity rule and the deadline are those of m14_rows.sql. Roll-ups add both counts first.
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
    SELECT r.rep, scope_of(r.rep, r.region, $by) AS scope,
           w.week_start, period_start(w.week_start, $grain, $m0) AS period_start,
           CAST(w.week_start AS TIMESTAMP)
               - to_days(CAST((7 - $deadline_weekday) % 7 AS INTEGER))
               + to_hours(CAST($deadline_hour AS INTEGER)) AS deadline
    FROM weeks w
    JOIN rep_current r
      ON (r.active_from IS NULL OR r.active_from <= w.week_start)
     AND (r.active_to IS NULL OR r.active_to >= w.week_start)
    WHERE in_filter(r.rep, r.region, $regions, $reps)
),
rolled AS (
    SELECT e.period_start, e.scope,
           -- only submissions already due count: before its deadline nobody is late or missing
           count(*) FILTER (WHERE e.deadline <= CAST($now AS TIMESTAMP)
                              AND c.submitted_at <= e.deadline) AS on_time,
           count(*) FILTER (WHERE e.deadline <= CAST($now AS TIMESTAMP)) AS expected,
           count(*) FILTER (WHERE e.deadline <= CAST($now AS TIMESTAMP)
                              AND c.submitted_at > e.deadline) AS late,
           count(*) FILTER (WHERE e.deadline <= CAST($now AS TIMESTAMP) AND c.rep IS NULL) AS missing
    FROM expected e
    LEFT JOIN calls_1 c ON c.rep = e.rep AND c.week_start = e.week_start
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
