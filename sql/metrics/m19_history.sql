-- M19 Quarter projection, the history it is calibrated on: every open deal (0 < stage < 100,
-- category commit, upside or pipeline) of every snapshot S' in a fiscal quarter that began before
-- $until's quarter (so that the quarter has ended), whose close_date lies in S''s own quarter,
-- with what became of it by that quarter's end: won (its first actual booking, won_deals, dated
-- from S' to the quarter's last day), lost (a snapshot up to the quarter's last day shows it
-- lost, deal_facts) or neither (it slipped out of the quarter, or is still open). Added up per
-- snapshot, scope and ladder stage: deals, won and lost deals, open amount and the snapshot amount
-- of the deals won. Only bookings and snapshots dated before $until's quarter are read for the
-- outcome, so a projection made at a snapshot of that quarter never sees its own future. With
-- $week, only the snapshots within $window weeks of that week of quarter (what one projection
-- reads; the backtest reads every week once).
WITH snaps AS (
    -- the past snapshots read, with their quarter's bounds (joined, not computed per deal row)
    SELECT snapshot_date, fiscal_quarter_start(snapshot_date, $m0) AS quarter_start,
           CAST(fiscal_quarter_start(snapshot_date, $m0) + INTERVAL 3 MONTH AS DATE) AS quarter_end
    FROM snapshot_index
    WHERE snapshot_date < fiscal_quarter_start(CAST($until AS DATE), $m0)
      AND ($week IS NULL OR abs(week_of_quarter(snapshot_date, $m0) - $week) <= $window)
),
obs AS (
    SELECT h.snapshot_date, h.opportunity_id, CAST(h.amount AS DOUBLE) AS amount,
           x.quarter_start, x.quarter_end,
           scope_of(h.rep, d.region, $by) AS scope,
           CASE WHEN h.stage >= 90 THEN 90 WHEN h.stage >= 80 THEN 80 WHEN h.stage >= 70 THEN 70
                WHEN h.stage >= 60 THEN 60 WHEN h.stage >= 50 THEN 50 WHEN h.stage >= 25 THEN 25
                ELSE 0 END AS ladder_stage
    FROM deal_history h
    JOIN snaps x ON x.snapshot_date = h.snapshot_date
    JOIN rep_current d ON d.rep = h.rep
    WHERE h.stage > 0 AND h.stage < 100
      AND h.close_date >= x.quarter_start AND h.close_date < x.quarter_end
      AND h.forecast_category IN ('commit', 'upside', 'pipeline')
      AND in_filter(h.rep, d.region, $regions, $reps)
),
judged AS (
    SELECT o.*,
           coalesce(w.closed_on >= o.snapshot_date AND w.closed_on < o.quarter_end, false) AS won,
           coalesce(f.lost_on > o.snapshot_date AND f.lost_on < o.quarter_end, false) AS lost
    FROM obs o
    -- only deals that closed before $until's quarter can count: a smaller hash table to probe
    LEFT JOIN (
        SELECT opportunity_id, closed_on FROM won_deals
        WHERE closed_on < fiscal_quarter_start(CAST($until AS DATE), $m0)
    ) w ON w.opportunity_id = o.opportunity_id
    LEFT JOIN (
        SELECT opportunity_id, lost_on FROM deal_facts
        WHERE lost_on < fiscal_quarter_start(CAST($until AS DATE), $m0)
    ) f ON f.opportunity_id = o.opportunity_id
)
SELECT quarter_start, snapshot_date, week_of_quarter(snapshot_date, $m0) AS week, scope,
       ladder_stage,
       count(*) AS deals,
       count(*) FILTER (WHERE won) AS won,
       count(*) FILTER (WHERE lost AND NOT won) AS lost,
       sum(amount) AS amount,
       coalesce(sum(amount) FILTER (WHERE won), 0) AS won_amount
FROM judged
GROUP BY ALL
ORDER BY snapshot_date, scope, ladder_stage
