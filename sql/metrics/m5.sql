-- M5 Commit quality, per week from the snapshot as of the week's Monday (the latest snapshot on or
-- before that Monday, at most $max_age days old; otherwise the week is unavailable). Months and
-- quarters add the deal-weeks of the weeks whose Monday they contain.
-- A commit deal is "complete" when all five checklist items are true and its stage is at least
-- the commit-eligible stage. The share is taken over the commit deals whose snapshot row carries
-- the checklist at all (at least one item not NULL); a NULL item of such a row counts as false.
WITH snap_dates AS (
    SELECT snapshot_date AS snap FROM snapshot_index
),
span AS (
    SELECT week_monday(min(snap) + 6) AS first_monday, max(snap) + $max_age AS last_day FROM snap_dates
),
mondays AS (
    SELECT CAST(m AS DATE) AS monday
    FROM span, range(span.first_monday, span.last_day + 1, INTERVAL 7 DAY) AS t(m)
),
as_of AS (
    SELECT m.monday,
           CASE WHEN date_diff('day', d.snap, m.monday) <= $max_age THEN d.snap END AS snap
    FROM mondays m
    ASOF LEFT JOIN snap_dates d ON m.monday >= d.snap
),
weeks_in AS (
    SELECT monday, snap, period_start(monday, $grain, $m0) AS period_start
    FROM as_of
    WHERE ($date_from IS NULL OR period_start(monday, $grain, $m0) >= $date_from)
      AND ($date_to IS NULL OR period_start(monday, $grain, $m0) <= $date_to)
),
deals AS (
    -- snapshot_summary (sql/derived/): deals per rep, category, stage and checklist state
    SELECT w.monday, scope_of(s.rep, d.region, $by) AS scope, s.forecast_category, s.stage,
           s.amount, s.deals, s.checked, s.checklist_items
    FROM snapshot_summary s
    JOIN weeks_in w ON w.snap = s.snapshot_date
    JOIN rep_current d ON d.rep = s.rep
    WHERE s.snapshot_date IN (SELECT snap FROM weeks_in)
      AND s.forecast_category IN ('commit', 'upside')
      AND in_filter(s.rep, d.region, $regions, $reps)
),
deal_weeks AS (
    SELECT monday, scope,
           CAST(sum(deals) FILTER (WHERE forecast_category = 'commit') AS BIGINT) AS commit_deals,
           sum(amount) FILTER (WHERE forecast_category = 'commit') AS commit_amount,
           CAST(sum(deals) FILTER (WHERE forecast_category = 'commit' AND checked) AS BIGINT)
               AS checked_commits,
           CAST(sum(deals) FILTER (
               WHERE forecast_category = 'commit' AND checked AND checklist_items = 5
                 AND stage >= $eligible_stage
           ) AS BIGINT) AS complete_commits,
           sum(deals * checklist_items / 5) FILTER (WHERE forecast_category = 'commit' AND checked)
               AS checklist_share_sum,
           CAST(sum(deals) FILTER (WHERE forecast_category = 'commit' AND stage < $eligible_stage)
               AS BIGINT) AS weak_commits,
           CAST(sum(deals) FILTER (WHERE forecast_category = 'upside' AND stage >= $eligible_stage)
               AS BIGINT) AS should_be_commits
    FROM deals
    GROUP BY ALL
),
active_scopes AS (
    SELECT DISTINCT w.monday, scope_of(r.rep, r.region, $by) AS scope
    FROM weeks_in w
    JOIN rep_current r
      ON (r.active_from IS NULL OR r.active_from <= w.monday)
     AND (r.active_to IS NULL OR r.active_to >= w.monday)
    WHERE in_filter(r.rep, r.region, $regions, $reps)
),
scope_weeks AS (
    SELECT coalesce(a.monday, dw.monday) AS monday, coalesce(a.scope, dw.scope) AS scope,
           dw.* EXCLUDE (monday, scope)
    FROM active_scopes a
    FULL OUTER JOIN deal_weeks dw ON dw.monday = a.monday AND dw.scope = a.scope
),
rolled AS (
    SELECT w.period_start, sw.scope,
           coalesce(sum(sw.complete_commits), 0) AS complete_commits,
           coalesce(sum(sw.checked_commits), 0) AS checked_commits,
           coalesce(sum(sw.commit_deals), 0) AS commit_deals,
           coalesce(sum(sw.commit_amount), 0) AS commit_amount,
           sum(sw.checklist_share_sum) AS checklist_share_sum,
           coalesce(sum(sw.weak_commits), 0) AS weak_commits,
           coalesce(sum(sw.should_be_commits), 0) AS should_be_commits,
           max(w.snap) AS snapshot_date
    FROM scope_weeks sw
    JOIN weeks_in w ON w.monday = sw.monday
    GROUP BY ALL
)
SELECT period_start,
       period_label(period_start, $grain, $m0) AS period,
       scope,
       CASE WHEN checked_commits > 0 THEN complete_commits / checked_commits END AS value,
       CASE WHEN snapshot_date IS NOT NULL THEN complete_commits END AS complete_commits,
       CASE WHEN snapshot_date IS NOT NULL THEN checked_commits END AS checked_commits,
       CASE WHEN checked_commits > 0 THEN checklist_share_sum / checked_commits END
           AS mean_checklist_share,
       CASE WHEN snapshot_date IS NOT NULL THEN commit_deals END AS commit_deals,
       CASE WHEN snapshot_date IS NOT NULL THEN commit_amount END AS commit_amount,
       CASE WHEN snapshot_date IS NOT NULL THEN weak_commits END AS weak_commits,
       CASE WHEN snapshot_date IS NOT NULL THEN should_be_commits END AS should_be_commits,
       snapshot_date
FROM rolled
