-- M14m Submission discipline of monthly 12-month forecasts: on-time submissions / expected
-- submissions (active reps × review months), per period of the review month and scope (a week
-- grain is read as month); missing counts as late, and only submissions already due count. The
-- rep-months are those of m14m_rows.sql, from the one table macro expected_forecasts
-- (sql/derived/macros/: span of review months, deadline, activity rule), so that the list behind
-- a number always adds up to it.
WITH rolled AS (
    SELECT period_start, scope,
           count(*) FILTER (WHERE status = 'on_time') AS on_time,
           count(*) FILTER (WHERE status <> 'not_due') AS expected,
           count(*) FILTER (WHERE status = 'late') AS late,
           count(*) FILTER (WHERE status = 'missing') AS missing
    FROM expected_forecasts($as_of, $by, $grain, $m0, $deadline_weekday, $deadline_hour,
                            $regions, $reps, $now, $date_from, $date_to)
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
