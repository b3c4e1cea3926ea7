-- The rep-weeks behind M14 (weekly-call discipline): one row per active rep and expected week,
-- with the rep's call if any and its status (not_due, on_time, late, missing). The rows, the
-- expected weeks, the activity rule and the deadline are those of the table macro
-- expected_calls (sql/derived/macros/), which m14.sql counts. $drill_period (a period start at
-- $grain) and $drill_scope (read with $by) narrow the rows; NULL = every period in range / scope.
SELECT rep, rep_name, region, scope, week_start, period_start,
       period_label(period_start, $grain, $m0) AS period,
       deadline, submitted_at, status, on_time,
       commit, upside, month_forecast, month_upside, quarter_forecast, quarter_upside
FROM expected_calls($as_of, $by, $grain, $m0, $deadline_weekday, $deadline_hour, $regions, $reps,
                    $now, $date_from, $date_to)
WHERE ($drill_period IS NULL OR period_start = CAST($drill_period AS DATE))
  AND ($drill_scope IS NULL OR scope = $drill_scope)
ORDER BY week_start, region, rep
