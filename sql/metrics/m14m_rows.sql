-- The rep-months behind M14m: one row per active rep and expected review month, with the time of
-- the rep's submission if any and its status (not_due, on_time, late, missing), from the table
-- macro expected_forecasts (sql/derived/macros/), which m14m.sql counts. $drill_period (a period
-- start at $grain) and $drill_scope (read with $by) narrow the rows.
SELECT rep, rep_name, region, scope, review_month, period_start,
       period_label(period_start, $grain, $m0) AS period,
       deadline, submitted_at, status, on_time, months_forecast
FROM expected_forecasts($as_of, $by, $grain, $m0, $deadline_weekday, $deadline_hour, $regions,
                        $reps, $now, $date_from, $date_to)
WHERE ($drill_period IS NULL OR period_start = CAST($drill_period AS DATE))
  AND ($drill_scope IS NULL OR scope = $drill_scope)
ORDER BY review_month, region, rep
