-- M14 Submission discipline of weekly calls: on-time calls / expected calls (active reps × weeks),
-- per period of the week's Monday and scope; a missing call counts as late, and only calls
-- already due count (before its deadline nobody is late or missing). The rep-weeks are those of
-- m14_rows.sql, from the one table macro expected_calls (sql/derived/macros/), so that the list
-- behind a number always adds up to it. Roll-ups add both counts first.
WITH rolled AS (
    SELECT period_start, scope,
           count(*) FILTER (WHERE status = 'on_time') AS on_time,
           count(*) FILTER (WHERE status <> 'not_due') AS expected,
           count(*) FILTER (WHERE status = 'late') AS late,
           count(*) FILTER (WHERE status = 'missing') AS missing
    FROM expected_calls($as_of, $by, $grain, $m0, $deadline_weekday, $deadline_hour, $regions,
                        $reps, $now, $date_from, $date_to)
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
