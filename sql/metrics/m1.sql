-- M1 Commit accuracy and M1h Commit hit rate, per period (by the Monday of each call week) and scope.
-- A rep-week counts only when the rep submitted a call for it; its actual is the rep's actual
-- bookings of that Monday-to-Sunday week. Roll-ups add actual and commit (M1) and the accurate
-- and called rep-weeks (M1h) before dividing. Unavailable ratios are NULL.
WITH called AS (
    SELECT c.rep, d.region, c.week_start, c.commit_amount,
           period_start(c.week_start, $grain, $m0) AS period_start
    FROM calls_current c  -- the call that counts per rep and week (sql/derived/)
    JOIN rep_current d ON d.rep = c.rep
    WHERE in_filter(c.rep, d.region, $regions, $reps)
),
in_range AS (
    SELECT * FROM called
    WHERE ($date_from IS NULL OR period_start >= $date_from)
      AND ($date_to IS NULL OR period_start <= $date_to)
),
week_actual AS (
    -- actual bookings per rep and week (week_actuals, sql/derived/)
    SELECT a.rep, a.week_start, a.actual
    FROM week_actuals a
    WHERE a.week_start >= (SELECT min(week_start) FROM in_range)
      AND a.week_start <= (SELECT max(week_start) FROM in_range)
      AND a.rep IN (SELECT rep FROM in_range)
),
rep_week AS (
    SELECT r.period_start,
           scope_of(r.rep, r.region, $by) AS scope,
           r.commit_amount AS commit,
           coalesce(a.actual, 0) AS actual,
           CASE WHEN r.commit_amount > 0 THEN coalesce(a.actual, 0) / r.commit_amount END AS accuracy
    FROM in_range r
    LEFT JOIN week_actual a ON a.rep = r.rep AND a.week_start = r.week_start
),
rolled AS (
    SELECT period_start, scope,
           sum(actual) AS actual,
           sum(commit) AS commit,
           count(*) AS calls,
           count(*) FILTER (WHERE accuracy BETWEEN $m1_accurate_low AND $m1_accurate_high) AS accurate_weeks,
           count(*) FILTER (WHERE commit > 0) AS called_weeks,
           count(*) FILTER (WHERE accuracy < $m1_accurate_low) AS over_committed_weeks,
           count(*) FILTER (WHERE accuracy > $m1_accurate_high) AS under_called_weeks,
           count(*) FILTER (WHERE commit = 0 AND actual > 0) AS uncommitted_win_weeks
    FROM rep_week
    GROUP BY ALL
)
SELECT period_start,
       period_label(period_start, $grain, $m0) AS period,
       scope,
       CASE WHEN commit > 0 THEN actual / commit END AS accuracy,
       actual,
       commit,
       CASE
           WHEN commit > 0 AND actual / commit < $m1_accurate_low THEN 'over_committed'
           WHEN commit > 0 AND actual / commit > $m1_accurate_high THEN 'under_called'
           WHEN commit > 0 THEN 'accurate'
           WHEN actual > 0 THEN 'uncommitted_wins'
           ELSE 'not_applicable'
       END AS status,
       calls,
       CASE WHEN called_weeks > 0 THEN accurate_weeks / called_weeks END AS hit_rate,
       accurate_weeks,
       called_weeks,
       over_committed_weeks,
       under_called_weeks,
       uncommitted_win_weeks
FROM rolled
