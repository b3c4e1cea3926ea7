-- M2 Commit linearity: commit call of the week / (stretch target of the week's fiscal quarter / 13).
-- With $linear_by = 'working_days' the week's linear share is the quarter's stretch target × the
-- week's working days (Monday to Sunday) / the working days of the quarter (settings).
-- The weeks are those with at least one call in the store (any rep), grouped into the period of
-- their Monday. A scope's commit of a week is the sum of its reps' calls (a missing call adds 0);
-- its linear share comes from scope_targets (own target row, else the sum of what it contains).
-- For months and quarters, commits and linear shares of the weeks add up before dividing; the
-- share is unavailable when a week of the period has no stretch target for its quarter.
WITH weeks AS (
    SELECT DISTINCT week_start, period_start(week_start, $grain, $m0) AS period_start
    FROM calls
    WHERE coalesce(scope_type, 'rep') = 'rep'
),
weeks_in AS (
    SELECT * FROM weeks
    WHERE ($date_from IS NULL OR period_start >= $date_from)
      AND ($date_to IS NULL OR period_start <= $date_to)
),
quarter_stretch AS (
    SELECT scope, fiscal_quarter_start(month, $m0) AS quarter_start,
           sum(stretch_target) AS stretch_quarter
    FROM scope_targets($by, $regions, $reps)
    GROUP BY ALL
),
shares AS (
    SELECT w.week_start, t.scope, t.stretch_quarter,
           CASE WHEN $linear_by = 'working_days'
                THEN CAST(t.stretch_quarter AS DOUBLE)
                     * working_days(w.week_start, w.week_start + 7, $working_weekdays,
                                    CAST($holidays AS DATE[]))
                     / nullif(working_days(t.quarter_start, t.quarter_start + INTERVAL 3 MONTH,
                                           $working_weekdays, CAST($holidays AS DATE[])), 0)
                ELSE CAST(t.stretch_quarter AS DOUBLE) / 13
           END AS linear_share
    FROM weeks_in w
    JOIN quarter_stretch t ON t.quarter_start = fiscal_quarter_start(w.week_start, $m0)
),
calls_in AS (
    SELECT c.week_start, scope_of(c.rep, d.region, $by) AS scope, c.commit_amount, c.upside
    FROM calls_current c  -- the call that counts per rep and week (sql/derived/)
    JOIN rep_current d ON d.rep = c.rep
    WHERE in_filter(c.rep, d.region, $regions, $reps)
      AND c.week_start IN (SELECT week_start FROM weeks_in)
),
commits AS (
    SELECT week_start, scope, sum(commit_amount) AS commit, sum(upside) AS upside,
           count(*) AS calls
    FROM calls_in
    GROUP BY ALL
),
scope_weeks AS (
    SELECT coalesce(s.week_start, c.week_start) AS week_start,
           coalesce(s.scope, c.scope) AS scope,
           coalesce(c.commit, 0) AS commit,
           coalesce(c.upside, 0) AS upside,
           coalesce(c.calls, 0) AS calls,
           s.linear_share,
           s.stretch_quarter
    FROM shares s
    FULL OUTER JOIN commits c ON c.week_start = s.week_start AND c.scope = s.scope
),
rolled AS (
    SELECT period_start(week_start, $grain, $m0) AS period_start, scope,
           sum(commit) AS commit,
           sum(upside) AS upside,
           CASE WHEN count(linear_share) = count(*) THEN sum(linear_share) END AS linear_share,
           max(stretch_quarter) AS stretch_quarter,
           sum(calls) AS calls
    FROM scope_weeks
    GROUP BY ALL
)
SELECT period_start,
       period_label(period_start, $grain, $m0) AS period,
       scope,
       CASE WHEN linear_share > 0 THEN commit / linear_share END AS value,
       commit,
       linear_share,
       CASE WHEN linear_share > 0 THEN upside / linear_share END AS upside_linearity,
       upside,
       stretch_quarter,
       calls
FROM rolled
